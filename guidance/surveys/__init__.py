"""Assigning instruments to students, classes and grades, and students taking them."""
