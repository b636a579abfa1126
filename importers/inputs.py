"""Recognise a timetable input file and turn it into a Problem (and a snapshot, when it has one)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from importers.loaded import InputError, LoadedInput
from solver.messages import msg

if TYPE_CHECKING:
    from models.snapshot import SchoolSnapshot


def load_snapshot(path: Path) -> SchoolSnapshot:
    """Read our Excel workbook into a snapshot.

    Raises:
        InputError: with every problem of the workbook (sheet, row, column, sentence).
    """
    from importers.excel import WorkbookError, read_workbook

    try:
        return read_workbook(path)
    except WorkbookError as exc:
        raise InputError(exc.problems) from exc


def load_input(path: Path) -> LoadedInput:
    """Read INPUT by its extension (and, for .xml, its root element).

    Raises:
        InputError: unreadable, unsupported or inconsistent input, every problem listed.
    """
    if not path.exists():
        raise InputError([msg("{file}: no such file", file=str(path))])
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from solver.store import ProblemBuildError, problem_from_snapshot

        snapshot = load_snapshot(path)
        try:
            return LoadedInput(problem_from_snapshot(snapshot), snapshot)
        except ProblemBuildError as exc:
            raise InputError(exc.problems) from exc
    if suffix == ".fet":
        from importers.fet import load_fet

        return load_fet(path)
    if suffix == ".xml":
        return _load_xml(path)
    raise InputError(
        [
            msg(
                "{file}: unsupported input; give our Excel workbook (.xlsx), a FET file (.fet), "
                "an XHSTT archive or an aSc Timetables export (.xml)",
                file=str(path),
            )
        ]
    )


def _load_xml(path: Path) -> LoadedInput:
    """An XHSTT archive or an aSc Timetables export, told apart by the root element."""
    root = _root_tag(path)
    if root == "HighSchoolTimetableArchive":
        from importers.xhstt import load_xhstt

        return load_xhstt(path)
    if root == "timetable":
        from importers.asc import load_asc

        return load_asc(path)
    raise InputError(
        [
            msg(
                "{file}: an XML file whose root element is <{root}>; Sabaq reads XHSTT archives "
                "(<HighSchoolTimetableArchive>) and aSc Timetables exports (<timetable>)",
                file=str(path),
                root=root or "?",
            )
        ]
    )


def _root_tag(path: Path) -> str:
    """The name of the first element, read incrementally (the file may be large or broken)."""
    import xml.etree.ElementTree as ET

    import defusedxml
    import defusedxml.ElementTree as SafeET

    from importers.fet.document import entities_refused

    try:
        for _event, element in SafeET.iterparse(path, events=("start",)):
            return str(element.tag)
    except defusedxml.DefusedXmlException as exc:  # before any element: a billion laughs
        raise InputError([entities_refused(path.name)]) from exc
    except ET.ParseError:
        return ""
    return ""
