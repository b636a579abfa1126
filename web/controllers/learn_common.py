"""Glue shared by the learning pages: who is learning what, and steps prepared for templates."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from sqlmodel import Session

from lms.courses.access import Opening, opening_for
from lms.courses.certificates import title_in
from lms.courses.checks import option_text
from lms.courses.errors import CourseError, CourseNotFound
from lms.courses.grading import grade
from lms.courses.library import get_course
from lms.courses.markdown import blank_parts, render, render_inline
from lms.courses.progress import StepState, task_ids
from lms.courses.uploads import MB, files_of, limits
from models.accounts import SCHOOL_ADMIN, STUDENT, TEACHER
from models.lms import (
    AUDIO,
    BLANKS,
    GALLERY,
    GLOSSARY,
    MATCHING,
    MULTIPLE,
    ORDERING,
    PASSED,
    REVIEWED_KINDS,
    SINGLE,
    TASK,
    TEXT,
    UPLOAD,
    VIDEO,
    Course,
    CourseStep,
)
from web.auth import Viewer
from web.pages import request_locale

LEARNERS = {"roles": (STUDENT, TEACHER, SCHOOL_ADMIN)}  # teachers and admins: preview
STUDENTS = {"roles": (STUDENT,)}
STAFF = (TEACHER, SCHOOL_ADMIN)


@dataclass(frozen=True)
class Learner:
    """The viewer on a course: a student with their opening, or staff previewing (no saving)."""

    user_id: int | None
    opening: Opening | None

    @property
    def preview(self) -> bool:
        return self.user_id is None

    @property
    def modules(self) -> frozenset[str] | None:
        return self.opening.modules if self.opening else None

    @property
    def answering(self) -> bool:
        return self.opening is None or self.opening.answering


def learner(db: Session, viewer: Viewer, school_id: int, course_id: int) -> tuple[Course, Learner]:
    """The course and the viewer on it; students only reach courses opened to their class.

    Raises:
        NotFoundException: not the viewer's school's course, or not open to the student.
    """
    try:
        if viewer.role != STUDENT:
            return get_course(db, school_id=school_id, course_id=course_id), Learner(None, None)
        found = opening_for(
            db,
            school_id=school_id,
            student_id=viewer.student_id,
            course_id=course_id,
            today=date.today(),
        )
    except CourseNotFound as exc:
        raise NotFoundException() from exc
    return found.course, Learner(viewer.id, found)


def text(request: Request[Any, Any, Any], texts: Any) -> str:
    """A text of the course data in the reader's language (Russian, Kazakh, English after)."""
    return title_in(texts, request_locale(request)) if isinstance(texts, dict) else ""


def reader(request: Request[Any, Any, Any]) -> Callable[[Any], str]:
    """`text` for templates: `{{ text(course.title) }}` in the reader's language."""
    return partial(text, request)


@dataclass
class StepCard:
    """One step as the lesson page draws it."""

    step: CourseStep
    state: StepState
    html: str = ""  # text: the Markdown; choices: the question; blanks: unused
    options: list[tuple[int, str, bool]] = field(default_factory=list)  # index, html, chosen
    parts: tuple[str, ...] = ()  # blanks: HTML around the inputs
    values: list[str] = field(default_factory=list)  # blanks: the last answer
    marks: list[bool] = field(default_factory=list)
    explanation: str = ""
    task_id: int | None = None
    # ordering: (item, html, chosen place from 1 or 0, right or None) in a shuffled order;
    # matching: (pair, left html, chosen right or -1, right or None) in the data's order
    rows: list[tuple[int, str, int, bool | None]] = field(default_factory=list)
    choices: list[tuple[int, str]] = field(default_factory=list)  # matching: rights, shuffled
    media: str = ""  # video, audio: the file's URL (or the outside link in `link`)
    link: str = ""
    captions: str = ""
    terms: list[tuple[str, str]] = field(default_factory=list)  # glossary: term, meaning (HTML)
    images: list[tuple[str, str, str]] = field(default_factory=list)  # gallery: url, alt, caption
    whys: list[tuple[str, str]] = field(default_factory=list)  # chosen option, why (HTML)
    files: list[dict[str, Any]] = field(default_factory=list)  # upload: the files sent
    accept: str = ""  # upload: the file types, for the file input
    max_mb: int = 0

    @property
    def answered(self) -> bool:
        return self.state.status in ("wrong", PASSED, "submitted") and self.step.kind != TEXT


def step_card(
    request: Request[Any, Any, Any],
    step: CourseStep,
    state: StepState,
    base: str,
    tasks: dict[str, int],
) -> StepCard:
    """A step's texts rendered in the reader's language, with the last answer and its marks."""
    body, card = step.body, StepCard(step, state)
    if step.kind == TEXT:
        card.html = render(text(request, body.get("texts")), base)
    elif step.kind in (SINGLE, MULTIPLE):
        chosen = _chosen(state.answer)
        card.html = render(text(request, body.get("question")), base)
        card.options = [
            (n, render_inline(text(request, option_text(o))), n in chosen)
            for n, o in enumerate(body.get("options", []))
        ]
    elif step.kind == BLANKS:
        card.parts = blank_parts(text(request, body.get("text")))
        given = state.answer.get("blanks") if isinstance(state.answer, dict) else None
        card.values = list(given) if isinstance(given, list) else [""] * (len(card.parts) - 1)
    elif step.kind == TASK:
        card.task_id = tasks.get(str(body.get("task", "")))
    elif step.kind in (ORDERING, MATCHING, *REVIEWED_KINDS):
        card.html = render(text(request, body.get("question")), base)
    elif step.kind in (VIDEO, AUDIO, GLOSSARY, GALLERY):
        _reading(request, card, base)
    if step.kind in REVIEWED_KINDS:
        _open(request, card, base)
    elif card.answered:
        card.marks = marks_of(step, state.answer)
        card.explanation = render(text(request, body.get("explanation")), base)
        card.whys = _whys(request, card, base)
    if step.kind == ORDERING:
        _ordering(request, card)
    elif step.kind == MATCHING:
        _matching(request, card)
    return card


def _open(request: Request[Any, Any, Any], card: StepCard, base: str) -> None:
    """An open question or an upload: the rubric, the student's last text or files, the
    teacher's comment and score."""
    answer = card.state.answer if isinstance(card.state.answer, dict) else {}
    score = answer.get("score")
    card.values = [
        str(answer.get("text", "")),
        str(answer.get("comment", "")),
        str(score) if isinstance(score, int) else "",
    ]
    rubric = card.step.body.get("rubric")
    card.explanation = render(text(request, rubric), base) if rubric else ""
    if card.step.kind == UPLOAD:
        types, most = limits(card.step)
        card.accept, card.max_mb = ",".join(types), most // MB
        card.files = files_of(answer)


def _whys(request: Request[Any, Any, Any], card: StepCard, base: str) -> list[tuple[str, str]]:
    """The explanation of each option the student chose, when the course gives one."""
    options = card.step.body.get("options", [])
    return [
        (html, render(text(request, options[n]["why"]), base))
        for n, html, chosen in card.options
        if chosen and isinstance(options[n].get("why"), dict)
    ]


def _reading(request: Request[Any, Any, Any], card: StepCard, base: str) -> None:
    """Video and audio (a file of the lesson folder with captions, or a link), a glossary."""
    body = card.step.body
    card.html = render(text(request, body.get("text")), base) if body.get("text") else ""
    if isinstance(body.get("file"), str):
        card.media = f"{base}/{body['file']}"
    elif isinstance(body.get("url"), str) and body["url"].startswith("https://"):
        card.link = body["url"]
    if isinstance(body.get("captions"), str):
        card.captions = f"{base}/{body['captions']}"
    card.terms = [
        (
            render_inline(text(request, t.get("term"))),
            render_inline(text(request, t.get("meaning"))),
        )
        for t in body.get("terms", [])
        if isinstance(t, dict)
    ]
    card.images = [
        (f"{base}/{i['file']}", text(request, i.get("alt")), text(request, i.get("caption")))
        for i in body.get("images", [])
        if isinstance(i, dict) and isinstance(i.get("file"), str)
    ]


def shuffled(key: str, count: int) -> list[int]:
    """0..count-1 in an order fixed by the step's key (the same on every visit and device),
    never the right order itself."""
    order = list(range(count))
    random.Random(key).shuffle(order)
    if order == sorted(order) and count > 1:
        order = order[1:] + order[:1]
    return order


def _ordering(request: Request[Any, Any, Any], card: StepCard) -> None:
    items = card.step.body.get("items", [])
    given = card.state.answer.get("order") if isinstance(card.state.answer, dict) else None
    place = {item: n + 1 for n, item in enumerate(given)} if isinstance(given, list) else {}
    card.rows = [
        (
            i,
            render_inline(text(request, items[i])),
            place.get(i, 0),
            (place.get(i) == i + 1) if card.marks else None,
        )
        for i in shuffled(card.step.key, len(items))
    ]


def _matching(request: Request[Any, Any, Any], card: StepCard) -> None:
    pairs = card.step.body.get("pairs", [])
    given = card.state.answer.get("matches") if isinstance(card.state.answer, dict) else None
    chosen = list(given) if isinstance(given, list) and len(given) == len(pairs) else []
    card.choices = [
        (j, render_inline(text(request, pairs[j].get("right"))))
        for j in shuffled(card.step.key, len(pairs))
    ]
    card.rows = [
        (
            i,
            render_inline(text(request, pair.get("left"))),
            chosen[i] if chosen else -1,
            card.marks[i] if i < len(card.marks) else None,
        )
        for i, pair in enumerate(pairs)
    ]


def _chosen(answer: Any) -> set[int]:
    if not isinstance(answer, dict):
        return set()
    if isinstance(answer.get("choice"), int):
        return {answer["choice"]}
    return {v for v in answer.get("choices", []) if isinstance(v, int)}


def marks_of(step: CourseStep, answer: Any) -> list[bool]:
    """Which parts of a stored answer were right (recomputed: the data may have changed)."""
    try:
        return grade(step.kind, step.body, answer).marks if isinstance(answer, dict) else []
    except CourseError:
        return []


def step_tasks(db: Session, school_id: int, steps: list[CourseStep]) -> dict[str, int]:
    """The school's judge task of each task step (slug -> id); missing until it is loaded."""
    slugs = {str(s.body.get("task", "")) for s in steps if s.kind == TASK}
    return task_ids(db, school_id=school_id, slugs=slugs)


def answer_of(kind: str, data: dict[str, str]) -> dict[str, Any]:
    """The answer a lesson form sends: `choice`, `choice-N` checkboxes, `blank-N` inputs, the
    `place-N` of each item to order or the `match-N` of each left side."""
    if kind == SINGLE:
        return {"choice": data.get("choice", "")}
    if kind == MULTIPLE:
        return {
            "choices": sorted(
                int(k[7:]) for k in data if k.startswith("choice-") and k[7:].isdigit()
            )
        }
    if kind in REVIEWED_KINDS:
        return {"text": data.get("text", "")}
    if kind == ORDERING:
        return {"order": _order(_numbered(data, "place-"))}
    if kind == MATCHING:
        matches = _numbered(data, "match-")
        return {"matches": [matches.get(n, -1) for n in range(len(matches))]}
    count = sum(1 for k in data if k.startswith("blank-"))
    return {"blanks": [data.get(f"blank-{n}", "") for n in range(count)]}


def _numbered(data: dict[str, str], prefix: str) -> dict[int, int]:
    """`prefix-N` fields holding whole numbers (anything else reads as -1, refused later)."""
    out = {}
    for key, value in data.items():
        if key.startswith(prefix) and key[len(prefix) :].isdigit():
            out[int(key[len(prefix) :])] = int(value) if value.lstrip("-").isdigit() else -1
    return out


def _order(places: dict[int, int]) -> list[int]:
    """Items by the place given to each (from 1); a place given twice keeps both, so grading
    says a place is used twice."""
    return (
        [item for item, _ in sorted(places.items(), key=lambda kv: (kv[1], kv[0]))]
        if (sorted(places.values()) == list(range(1, len(places) + 1)))
        else [0] * len(places)
    )


def seconds_of(data: dict[str, str]) -> int:
    """The time the page says the student spent on the step (0 when absent or junk)."""
    try:
        return max(0, int(float(data.get("seconds", "0") or 0)))
    except ValueError:
        return 0


def files_base(version_id: int, lesson_slug: str) -> str:
    """Where a lesson's relative image paths point."""
    return f"/learn/files/{version_id}/lessons/{lesson_slug}"
