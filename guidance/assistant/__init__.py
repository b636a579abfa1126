"""The virtual expert (full-text questions over the atlas and admissions data) and the
specialists' assistant (profile summary, next steps, consultation note; an optional external
language model that never receives names or screening answers)."""
