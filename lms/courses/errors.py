"""The courses' domain errors: a stable code plus the sentences that say why."""

from __future__ import annotations

from models.errors import StoreError


class CourseError(StoreError):
    """A request about courses the store refuses (wrong answer format, closed course...)."""


class CourseNotFound(CourseError):
    """The course, lesson or step does not exist in the viewer's school or is not open to them."""


class CourseInvalid(CourseError):
    """A course package with problems: every one is listed, with the file it is in."""
