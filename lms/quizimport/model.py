"""A quiz as read from a file, before it becomes steps of a lesson: questions with their places."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from lms.quizimport.steps import Notes
from models.i18n import N_, Message, message

IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": ".png",
    b"\xff\xd8\xff": ".jpg",
    b"GIF87a": ".gif",
    b"GIF89a": ".gif",
}
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_IMAGE = 5 << 20


@dataclass
class Question:
    """One question of the file: where it is, what it was, the step it becomes (None: left
    out) and what converting it found."""

    place: Message
    name: str
    source: str  # the question's type in the file (multichoice, truefalse, ...)
    step: dict[str, Any] | None
    notes: Notes = field(default_factory=Notes)
    category: str = ""


@dataclass
class Quiz:
    """The questions of a file in order, and the images they show (path in the lesson -> bytes)."""

    format: str  # "moodle" or "gift"
    questions: list[Question] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[Message] = field(default_factory=list)  # of the file as a whole

    @property
    def steps(self) -> list[dict[str, Any]]:
        return [q.step for q in self.questions if q.step is not None]

    def all_problems(self) -> list[Message]:
        """Every problem, each with its place: the file's, then the questions' in order."""
        found = list(self.problems)
        for q in self.questions:
            found += [placed(q.place, p) for p in q.notes.problems]
        return found

    def all_warnings(self) -> list[Message]:
        """Everything imported differently from the file, or left out, with its place."""
        return [placed(q.place, w) for q in self.questions for w in q.notes.warnings]


def placed(place: Message, problem: Message) -> Message:
    """A sentence with the place it is about: "line 12: ..." / "question 3 (Loops): ..."."""
    return message(N_("{place}: {problem}"), place=place, problem=problem)


def image_type(content: bytes) -> str | None:
    """The file extension of a PNG, JPEG, GIF or WebP image; None for anything else."""
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return ".webp"
    return next((ext for magic, ext in IMAGE_TYPES.items() if content.startswith(magic)), None)


def image_path(name: str, content: bytes, notes: Notes) -> str | None:
    """Where an image of a question is kept in the lesson folder (named by its content too, so
    a later import never replaces an earlier one's picture), or None (with a warning) when it is
    not an image we show."""
    ext = image_type(content)
    if ext is None or len(content) > MAX_IMAGE:
        notes.warn(
            N_("{name} is left out: only PNG, JPEG, GIF or WebP images up to 5 MB"), name=name
        )
        return None
    stem = SAFE_NAME.sub("-", name.rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip("-.")[:40] or "image"
    return f"quiz/{hashlib.sha1(content).hexdigest()[:8]}-{stem}{ext}"
