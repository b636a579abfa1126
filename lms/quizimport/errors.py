"""The quiz import's domain error: a stable code plus every problem, each with its place."""

from __future__ import annotations

from lms.courses.errors import CourseError


class QuizInvalid(CourseError):
    """A quiz file (or the lesson it would go to) with problems: nothing is imported."""
