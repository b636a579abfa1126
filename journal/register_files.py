"""Homework attachments: checked by size and type, stored under random names, served to the class.

A file lives at `<data dir>/journal-files/<school id>/<random id>`; its original name, type and
size are kept in the lesson record's `attachments` list. The stored name is never derived from
what the uploader sent, and a download is looked up by the record and the random id only.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from journal.errors import JournalError, JournalNotFound
from journal.register import FileLine, live_files
from journal.register_access import Actor, may_see_files, target
from journal.register_audit import FILE_ADDED, FILE_REMOVED, audit
from models.base import utcnow
from models.filenames import clean_filename
from models.i18n import N_, message
from models.journal import LessonRecord

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILES = 10
ZIP = (b"PK\x03\x04",)
# extension -> (media type, how the content must start; None: UTF-8 text)
TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ".odp": ("application/vnd.oasis.opendocument.presentation", ZIP),
    ".txt": ("text/plain; charset=utf-8", None),
}
FILE_ID = re.compile(r"[A-Za-z0-9_-]{20,40}")


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file to send: where it is, the name to give it and its media type."""

    path: Path
    name: str
    type: str


def files_dir(root: Path, school_id: int) -> Path:
    """Where a school's attachments are kept under the data directory."""
    return root / "journal-files" / str(school_id)


def _refuse(text: str, **params: object) -> JournalError:
    return JournalError("bad_file", [message(text, **params)])


def _media_type(name: str, data: bytes) -> str:
    """The file's media type, when its extension is allowed and its content matches it."""
    ext = os.path.splitext(name)[1].lower()
    allowed = TYPES.get(ext)
    if allowed is None:
        kinds = ", ".join(sorted(TYPES))
        raise _refuse(N_("Files of this type cannot be attached; allowed: {kinds}."), kinds=kinds)
    media, starts = allowed
    if starts is None:
        try:
            data.decode("utf-8")
            ok = b"\x00" not in data
        except UnicodeDecodeError:
            ok = False
    else:
        ok = data.startswith(starts)
    if not ok:
        raise _refuse(N_("The file {name} is not what its name says."), name=name)
    return media


def add_attachment(
    session: Session,
    *,
    school_id: int,
    actor: Actor,
    day: date,
    lesson_id: int,
    unit: int,
    filename: str,
    data: bytes,
    root: Path,
) -> FileLine:
    """Attaches a file to the lesson's homework.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: the lesson's keeper or the school admin.
        day: the lesson's date.
        lesson_id: the lesson requirement.
        unit: the unit of the requirement.
        filename: the name the uploader gave (kept for display and download only).
        data: the file's bytes.
        root: the data directory.

    Returns:
        The attachment as listed.

    Raises:
        JournalNotFound, NotYourLesson, TermClosed: see `register_access.target`.
        JournalError: empty, too big, a type not allowed, content not matching its name, or
            too many files on the lesson.
    """
    name = clean_filename(filename)
    if not name or not data:
        raise _refuse(N_("Choose a file to attach."))
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(N_("The file is larger than {mb} MB."), mb=MAX_FILE_BYTES // (1024 * 1024))
    media = _media_type(name, data)
    record = target(
        session, school_id=school_id, actor=actor, day=day, lesson_id=lesson_id, unit=unit
    ).record
    if len(live_files(record)) >= MAX_FILES:
        raise _refuse(N_("A lesson can have at most {n} files."), n=MAX_FILES)
    file_id = secrets.token_urlsafe(18)
    folder = files_dir(root, school_id)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{file_id}.part"
    partial.write_bytes(data)
    partial.replace(folder / file_id)  # whole or absent, never half-written
    entry = {
        "id": file_id, "name": name, "type": media, "size": len(data),
        "added_by": actor.user_id, "added_at": utcnow().isoformat(), "deleted_at": None,
    }  # fmt: skip
    record.attachments = [*record.attachments, entry]  # a new list: JSON changes are seen
    record.updated_by, record.updated_at = actor.user_id, utcnow()
    session.add(record)
    audit(session, school_id=school_id, actor=actor, record=record, action=FILE_ADDED, old=None,
          new={"id": file_id, "name": name, "size": len(data)}, field="file")  # fmt: skip
    return FileLine(file_id, name, len(data), media)


def remove_attachment(
    session: Session,
    *,
    school_id: int,
    actor: Actor,
    day: date,
    lesson_id: int,
    unit: int,
    file_id: str,
) -> None:
    """Removes an attachment from the lesson (marked deleted; the file is kept for the audit).

    Raises:
        JournalNotFound: no such attachment on the lesson.
        NotYourLesson, TermClosed: see `register_access.target`.
    """
    record = target(
        session, school_id=school_id, actor=actor, day=day, lesson_id=lesson_id, unit=unit
    ).record
    if not any(f.id == file_id for f in live_files(record)):
        raise JournalNotFound("no_file", [message(N_("There is no such file."))])
    now = utcnow().isoformat()
    record.attachments = [
        {**a, "deleted_at": now} if a.get("id") == file_id else a for a in record.attachments
    ]
    session.add(record)
    name = next(str(a["name"]) for a in record.attachments if a.get("id") == file_id)
    audit(session, school_id=school_id, actor=actor, record=record, action=FILE_REMOVED,
          old={"id": file_id, "name": name}, new=None, field="file")  # fmt: skip


def attachment_file(
    session: Session, *, school_id: int, actor: Actor, record_id: int, file_id: str, root: Path
) -> StoredFile:
    """An attachment to download, for the lesson's students, their parents, teachers and admin.

    Raises:
        JournalNotFound: no such file here, or the actor is not one of the lesson's people
            (told apart from nothing, so a guessed link reveals nothing).
    """
    missing = JournalNotFound("no_file", [message(N_("There is no such file."))])
    record = session.get(LessonRecord, record_id)
    if not FILE_ID.fullmatch(file_id) or record is None or record.school_id != school_id:
        raise missing
    entry = next((f for f in live_files(record) if f.id == file_id), None)
    if entry is None or not may_see_files(session, actor, school_id, record):
        raise missing
    path = files_dir(root, school_id) / file_id
    if not path.is_file():
        raise missing
    return StoredFile(path, entry.name, entry.type)
