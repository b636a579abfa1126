"""Tasks in the store: created in the editor, edited as new versions, imported, exported.

A task's files live under the data dir as `tasks/<id>/v<n>`; an edit writes the next version
and the row points at it, while every submission keeps the version it was judged on. Tasks
belong to a school, or to the platform (school_id None, made by the platform admin).
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from lms.judge import Task, import_polygon, import_zip, load_task
from lms.practice.folders import relative_folder, scratch_root, version_folder
from lms.practice.task_form import TaskForm, check_form, write_folder
from models.audit import record_audit
from models.base import utcnow
from models.errors import NotFound
from models.i18n import N_, Message, message
from models.judge import JudgeTask

STARTER_COURSE = Path(__file__).resolve().parent.parent / "content" / "python-first-steps"


def slug_for(title: dict[str, str]) -> str:
    """A slug from the English title (else any Latin one); "task" when there is none."""
    for lang in ("en", "kk", "ru"):
        slug = re.sub(r"[^a-z0-9]+", "-", title.get(lang, "").lower()).strip("-")[:40].strip("-")
        if slug:
            return slug
    return "task"


def owned_by(school_id: int | None) -> ColumnElement[bool]:
    """The condition "belongs to this school" (None: to the platform)."""
    column = col(JudgeTask.school_id)
    return column.is_(None) if school_id is None else column == school_id


def get_task(
    session: Session, *, task_id: int, school_id: int | None, platform_too: bool = False
) -> JudgeTask:
    """A task of this school (None: a platform task), or also a platform one with `platform_too`.

    Raises:
        NotFound: no such task here (another school's task is not found either).
    """
    owners = [school_id, None] if platform_too else [school_id]
    query = select(JudgeTask).where(JudgeTask.id == task_id, col(JudgeTask.deleted_at).is_(None))
    row = session.exec(query).first()
    if row is None or row.school_id not in owners:
        raise NotFound("task_not_found", [message(N_("There is no task {id}."), id=task_id)])
    return row


def current_task(row: JudgeTask, root: Path | None = None) -> Task:
    """The current version's folder, loaded."""
    assert row.id is not None
    return load_task(version_folder(row.id, row.version, root))


def _place(built: Path, task_id: int, version: int, root: Path | None) -> str:
    """Move a built folder to its version's place; returns the relative folder."""
    final = version_folder(task_id, version, root)
    if final.exists():  # left by a transaction that rolled back (its id is being reused)
        shutil.rmtree(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    built.rename(final)
    return relative_folder(task_id, version)


def _stored(
    session: Session,
    task: Task,
    built: Path,
    school_id: int | None,
    created_by: int | None,
    root: Path | None,
) -> JudgeTask:
    """A row for a task folder built elsewhere, the folder moved to be its version 1."""
    row = JudgeTask(school_id=school_id, slug=task.slug, title=dict(task.title), folder="",
                    created_by=created_by)  # fmt: skip
    session.add(row)
    session.flush()
    assert row.id is not None
    row.folder = _place(built, row.id, 1, root)
    return row


def create_task(
    session: Session,
    *,
    school_id: int | None,
    form: TaskForm,
    created_by: int | None,
    actor: str,
    root: Path | None = None,
) -> JudgeTask:
    """A new task from the editor's form, as version 1.

    Args:
        session: an open session; the caller commits.
        school_id: the school, or None for a platform task.
        form: the form as posted (`task_form.parse_form`).
        created_by, actor: the account and its login, for the row and the audit log.
        root: the data dir (default: the configured one).
    Returns:
        The new row (flushed).
    Raises:
        TaskRefused: every problem of the form, each under its field.
    """
    form.has_checker = False
    slug = slug_for({k: v for k, v in form.title.items() if v})
    checked = check_form(form, slug)
    with tempfile.TemporaryDirectory(dir=scratch_root(root)) as tmp:
        built = Path(tmp) / "task"
        write_folder(form, checked, built, previous=None)
        row = JudgeTask(
            school_id=school_id,
            slug=slug,
            title=checked.title,
            folder="",
            points=checked.points,
            practice=form.practice,
            created_by=created_by,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        row.folder = _place(built, row.id, 1, root)
    record_audit(
        session,
        school_id=school_id,
        actor=actor,
        action="create_task",
        entity=f"judge_task:{row.id}",
        details={"version": 1},
    )
    return row


def update_task(
    session: Session,
    *,
    task_id: int,
    school_id: int | None,
    form: TaskForm,
    actor: str,
    root: Path | None = None,
) -> JudgeTask:
    """Save an edited task as its next version (earlier submissions keep theirs).

    Raises:
        NotFound: no such task in this school. TaskRefused: the form's problems, per field.
    """
    get_task(session, task_id=task_id, school_id=school_id)
    locked = select(JudgeTask).where(JudgeTask.id == task_id).with_for_update()
    row = session.exec(locked).one()  # two editors at once: the second waits, then goes on top
    previous = version_folder(task_id, row.version, root)
    form.has_checker = (previous / "checker.cpp").is_file()
    checked = check_form(form, row.slug)
    version = row.version + 1
    with tempfile.TemporaryDirectory(dir=scratch_root(root)) as tmp:
        built = Path(tmp) / "task"
        write_folder(form, checked, built, previous=previous)
        row.folder = _place(built, task_id, version, root)
    row.version, row.title, row.points = version, checked.title, checked.points
    row.practice, row.updated_at = form.practice, utcnow()
    session.add(row)
    record_audit(
        session,
        school_id=school_id,
        actor=actor,
        action="edit_task",
        entity=f"judge_task:{task_id}",
        details={"version": version},
    )
    return row


def _is_polygon(archive: Path) -> bool:
    try:
        with zipfile.ZipFile(archive) as zf:
            return any(PurePosixPath(n).name == "problem.xml" for n in zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return False  # import_zip says what is wrong with it


def import_archive(
    session: Session,
    *,
    school_id: int | None,
    archive: Path,
    created_by: int | None,
    actor: str,
    root: Path | None = None,
) -> tuple[JudgeTask, list[Message]]:
    """A zipped task folder or a Polygon package (recognised by its problem.xml) as a new task.

    Returns:
        The new row (flushed) and warnings about what a Polygon import approximated.
    Raises:
        TaskInvalid: an unsafe archive, or every problem of the task in it.
    """
    with tempfile.TemporaryDirectory(dir=scratch_root(root)) as tmp:
        if _is_polygon(archive):
            task, warnings = import_polygon(archive, Path(tmp))
        else:
            task, warnings = import_zip(archive, Path(tmp)), []
        row = _stored(session, task, task.folder, school_id, created_by, root)
    record_audit(
        session,
        school_id=school_id,
        actor=actor,
        action="import_task",
        entity=f"judge_task:{row.id}",
        details={"archive": archive.name},
    )
    return row, warnings


def export_zip(row: JudgeTask, root: Path | None = None) -> bytes:
    """The current version as a zip of its task folder (`<slug>/task.toml`, tests, ...)."""
    assert row.id is not None
    folder = version_folder(row.id, row.version, root)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{row.slug}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


def archive_task(session: Session, *, task_id: int, school_id: int | None, actor: str) -> None:
    """Hide a task from every list (soft deletion; its submissions and folders stay).

    Raises:
        NotFound: no such task in this school.
    """
    row = get_task(session, task_id=task_id, school_id=school_id)
    row.deleted_at = utcnow()
    session.add(row)
    record_audit(
        session,
        school_id=school_id,
        actor=actor,
        action="archive_task",
        entity=f"judge_task:{task_id}",
    )


def load_course_tasks(
    session: Session,
    *,
    school_id: int | None,
    course: Path = STARTER_COURSE,
    created_by: int | None = None,
    root: Path | None = None,
) -> dict[str, int]:
    """Copy a course's tasks (its `tasks/*` folders) into a school's store; a task whose slug
    the school already has is left as it is, so calling this again adds nothing twice.

    Returns:
        slug -> task id, for every task of the course.
    Raises:
        TaskInvalid: a task folder of the course is broken (nothing is added then).
    """
    folders = sorted(p for p in (course / "tasks").iterdir() if (p / "task.toml").is_file())
    return load_task_folders(
        session, school_id=school_id, folders=folders, created_by=created_by, root=root
    )


def load_task_folders(
    session: Session,
    *,
    school_id: int | None,
    folders: list[Path],
    practice: bool = True,
    created_by: int | None = None,
    root: Path | None = None,
) -> dict[str, int]:
    """Copy task folders into a school's store (a slug the school has already is kept as it is).

    Args:
        practice: whether new tasks are offered for practice (off for an olympiad's own tasks).

    Returns:
        slug -> task id, for every folder.
    Raises:
        TaskInvalid: a folder is broken (nothing is added then).
    """
    query = select(JudgeTask).where(owned_by(school_id), col(JudgeTask.deleted_at).is_(None))
    have = {t.slug: t.id for t in session.exec(query).all()}
    tasks = [load_task(folder) for folder in folders]
    ids: dict[str, int] = {}
    for task in tasks:
        known = have.get(task.slug)
        if known is not None:
            ids[task.slug] = known
            continue
        with tempfile.TemporaryDirectory(dir=scratch_root(root)) as tmp:
            built = Path(tmp) / "task"
            shutil.copytree(task.folder, built)
            row = _stored(session, task, built, school_id, created_by, root)
        row.practice = practice
        assert row.id is not None
        ids[task.slug] = row.id
    return ids
