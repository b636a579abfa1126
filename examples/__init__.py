"""Example schools: the demo school and small schools for tests, built in code."""
