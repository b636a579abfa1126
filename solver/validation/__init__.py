"""The parts of the independent validator; `solver.validate` is the entry point."""
