"""gui layer (see DESIGN §3)."""
