"""A student's profile: every module's data about them in one place, as each reader may see it,
the "profile complete" checklist, and the inputs of the recommendations."""
