"""Upload a school's data file: every problem located by sheet and cell, or a new data version."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlmodel import Session

from importers.excel.errors import WorkbookProblem
from importers.fet.snapshot import snapshot_from_fet
from importers.inputs import load_input, load_snapshot
from importers.loaded import InputError
from models.errors import InvalidSnapshot
from models.i18n import N_, Message, message
from models.school_data import ImportResult, apply_snapshot, read_snapshot
from models.snapshot import SchoolSnapshot
from solver.messages import Msg
from solver.store import ProblemBuildError, problem_from_snapshot
from web.services.office import school_of

ACCEPTED = (".xlsx", ".xlsm", ".fet", ".xml")
MAX_BYTES = 20 * 1024 * 1024
Sentence = Msg | Message


@dataclass(frozen=True, slots=True)
class UploadProblem:
    """One thing to fix in the file: where (sheet and cell, when known) and what, in words."""

    sheet: str  # "" for the whole file
    cell: str  # "C14", "14" (a whole row), "C" (a column) or ""
    message: Sentence
    hint: Sentence | None = None


@dataclass(frozen=True)
class SheetProblems:
    """The problems of one sheet, in the order the reader found them."""

    sheet: str
    problems: tuple[UploadProblem, ...]


@dataclass(frozen=True)
class UploadOutcome:
    """What an upload did: the problems (nothing written), or the import (or dry run) result."""

    filename: str
    problems: tuple[SheetProblems, ...] = ()
    result: ImportResult | None = None
    notes: tuple[Sentence, ...] = ()  # what the file could not carry over, and where it went

    @property
    def count(self) -> int:
        """How many problems the file has."""
        return sum(len(s.problems) for s in self.problems)


def _safe_name(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name
    return re.sub(r"[^\w.\- ]", "_", name).strip() or "upload"


def _located(item: object, path: Path, name: str) -> UploadProblem:
    """A reader's problem (a workbook problem or a sentence) with the file named as uploaded."""
    if isinstance(item, WorkbookProblem):
        cell = f"{item.column}{'' if item.row is None else item.row}"
        return UploadProblem(item.sheet, cell, item.message, item.hint)
    if isinstance(item, Msg | Message):
        return UploadProblem("", "", _named(item, path, name))
    return UploadProblem("", "", Message("{text}", {"text": str(item)}))  # not a msgid


def group_by_sheet(problems: Sequence[UploadProblem]) -> tuple[SheetProblems, ...]:
    """Problems grouped by sheet, sheets in the order their first problem was found."""
    groups: dict[str, list[UploadProblem]] = {}
    for p in problems:
        groups.setdefault(p.sheet, []).append(p)
    return tuple(SheetProblems(sheet, tuple(items)) for sheet, items in groups.items())


def _refused(name: str, problems: Sequence[UploadProblem]) -> UploadOutcome:
    return UploadOutcome(name, group_by_sheet(problems))


@dataclass(frozen=True)
class ReadUpload:
    """The school data a file holds, and what of the file could not be carried over."""

    snapshot: SchoolSnapshot
    warnings: tuple[Sentence, ...] = ()
    whole_school: bool = True  # False: the file describes the timetable only (FET)


def read_upload(path: Path, name: str) -> ReadUpload | list[UploadProblem]:
    """The school data in a file, or every problem the readers found in it."""
    try:
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm", ".fet"):
            read = _read_school(path, name)
            problem_from_snapshot(read.snapshot)  # what the solver would refuse, refused now
            return read
        loaded = load_input(path)
    except InputError as exc:
        return [_located(p, path, name) for p in exc.problems]
    except ProblemBuildError as exc:
        return [_located(p, path, name) for p in exc.problems]
    if loaded.snapshot is None:
        text = N_(
            "{file} describes a timetabling problem but no school (teachers, classes, rooms by "
            "code) that the store can keep; upload the school's Excel workbook instead, or "
            "solve this file with `sabaq solve`."
        )
        return [UploadProblem("", "", message(text, file=name))]
    return ReadUpload(loaded.snapshot, tuple(_named(w, path, name) for w in loaded.warnings))


def _read_school(path: Path, name: str) -> ReadUpload:
    """Our workbook, or a FET file with what the store cannot hold as warnings.

    Raises:
        InputError: every problem of the file.
    """
    if path.suffix.lower() != ".fet":
        return ReadUpload(load_snapshot(path))
    fet = snapshot_from_fet(path)
    warnings = _condensed([_named(w, path, name) for w in fet.warnings])
    return ReadUpload(fet.snapshot, warnings, whole_school=False)


def _condensed(sentences: Sequence[Sentence], keep: int = 3) -> tuple[Sentence, ...]:
    """The first `keep` sentences of each kind (same template), then how many more there are,
    so that a file with a hundred alike warnings does not bury the others."""
    by_template: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_template.setdefault(sentence.template, []).append(sentence)
    out: list[Sentence] = []
    for alike in by_template.values():
        out.extend(alike[:keep])
        if len(alike) > keep:
            text = N_("… and {count} more like the one above.")
            out.append(message(text, count=len(alike) - keep))
    return tuple(out)


def _named(sentence: Sentence, path: Path, name: str) -> Sentence:
    """A sentence naming the file as uploaded, not by its temporary path or stored name."""
    params = {k: name if v in (str(path), path.name) else v for k, v in sentence.params.items()}
    return replace(sentence, params=params)


def import_upload(
    session: Session,
    *,
    school_id: int,
    filename: str,
    content: bytes,
    dry_run: bool,
    actor: str,
) -> UploadOutcome:
    """Read an uploaded workbook (or other school file) into the viewer's school.

    On any problem nothing is written and every problem is returned with its sheet and cell.
    The data always goes to the viewer's own school, whatever school code the file names.

    Args:
        session: an open session; the caller commits.
        school_id: the viewer's school.
        filename: the name the browser sent (only its last part is used).
        content: the file's bytes.
        dry_run: work out the changes, then write nothing.
        actor: the viewer's login, for the audit log and the version's source.

    Returns:
        The problems, or the import result with its change list.
    """
    name = _safe_name(filename)
    if Path(name).suffix.lower() not in ACCEPTED:
        text = N_("{file}: upload the school's Excel workbook (.xlsx) or a FET file (.fet).")
        return _refused(name, [UploadProblem("", "", message(text, file=name))])
    if not content or len(content) > MAX_BYTES:
        text = N_("{file} is empty or larger than {mb} MB.")
        return _refused(name, [UploadProblem("", "", message(text, file=name, mb=20))])
    with tempfile.TemporaryDirectory(prefix="sabaq-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        read = read_upload(path, name)
    if isinstance(read, list):
        return _refused(name, read)
    return _store(session, school_id, read, name, dry_run, actor)


def _store(
    session: Session, school_id: int, read: ReadUpload, name: str, dry_run: bool, actor: str
) -> UploadOutcome:
    school = school_of(session, school_id)
    snapshot = read.snapshot
    notes: list[Sentence] = list(read.warnings)
    if not read.whole_school:
        current = read_snapshot(session, school_code=school.code)
        snapshot, left_out = _keep_what_the_file_lacks(snapshot, current)
        if left_out:
            text = N_(
                "{count} students are in classes or subgroups the file does not have; they are "
                "not in this data version (earlier versions keep them)."
            )
            notes.append(message(text, count=left_out))
    if snapshot.school.code != school.code:
        text = N_("The file names the school {named}; its data goes to your school {code}.")
        notes.append(message(text, named=snapshot.school.code, code=school.code))
        snapshot = replace(snapshot, school=replace(snapshot.school, code=school.code))
    try:
        result = apply_snapshot(session, snapshot, source=name, dry_run=dry_run, actor=actor)
    except InvalidSnapshot as exc:
        return _refused(name, [UploadProblem("", "", m) for m in exc.messages])
    return UploadOutcome(name, result=result, notes=tuple(notes))


def _keep_what_the_file_lacks(
    snapshot: SchoolSnapshot, current: SchoolSnapshot
) -> tuple[SchoolSnapshot, int]:
    """A timetable file (FET) knows nothing of the school's name, city, language, terms,
    students and parents: keep the stored ones (students whose class and subgroups the file
    still has, parents of those), and say how many students are left out."""
    school = replace(current.school, days_per_week=snapshot.school.days_per_week)
    groups = {(g.class_code, g.division, g.code) for g in snapshot.subgroups}
    classes = {c.code for c in snapshot.classes}
    students = tuple(
        s
        for s in current.students
        if s.class_code in classes and all((s.class_code, *g) in groups for g in s.subgroups)
    )
    kept = {s.code for s in students}
    parents = tuple(
        replace(p, children=tuple(c for c in p.children if c in kept))
        for p in current.parents
        if kept.intersection(p.children)
    )
    whole = replace(
        snapshot, school=school, terms=current.terms, students=students, parents=parents
    )
    return whole, len(current.students) - len(students)


def change_lines(result: ImportResult, limit: int = 500) -> tuple[list[Message], int]:
    """The first `limit` changes in sentences, and how many more there are."""
    changes = result.changes
    return [c.message() for c in changes[:limit]], max(0, len(changes) - limit)
