"""Benchmark schools: a generator with planted timetables, and a harness that times the solver."""
