"""assess layer (see DESIGN §3)."""
