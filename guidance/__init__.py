"""Career guidance and psychological support (see issue 9; not built yet)."""
