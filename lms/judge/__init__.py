"""The code judge: task folders, languages, the sandbox, checkers and judging one submission."""
