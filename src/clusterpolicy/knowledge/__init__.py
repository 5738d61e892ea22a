"""knowledge layer (see DESIGN §3)."""
