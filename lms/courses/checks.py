"""The checks of a course package's steps: every problem found, with the file it is in."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lms.courses.errors import CourseInvalid
from lms.courses.sniff import MAX_UPLOAD_MB, UPLOAD_TYPES, is_webvtt
from models.i18n import N_, Message, message
from models.lms import (
    AUDIO,
    BLANKS,
    GALLERY,
    GLOSSARY,
    MATCHING,
    MULTIPLE,
    OPEN,
    ORDERING,
    SINGLE,
    STEP_KINDS,
    TASK,
    UPLOAD,
    VIDEO,
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")
BLANK = re.compile(r"\{\{(.*?)\}\}")


@dataclass
class Problems:
    """Every problem found, each as "file: problem"; `parts` names the step's field it is about
    (the editor shows it beside that field; the package import lists them all)."""

    found: list[Message] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    said: list[Message] = field(default_factory=list)  # the problems without their file

    def add(self, where: str, text: str, *, part: str = "", **values: Any) -> None:
        problem = message(text, **values)
        self.found.append(message(N_("{file}: {problem}"), file=where, problem=problem))
        self.parts.append(part)
        self.said.append(problem)

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
        problems.add(rel, N_("step {n}: unknown kind {kind}"), n=n, kind=str(kind), part="kind")
    elif kind in CHECKS:
        CHECKS[kind](rel, n, step, problems)
    elif kind in (VIDEO, AUDIO):
        _check_media(root, lesson, n, step, problems)
    elif kind == GALLERY:
        _check_gallery(root, lesson, n, step, problems)
    points = step.get("points", 0)
    if not isinstance(points, int) or isinstance(points, bool) or not 0 <= points <= 1000:
        problems.add(
            rel, N_("step {n}: points must be a whole number from 0 to 1000"), n=n, part="points"
        )


def _check_choice(rel: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    options = step.get("options")
    if not texts_given(step.get("question")) or not isinstance(options, list) or len(options) < 2:
        problems.add(
            rel, N_("step {n}: a question and at least two options are needed"), n=n, part="options"
        )
        return
    if not all(isinstance(o, dict) and isinstance(o.get("correct"), bool) for o in options):
        problems.add(
            rel, N_("step {n}: every option says correct = true or false"), n=n, part="options"
        )
        return
    if not all(texts_given(option_text(o)) for o in options):
        problems.add(rel, N_("step {n}: every option gives its text"), n=n, part="options")
    if not all("why" not in o or texts_given(o["why"]) for o in options):
        problems.add(
            rel,
            N_("step {n}: an option's why = ... gives the text by language"),
            n=n,
            part="options",
        )
    right = sum(bool(o["correct"]) for o in options)
    if step["kind"] == SINGLE and right != 1:
        problems.add(
            rel, N_("step {n}: a single choice has exactly one correct option"), n=n, part="options"
        )
    if step["kind"] == MULTIPLE and right < 1:
        problems.add(rel, N_("step {n}: no option is correct"), n=n, part="options")


def option_text(option: dict[str, Any]) -> dict[str, Any]:
    """An option's texts by language (without `correct` and its explanation `why`)."""
    return {k: v for k, v in option.items() if k not in ("correct", "why")}


def _check_blanks(rel: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    answers = step.get("answers")
    text = step.get("text")
    if (
        not isinstance(text, dict)
        or not texts_given(text)
        or not isinstance(answers, list)
        or not answers
    ):
        problems.add(
            rel, N_("step {n}: fill in the blanks needs a text and answers"), n=n, part="text"
        )
        return
    if not all(isinstance(a, list) and a and all(isinstance(x, str) for x in a) for a in answers):
        problems.add(
            rel, N_("step {n}: every blank has a list of accepted answers"), n=n, part="answers"
        )
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
                part="text",
            )


def _check_ordering(rel: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    items = step.get("items")
    if not texts_given(step.get("question")) or not isinstance(items, list) or len(items) < 2:
        problems.add(
            rel,
            N_("step {n}: a question and at least two items in their order are needed"),
            n=n,
            part="items",
        )
    elif not all(texts_given(item) for item in items):
        problems.add(rel, N_("step {n}: every item gives its text"), n=n, part="items")


def _check_matching(rel: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    pairs = step.get("pairs")
    if not texts_given(step.get("question")) or not isinstance(pairs, list) or len(pairs) < 2:
        problems.add(
            rel, N_("step {n}: a question and at least two pairs are needed"), n=n, part="pairs"
        )
    elif not all(
        isinstance(p, dict) and texts_given(p.get("left")) and texts_given(p.get("right"))
        for p in pairs
    ):
        problems.add(
            rel, N_("step {n}: every pair gives a left and a right text"), n=n, part="pairs"
        )


def _check_glossary(rel: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    terms = step.get("terms")
    if (
        not isinstance(terms, list)
        or not terms
        or not all(
            isinstance(t, dict) and texts_given(t.get("term")) and texts_given(t.get("meaning"))
            for t in terms
        )
    ):
        problems.add(
            rel, N_("step {n}: a glossary lists terms, each with its meaning"), n=n, part="terms"
        )


def _check_open(rel: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    if not texts_given(step.get("question")):
        problems.add(rel, N_("step {n}: an open question needs its question"), n=n, part="question")
    if "rubric" in step and not texts_given(step["rubric"]):
        problems.add(rel, N_("step {n}: rubric gives the text by language"), n=n, part="rubric")


def _check_upload(rel: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    _check_open(rel, n, step, problems)
    types = step.get("types")
    if (
        not isinstance(types, list)
        or not types
        or not all(isinstance(t, str) and t in UPLOAD_TYPES for t in types)
    ):
        problems.add(
            rel,
            N_("step {n}: types lists the file types students may send, from: {known}"),
            n=n,
            known=", ".join(UPLOAD_TYPES),
            part="types",
        )
    size = step.get("max_mb")
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_UPLOAD_MB:
        problems.add(
            rel,
            N_("step {n}: max_mb must be a whole number of megabytes from 1 to {most}"),
            n=n,
            most=MAX_UPLOAD_MB,
            part="max_mb",
        )


def _check_task(rel: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    if not SLUG.match(str(step.get("task", ""))):
        problems.add(rel, N_("step {n}: task must name a task folder"), n=n, part="task")


Check = Callable[[str, int, dict[str, Any], Problems], None]
CHECKS: dict[str, Check] = {
    SINGLE: _check_choice, MULTIPLE: _check_choice, BLANKS: _check_blanks,
    ORDERING: _check_ordering, MATCHING: _check_matching, GLOSSARY: _check_glossary,
    OPEN: _check_open, UPLOAD: _check_upload, TASK: _check_task,
}  # fmt: skip
MEDIA = {VIDEO: (".mp4", ".webm"), AUDIO: (".mp3", ".ogg")}
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
CAPTIONS = (".vtt",)


def _check_media(root: Path, lesson: str, n: int, step: dict[str, Any], problems: Problems) -> None:
    rel = f"lessons/{lesson}/lesson.toml"
    file, url, captions = step.get("file"), step.get("url"), step.get("captions")
    folder = root / "lessons" / lesson
    if isinstance(url, str) and file is None:
        if not url.startswith("https://"):
            problems.add(rel, N_("step {n}: url must start with https://"), n=n, part="url")
    elif not isinstance(file, str) or not _in_folder(folder, file, MEDIA[step["kind"]]):
        kinds = ", ".join(MEDIA[step["kind"]])
        problems.add(
            rel,
            N_("step {n}: file must name a {kinds} file in the lesson folder"),
            n=n,
            kinds=kinds,
            part="file",
        )
    if captions is not None and not (
        isinstance(captions, str) and _in_folder(folder, captions, CAPTIONS)
    ):
        problems.add(
            rel,
            N_("step {n}: captions must name a .vtt file in the lesson folder"),
            n=n,
            part="captions",
        )
    elif isinstance(captions, str) and not is_webvtt((folder / captions).read_bytes()[:16]):
        problems.add(
            rel, N_("step {n}: {file} is not a WebVTT file"), n=n, file=captions, part="captions"
        )
    if "text" in step and not texts_given(step["text"]):
        problems.add(rel, N_("step {n}: text gives the text by language"), n=n, part="text")


def _check_gallery(
    root: Path, lesson: str, n: int, step: dict[str, Any], problems: Problems
) -> None:
    rel = f"lessons/{lesson}/lesson.toml"
    images = step.get("images")
    folder = root / "lessons" / lesson
    if not isinstance(images, list) or not images or not all(isinstance(i, dict) for i in images):
        problems.add(rel, N_("step {n}: a gallery lists its images"), n=n, part="images")
        return
    for m, image in enumerate(images, 1):
        file = image.get("file")
        if not isinstance(file, str) or not _in_folder(folder, file, IMAGES):
            problems.add(
                rel,
                N_("step {n}, image {m}: file must name a {kinds} file in the lesson folder"),
                n=n,
                m=m,
                kinds=", ".join(IMAGES),
                part="images",
            )
        if not texts_given(image.get("alt")):
            problems.add(
                rel,
                N_("step {n}, image {m}: alt describes the image for those who cannot see it"),
                n=n,
                m=m,
                part="images",
            )
        if "caption" in image and not texts_given(image["caption"]):
            problems.add(
                rel,
                N_("step {n}, image {m}: caption gives the text by language"),
                n=n,
                m=m,
                part="images",
            )


def _in_folder(folder: Path, name: str, suffixes: tuple[str, ...]) -> bool:
    path = safe_path(name)
    return path is not None and path.suffix.lower() in suffixes and (folder / path).is_file()


def safe_path(name: str) -> PurePosixPath | None:
    """A relative path inside the package, or None for anything that could leave it."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts:
        return None
    return path
