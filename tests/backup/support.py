"""The backup tests' store: the demo school with a few days of journal and some files, and the
comparisons a restore must pass (every table row by row, every file byte by byte)."""

from __future__ import annotations

import io
import tarfile
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import SQLModel, col

import models.tables  # noqa: F401 - every table in the metadata
from journal.grades import create_assessment, set_grade
from journal.register_access import Actor
from journal.register_files import add_attachment
from journal.register_lesson import add_remark
from journal.register_marks import MarkInput, mark_attendance
from models.accounts import TEACHER
from models.backup import MasterKey
from models.backup.crypto import DecryptingReader
from models.backup.files import store_files
from models.db import get_engine, session_scope
from models.journal import PRAISE
from models.lessons import LessonRequirement, LessonTeacher
from models.notices import queue_notice
from models.people import Student
from tests.web.conftest import DemoStore

DAY = date(2026, 11, 23)  # a Monday of term 2
CHILD = 68  # the demo parent's child, in 2А
FIRST_LESSON = (27, 1)  # the child's first lesson that Monday


@dataclass(frozen=True)
class Journal:
    school_id: int
    class_id: int
    subject_id: int
    teacher_id: int
    classmates: tuple[int, int]
    remark_id: int
    assessment_id: int


def _scene(store: DemoStore) -> tuple[Student, LessonRequirement, int, tuple[int, int]]:
    with session_scope(store.url) as db:
        child = db.get(Student, CHILD)
        lesson = db.get(LessonRequirement, FIRST_LESSON[0])
        assert child is not None and lesson is not None
        teacher_id = db.exec(
            select(LessonTeacher.teacher_id).where(LessonTeacher.lesson_id == lesson.id)
        ).scalar_one()
        others = db.exec(
            select(Student.id)
            .where(Student.class_id == child.class_id, col(Student.id) != CHILD)
            .order_by(col(Student.id))
        ).all()
    return child, lesson, teacher_id, (others[0][0], others[1][0])


def fill_journal(store: DemoStore) -> Journal:
    """Attendance, a remark, an attachment, an assessment with grades, a notice, files."""
    child, lesson, teacher_id, mates = _scene(store)
    school_id, where = child.school_id, {"day": DAY, "lesson_id": lesson.id, "unit": 1}
    actor = Actor(user_id=None, login="teacher2a", role=TEACHER, teacher_id=teacher_id)
    with session_scope(store.url) as db:
        marks = [MarkInput(CHILD, "absent"), MarkInput(mates[0], "late", minutes=7),
                 MarkInput(mates[1], "excused", reason="Ауырды")]  # fmt: skip
        mark_attendance(db, school_id=school_id, actor=actor, marks=marks, today=DAY, **where)
        remark = add_remark(db, school_id=school_id, actor=actor, student_id=CHILD, kind=PRAISE,
                            text="Жарайсың! Молодец ✓", **where)  # fmt: skip
        add_attachment(db, school_id=school_id, actor=actor, filename="үй жұмысы.txt",
                       data="Есеп № 5 ✓\n".encode(), root=store.data_dir, **where)  # fmt: skip
        fo = create_assessment(db, school_id=school_id, class_id=child.class_id,
                               subject_id=lesson.subject_id, kind="fo", day=DAY,
                               actor="teacher2a", title="ФО 1: Сандар")  # fmt: skip
        for student, value in ((CHILD, 8), (mates[0], "9"), (mates[1], 10)):
            set_grade(db, school_id=school_id, assessment_id=fo.id or 0, student_id=student,
                      value=value, actor="teacher2a")  # fmt: skip
        queue_notice(db, school_id=school_id, user_id=None, channel="email",
                     address="parent@demo.sabaq.kz", subject="Сабақ: баға",
                     body="Балаңыз 8 алды. Ребёнок получил 8.", key="backup-test:1")  # fmt: skip
    task = store.data_dir / "tasks" / "7" / "v1"
    task.mkdir(parents=True, exist_ok=True)
    (task / "statement.md").write_text("# Қосынды\nЕкі санның қосындысы.\n", encoding="utf-8")
    (task / "tests.bin").write_bytes(bytes(range(256)) * 64)
    media = store.data_dir / "media" / "Қазақ тілі"
    media.mkdir(parents=True, exist_ok=True)
    (media / "сурет ✓.txt").write_text("Сурет", encoding="utf-8")
    return Journal(school_id, child.class_id, lesson.subject_id, teacher_id, mates,
                   remark.id or 0, fo.id or 0)  # fmt: skip


def unpacked(path: Path, key: MasterKey) -> bytes:
    """A backup decrypted and decompressed: the tar stream, read whole (small test stores)."""
    with path.open("rb") as source:
        return zlib.decompress(DecryptingReader(source, key).read(), zlib.MAX_WBITS | 16)


def member_names(path: Path, key: MasterKey) -> list[str]:
    """The names of a backup's members, in order."""
    with tarfile.open(fileobj=io.BytesIO(unpacked(path, key))) as tar:
        return tar.getnames()


def _plain(value: Any) -> Any:
    """A moment as UTC with its zone (SQLite hands back UTC wall time without one)."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def table_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the metadata, every row in primary key order, values made comparable."""
    out = {}
    with get_engine(url).connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(_plain(v) for v in row) for row in rows]
    return out


def assert_same_tables(a: str, b: str) -> int:
    """Both stores hold the same rows in every table; returns how many rows were compared."""
    left, right = table_rows(a), table_rows(b)
    assert list(left) == list(right)
    for name in left:
        assert len(left[name]) == len(right[name]), name
        for x, y in zip(left[name], right[name], strict=True):
            assert x == y, (name, x, y)
    return sum(len(rows) for rows in left.values())


def file_bytes(data_dir: Path, url: str) -> dict[str, bytes]:
    """The data directory's files a backup takes, by name, with their contents."""
    return {name: path.read_bytes() for name, path in store_files(data_dir, url)}
