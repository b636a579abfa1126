"""Courses, the code judge and olympiads (see issues 7 and 8; not built yet)."""
