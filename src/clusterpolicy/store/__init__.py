"""store layer (see DESIGN §3)."""
