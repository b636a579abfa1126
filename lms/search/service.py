"""One search for every store: what the viewer may see of a school's courses and tasks, best first.

Who sees what:
- teachers and the school admin: every course of the school (its current version), the
  school's tasks, and the platform's tasks open for practice;
- students: the courses opened to their class (only the opened modules' lessons and steps),
  and the school's and the platform's tasks open for practice;
- nobody: a task of an olympiad that has not ended (whatever its practice flag says), another
  school's anything, a deleted course or task, an older version's rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Row, and_, exists, false, or_
from sqlalchemy import select as select_columns  # sqlmodel's select types up to 4 columns
from sqlmodel import Session, col

from lms.courses.access import openings
from lms.search.backends import dense, newest, ranked
from lms.search.extract import Texts, merge, statement_texts, step_texts, title_texts
from lms.search.text import Query, parse_query
from models.accounts import SCHOOL_ADMIN, STUDENT, TEACHER
from models.contests import Contest, ContestTask
from models.judge import JudgeTask
from models.lms import Course, CourseLesson, CourseStep
from models.search import COURSE, COURSE_KINDS, LESSON, STEP, TASK, SearchDoc
from models.settings import get_settings

STAFF = (TEACHER, SCHOOL_ADMIN)
MAX_LIMIT = 50


class Searcher(Protocol):
    """Who searches: web.auth.Viewer fits, and so does any object with these fields."""

    @property
    def id(self) -> int: ...
    @property
    def role(self) -> str: ...
    @property
    def student_id(self) -> int | None: ...


@dataclass(frozen=True)
class Hit:
    """One thing found: a course, a lesson, a step (of a lesson) or a task.

    `title` is the thing's own title (a step's is its lesson's), `course` the course's title
    for lessons and steps; `texts` what a snippet is cut from, by language.
    """

    kind: str
    title: Texts
    course: Texts = field(default_factory=dict)
    texts: Texts = field(default_factory=dict)
    course_id: int | None = None
    lesson_id: int | None = None
    position: int = 0
    step_kind: str = ""
    task_id: int | None = None


@dataclass(frozen=True)
class Results:
    """The hits, best first, with the query they answer (to mark the matched words)."""

    query: Query
    hits: list[Hit]


def search(
    session: Session,
    school_id: int,
    viewer: Searcher,
    query: str,
    limit: int = 20,
    *,
    now: datetime | None = None,
    root: Path | None = None,
) -> Results:
    """Courses, lessons, steps and tasks matching the query that the viewer may see.

    Every word of the query must match (as a prefix, or by its Russian or English stem); when
    nothing matches, Kazakh endings are dropped from the words and the search runs once more.
    The index must be fresh (`lms.search.index.stale` / `refresh`) to see the newest versions.

    Args:
        session: an open session (a read scope is enough).
        school_id: the viewer's school; nothing of another school is returned.
        viewer: who searches (role, account and student ids).
        query: the words as typed.
        limit: at most this many hits (capped at 50).
        now: the moment that decides openings and olympiads (default now).
        root: the data dir with the task folders (default: the configured one).

    Returns:
        The parsed query and the hits, best first.
    """
    parsed = parse_query(query)
    if parsed.empty or viewer.role not in (*STAFF, STUDENT):
        return Results(parsed, [])
    moment = now or datetime.now(UTC)
    seen = _visible(session, school_id, viewer, moment)
    limit = max(1, min(limit, MAX_LIMIT))
    rows = _run(session, parsed, seen, limit)
    wider = parsed.wider()
    if not rows and wider is not None:
        parsed, rows = wider, _run(session, wider, seen, limit)
    return Results(parsed, _hits(rows, root or get_settings().data_dir))


@dataclass(frozen=True)
class _Seen:
    """What a viewer may see: the condition on rows joined to their course and task, and the
    index's scope tokens that narrow the matching before it (SQLite)."""

    school_id: int
    condition: ColumnElement[bool]
    tokens: tuple[str, ...]


SHOWN: tuple[Any, ...] = (
    col(Course.title).label("course_title"),
    col(CourseLesson.title).label("lesson_title"),
    col(CourseStep.kind).label("step_kind"),
    col(CourseStep.position).label("step_position"),
    col(CourseStep.body).label("step_body"),
    col(JudgeTask.title).label("task_title"),
    col(JudgeTask.folder).label("task_folder"),
)


def _run(session: Session, query: Query, seen: _Seen, limit: int) -> list[Row[Any]]:
    """The best rows, each with what its hit shows (one query, no lookups after it): all
    matches ranked, or (when very many match) the title matches and then the other matches,
    newest first."""
    base = (
        select_columns(SearchDoc, *SHOWN)
        .outerjoin(
            Course,
            and_(col(SearchDoc.kind).in_(COURSE_KINDS), col(Course.id) == SearchDoc.source_id),
        )
        .outerjoin(
            JudgeTask, and_(col(SearchDoc.kind) == TASK, col(JudgeTask.id) == SearchDoc.source_id)
        )
        .outerjoin(CourseLesson, col(CourseLesson.id) == SearchDoc.lesson_id)
        .outerjoin(CourseStep, col(CourseStep.id) == SearchDoc.step_id)
        .where(
            or_(col(SearchDoc.school_id) == seen.school_id, col(SearchDoc.school_id).is_(None)),
            seen.condition,
        )
    )
    # few matches in the whole index: rank them all (bm25 would also score the scope's tokens
    # for every row, so the ranking goes without them and the join keeps to what is seen)
    if not dense(session, query.groups, ()):
        found = ranked(session, query.groups, (), titles=False)
        ordered = base.join(found, found.c.doc_id == SearchDoc.id)
        return list(session.execute(ordered.order_by(found.c.rank, col(SearchDoc.id)).limit(limit)))
    rows: list[Row[Any]] = []
    for titles in (True, False):  # very many matches: titles first, then the rest, newest first
        rest = base.where(col(SearchDoc.id).not_in([r.SearchDoc.id for r in rows]))
        more = newest(session, rest, query.groups, seen.tokens, titles=titles)
        rows += session.execute(more.limit(limit - len(rows))).all()
        if len(rows) >= limit:
            break
    return rows


def _visible(session: Session, school_id: int, viewer: Searcher, now: datetime) -> _Seen:
    """The viewer's rows: a condition on search_doc joined to its course and task, and the
    scope tokens of the index that hold them."""
    courses: ColumnElement[bool] = and_(
        col(SearchDoc.kind).in_(COURSE_KINDS),
        col(Course.school_id) == school_id,
        col(Course.deleted_at).is_(None),
        col(Course.current_version_id) == SearchDoc.version,
    )
    olympiad_ahead = exists().where(
        col(ContestTask.task_id) == JudgeTask.id,
        col(Contest.id) == ContestTask.contest_id,
        col(Contest.deleted_at).is_(None),
        col(Contest.ends_at) > now,
    )
    practice = and_(col(JudgeTask.practice).is_(True), ~olympiad_ahead)
    tasks: ColumnElement[bool] = and_(
        col(SearchDoc.kind) == TASK,
        col(JudgeTask.deleted_at).is_(None),
        col(JudgeTask.version) == SearchDoc.version,
    )
    if viewer.role in STAFF:
        own = col(JudgeTask.school_id) == school_id
        shared = and_(col(JudgeTask.school_id).is_(None), practice)
        # no scope tokens: a school's staff see most of its rows, and the join keeps to them
        return _Seen(school_id, or_(courses, and_(tasks, or_(own, shared))), ())
    opened, tokens = _opened(session, school_id, viewer, now.date())
    task_owner = or_(col(JudgeTask.school_id) == school_id, col(JudgeTask.school_id).is_(None))
    condition = or_(and_(courses, opened), and_(tasks, task_owner, practice))
    return _Seen(school_id, condition, ("task", *tokens))


def _opened(
    session: Session, school_id: int, viewer: Searcher, today: date
) -> tuple[ColumnElement[bool], list[str]]:
    """A student's courses: those opened to their class, only the opened modules of each; and
    the scope tokens of those courses and modules (as models.search writes them)."""
    found = openings(session, school_id=school_id, student_id=viewer.student_id, today=today)
    parts, tokens = [], []
    for o in found:
        cid = o.course.id
        if o.modules is None:
            parts.append(col(Course.id) == cid)
            tokens.append(f"c{cid}")
            continue
        modules = sorted(o.modules)
        parts.append(
            and_(
                col(Course.id) == cid,
                or_(col(SearchDoc.kind) == COURSE, col(SearchDoc.module).in_(modules)),
            )
        )
        tokens += [f"c{cid}top", *(f"c{cid}m{m.encode().hex().upper()}" for m in modules)]
    return (or_(*parts) if parts else false()), tokens


def _hits(rows: list[Row[Any]], root: Path) -> list[Hit]:
    """The rows as hits, with titles and the texts a snippet is cut from."""
    out = []
    for row in rows:
        doc: SearchDoc = row.SearchDoc
        if doc.kind == TASK:
            texts = merge(statement_texts(root / row.task_folder))
            out.append(Hit(TASK, title_texts(row.task_title), texts=texts, task_id=doc.source_id))
        elif doc.kind == COURSE:
            out.append(Hit(COURSE, title_texts(row.course_title), course_id=doc.source_id))
        else:
            step = doc.step_id is not None and row.step_kind is not None
            out.append(
                Hit(
                    STEP if step else LESSON,
                    title_texts(row.lesson_title),
                    course=title_texts(row.course_title),
                    texts=step_texts(row.step_kind, row.step_body) if step else {},
                    course_id=doc.source_id,
                    lesson_id=doc.lesson_id,
                    position=row.step_position if step else 0,
                    step_kind=row.step_kind if step else "",
                )
            )
    return out
