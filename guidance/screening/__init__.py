"""Risk screening: cases opened by screenings, psychologists' notes and follow-ups, and help."""
