"""The timetable engine: a frozen Problem in, a Solution out (CP-SAT); a validator without it."""
