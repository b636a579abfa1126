"""The e-journal: register, attendance, grades and assessment rules (see issue 6; not built yet)."""
