"""The checks of a course package's steps: every problem found, with the file it is in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lms.courses.errors import CourseInvalid
from models.i18n import N_, Message, message
from models.lms import (
    AUDIO,
    BLANKS,
    GLOSSARY,
    MATCHING,
    MULTIPLE,
    OPEN,
    ORDERING,
    SINGLE,
    STEP_KINDS,
    TASK,
    VIDEO,
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")
BLANK = re.compile(r"\{\{(.*?)\}\}")


@dataclass
class Problems:
    found: list[Message] = field(default_factory=list)

    def add(self, where: str, text: str, **values: Any) -> None:
        self.found.append(
            message(N_("{file}: {problem}"), file=where, problem=message(text, **values))
        )

    def raise_if_any(self) -> None:
        if self.found:
            raise CourseInvalid("course_invalid", self.found)


def texts_given(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    )


def check_step(root: Path, lesson: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    """Every problem of one step (but a text step's files, which the reader checks)."""
    rel = f"lessons/{lesson}/lesson.toml"
    kind = step.get("kind")
    if kind not in STEP_KINDS:
        problems.add(rel, N_("step {n}: unknown kind {kind}"), n=n, kind=str(kind))
    elif kind in (SINGLE, MULTIPLE):
        _check_choice(rel, n, step, problems)
    elif kind == BLANKS:
        _check_blanks(rel, n, step, problems)
    elif kind == ORDERING:
        _check_ordering(rel, n, step, problems)
    elif kind == MATCHING:
        _check_matching(rel, n, step, problems)
    elif kind in (VIDEO, AUDIO):
        _check_media(root, lesson, n, step, problems)
    elif kind == GLOSSARY:
        terms = step.get("terms")
        if (
            not isinstance(terms, list)
            or not terms
            or not all(
                isinstance(t, dict) and texts_given(t.get("term")) and texts_given(t.get("meaning"))
                for t in terms
            )
        ):
            problems.add(rel, N_("step {n}: a glossary lists terms, each with its meaning"), n=n)
    elif kind == OPEN and not texts_given(step.get("question")):
        problems.add(rel, N_("step {n}: an open question needs its question"), n=n)
    elif kind == TASK and not SLUG.match(str(step.get("task", ""))):
        problems.add(rel, N_("step {n}: task must name a task folder"), n=n)
    points = step.get("points", 0)
    if not isinstance(points, int) or isinstance(points, bool) or not 0 <= points <= 1000:
        problems.add(rel, N_("step {n}: points must be a whole number from 0 to 1000"), n=n)


def _check_choice(rel: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    options = step.get("options")
    if not texts_given(step.get("question")) or not isinstance(options, list) or len(options) < 2:
        problems.add(rel, N_("step {n}: a question and at least two options are needed"), n=n)
        return
    if not all(isinstance(o, dict) and isinstance(o.get("correct"), bool) for o in options):
        problems.add(rel, N_("step {n}: every option says correct = true or false"), n=n)
        return
    right = sum(bool(o["correct"]) for o in options)
    if step["kind"] == SINGLE and right != 1:
        problems.add(rel, N_("step {n}: a single choice has exactly one correct option"), n=n)
    if step["kind"] == MULTIPLE and right < 1:
        problems.add(rel, N_("step {n}: no option is correct"), n=n)


def _check_blanks(rel: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    answers = step.get("answers")
    text = step.get("text")
    if (
        not isinstance(text, dict)
        or not texts_given(text)
        or not isinstance(answers, list)
        or not answers
    ):
        problems.add(rel, N_("step {n}: fill in the blanks needs a text and answers"), n=n)
        return
    if not all(isinstance(a, list) and a and all(isinstance(x, str) for x in a) for a in answers):
        problems.add(rel, N_("step {n}: every blank has a list of accepted answers"), n=n)
        return
    for lang, value in text.items():
        if len(BLANK.findall(value)) != len(answers):
            problems.add(
                rel,
                N_("step {n} ({lang}): {marks} blanks in the text, {answers} in answers"),
                n=n,
                lang=lang,
                marks=len(BLANK.findall(value)),
                answers=len(answers),
            )


def _check_ordering(rel: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    items = step.get("items")
    if not texts_given(step.get("question")) or not isinstance(items, list) or len(items) < 2:
        problems.add(
            rel, N_("step {n}: a question and at least two items in their order are needed"), n=n
        )
    elif not all(texts_given(item) for item in items):
        problems.add(rel, N_("step {n}: every item gives its text"), n=n)


def _check_matching(rel: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    pairs = step.get("pairs")
    if not texts_given(step.get("question")) or not isinstance(pairs, list) or len(pairs) < 2:
        problems.add(rel, N_("step {n}: a question and at least two pairs are needed"), n=n)
    elif not all(
        isinstance(p, dict) and texts_given(p.get("left")) and texts_given(p.get("right"))
        for p in pairs
    ):
        problems.add(rel, N_("step {n}: every pair gives a left and a right text"), n=n)


MEDIA = {VIDEO: (".mp4", ".webm"), AUDIO: (".mp3", ".ogg")}


def _check_media(root: Path, lesson: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    rel = f"lessons/{lesson}/lesson.toml"
    file, url, captions = step.get("file"), step.get("url"), step.get("captions")
    folder = root / "lessons" / lesson
    if isinstance(url, str) and file is None:
        if not url.startswith("https://"):
            problems.add(rel, N_("step {n}: url must start with https://"), n=n)
    elif not isinstance(file, str) or not _in_folder(folder, file, MEDIA[step["kind"]]):
        kinds = ", ".join(MEDIA[step["kind"]])
        problems.add(
            rel,
            N_("step {n}: file must name a {kinds} file in the lesson folder"),
            n=n,
            kinds=kinds,
        )
    if captions is not None and not (
        isinstance(captions, str) and _in_folder(folder, captions, (".vtt",))
    ):
        problems.add(rel, N_("step {n}: captions must name a .vtt file in the lesson folder"), n=n)


def _in_folder(folder: Path, name: str, suffixes: tuple[str, ...]) -> bool:
    path = safe_path(name)
    return path is not None and path.suffix.lower() in suffixes and (folder / path).is_file()


def safe_path(name: str) -> PurePosixPath | None:
    """A relative path inside the package, or None for anything that could leave it."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts:
        return None
    return path
