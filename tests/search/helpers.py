"""Small courses and tasks made in the tests, and searching as a given person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from lms.courses.content import CourseData, LessonData
from lms.courses.library import import_course
from lms.search import Results, refresh, search
from models.accounts import SCHOOL_ADMIN, STUDENT, TEACHER
from models.judge import JudgeTask

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Who:
    id: int
    role: str
    student_id: int | None = None


def teacher(user_id: int = 1) -> Who:
    return Who(user_id, TEACHER)


def admin() -> Who:
    return Who(1, SCHOOL_ADMIN)


def student(user_id: int, person_id: int) -> Who:
    return Who(user_id, STUDENT, person_id)


def lesson(slug: str, title: dict[str, str], *steps: dict[str, Any]) -> LessonData:
    return LessonData(slug, {"title": title}, list(steps))


def course(
    slug: str, title: dict[str, str], modules: list[tuple[str, list[LessonData]]]
) -> CourseData:
    table: dict[str, Any] = {"slug": slug, "title": title, "modules": []}
    lessons = {}
    for module, items in modules:
        table["modules"].append(
            {"slug": module, "title": {"ru": module}, "lessons": [i.slug for i in items]}
        )
        lessons.update({i.slug: i for i in items})
    return CourseData(table, lessons)


def text_step(ru: str, kk: str = "") -> dict[str, Any]:
    texts = {"ru": ru, **({"kk": kk} if kk else {})}
    return {"kind": "text", "file": f"t{abs(hash(ru)) % 10_000}", "texts": texts}


def store_course(db: Session, school_id: int, data: CourseData) -> int:
    version = import_course(db, school_id=school_id, data=data)
    db.commit()
    return version.course_id


def store_task(
    db: Session,
    data_dir: Path,
    school_id: int | None,
    title: dict[str, str],
    statement: str,
    *,
    practice: bool = True,
) -> JudgeTask:
    row = JudgeTask(school_id=school_id, slug="t", title=title, folder="", practice=practice)
    db.add(row)
    db.flush()
    row.folder = f"tasks/{row.id}/v1"
    folder = data_dir / row.folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "statement.ru.md").write_text(statement, encoding="utf-8")
    db.commit()
    return row


def find(db: Session, school_id: int, who: Who, query: str, **kw: Any) -> Results:
    """Refresh the index like the page does, then search."""
    refresh(db, school_id=school_id)
    db.commit()
    return search(db, school_id, who, query, kw.pop("limit", 20), now=kw.pop("now", NOW), **kw)


def kinds_titles(results: Results, lang: str = "ru") -> list[tuple[str, str]]:
    return [(h.kind, h.title.get(lang, "")) for h in results.hits]
