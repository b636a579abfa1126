"""Absences and the day's cover plan, built on the solver (see issue 5; not built yet)."""
