"""io layer (see DESIGN §3)."""
