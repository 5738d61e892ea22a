"""report layer (see DESIGN §3)."""
