"""File upload steps: a student sends a file, a teacher downloads it from the review queue.

A file is checked against the step's limits (its allowed types and size) and its content is
sniffed (lms.courses.sniff): a page renamed .pdf is refused. It is stored outside the web root
at `<data dir>/course-uploads/<school id>/<random id>`, a name never derived from what the
student sent; the original name, the sniffed type, the size and a SHA-256 are kept in the
step's progress row. A new file after a returned one keeps the earlier ones listed (nothing a
student sent is deleted). Downloads are looked up by progress row and random id only.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from lms.courses.errors import CourseError, CourseNotFound
from lms.courses.progress import StepState
from lms.courses.review import send_for_review, waiting_row
from lms.courses.sniff import MAX_UPLOAD_MB, UPLOAD_TYPES, extension, matches
from models.base import utcnow
from models.i18n import N_, message
from models.lms import UPLOAD, CourseStep, StepProgress

FILE_ID = re.compile(r"[A-Za-z0-9_-]{20,40}")
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file to send: where it is, the name to give it and its media type."""

    path: Path
    name: str
    type: str


def uploads_dir(root: Path, school_id: int) -> Path:
    """Where a school's uploaded answers are kept under the data directory."""
    return root / "course-uploads" / str(school_id)


def clean_name(filename: str) -> str:
    """The name a student's browser sent, without folders or control characters (display
    and download only)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    stem, dot, ext = name.rpartition(".")
    return (stem[:100] + dot + ext[:10]) if dot else name[:110]


def limits(step: CourseStep) -> tuple[list[str], int]:
    """The step's allowed extensions and its size limit in bytes."""
    types = [t for t in step.body.get("types", []) if t in UPLOAD_TYPES]
    size = step.body.get("max_mb")
    mb = size if isinstance(size, int) and 1 <= size <= MAX_UPLOAD_MB else MAX_UPLOAD_MB
    return types, mb * MB


def _refuse(text: str, **values: Any) -> CourseError:
    return CourseError("bad_file", [message(text, **values)])


def check_file(step: CourseStep, filename: str, data: bytes) -> tuple[str, str]:
    """The clean name and the media type of a file the step accepts.

    Raises:
        CourseError: no file, too large, a type the step does not take, or content that is not
            what the name says (code "bad_file").
    """
    types, most = limits(step)
    name = clean_name(filename)
    if not name or not data:
        raise _refuse(N_("Choose a file to send."))
    if len(data) > most:
        raise _refuse(N_("The file is larger than {mb} MB."), mb=most // MB)
    ext = extension(name)
    if ext not in types:
        raise _refuse(N_("Send a file of one of these types: {kinds}."), kinds=", ".join(types))
    if not matches(ext, data):
        raise _refuse(N_("The file {name} is not what its name says."), name=name)
    return name, UPLOAD_TYPES[ext]


def submit_upload(
    db: Session,
    *,
    school_id: int,
    user_id: int,
    course_id: int,
    step: CourseStep,
    filename: str,
    data: bytes,
    root: Path,
    seconds: int = 0,
    now: datetime | None = None,
) -> StepState:
    """Keeps a student's file for the teacher (again after it was returned).

    Args:
        db: the session (the caller commits).
        school_id: the viewer's school (the step must belong to it).
        user_id: the student's account.
        course_id: the step's course.
        step: a step of kind upload.
        filename: the name the browser sent.
        data: the file's bytes.
        root: the data directory.
        seconds: time spent on the step since the page showed it.
        now: the moment (default: now).

    Returns:
        The step's state: submitted.

    Raises:
        CourseError: not an upload step ("not_graded"), a file the step refuses ("bad_file"),
            or an answer already accepted ("already_accepted").
    """
    if step.school_id != school_id or step.kind != UPLOAD:
        raise CourseError("not_graded", [message(N_("This step is not answered here."))])
    name, media = check_file(step, filename, data)
    row = waiting_row(db, school_id, user_id, course_id, step)
    file_id = secrets.token_urlsafe(18)
    folder = uploads_dir(root, school_id)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{file_id}.part"
    partial.write_bytes(data)
    partial.replace(folder / file_id)  # whole or absent, never half-written
    now = now or utcnow()
    entry = {
        "id": file_id, "name": name, "type": media, "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(), "at": now.isoformat(),
    }  # fmt: skip
    before = row.answer if isinstance(row.answer, dict) else {}
    earlier = [*before.get("earlier", []), before["file"]] if "file" in before else []
    return send_for_review(db, row, {"file": entry, "earlier": earlier}, seconds, now)


def files_of(answer: Any) -> list[dict[str, Any]]:
    """Every file an answer holds, the current one first."""
    if not isinstance(answer, dict):
        return []
    current = [answer["file"]] if isinstance(answer.get("file"), dict) else []
    return current + [f for f in reversed(answer.get("earlier", [])) if isinstance(f, dict)]


def uploaded_file(
    db: Session,
    *,
    school_id: int,
    progress_id: int,
    file_id: str,
    root: Path,
    user_id: int | None = None,
) -> StoredFile:
    """A file a student sent, for the school's teachers (or the student, with `user_id`).

    Raises:
        CourseNotFound: no such file in this school (or not the student's own), told apart
            from nothing so a guessed link reveals nothing.
    """
    missing = CourseNotFound("file_not_found", [message(N_("There is no such file."))])
    row = db.get(StepProgress, progress_id)
    if not FILE_ID.fullmatch(file_id) or row is None or row.school_id != school_id:
        raise missing
    if user_id is not None and row.user_id != user_id:
        raise missing
    entry = next((f for f in files_of(row.answer) if f.get("id") == file_id), None)
    path = uploads_dir(root, school_id) / file_id
    if entry is None or not path.is_file():
        raise missing
    return StoredFile(path, str(entry.get("name", file_id)), str(entry.get("type", "")))
