"""The timetable engine: a frozen Problem in, a Solution out (CP-SAT), and a validator without it."""
