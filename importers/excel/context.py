"""What the reader has learned so far: the sheets found, the problems and the records built."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from importers.excel.cells import RowReader
from importers.excel.errors import Problems
from importers.excel.sheets import Table
from models.snapshot import (
    BellPeriod,
    BuildingInfo,
    ClassInfo,
    Holiday,
    LessonReq,
    LockedLesson,
    ParentInfo,
    RoomInfo,
    RuleRow,
    SchoolInfo,
    SlotRef,
    SnapshotSettings,
    StudentInfo,
    SubgroupInfo,
    SubjectInfo,
    TeacherInfo,
    TermInfo,
    TravelInfo,
)


@dataclass
class Context:
    """Records by code, in sheet order; later sheets check their references against earlier ones."""

    problems: Problems
    tables: dict[str, Table]
    school: SchoolInfo | None = None
    terms: dict[str, TermInfo] = field(default_factory=dict)
    holidays: dict[str, list[Holiday]] = field(default_factory=dict)
    buildings: dict[str, BuildingInfo] = field(default_factory=dict)
    travel: list[TravelInfo] = field(default_factory=list)
    rooms: dict[str, RoomInfo] = field(default_factory=dict)
    subjects: dict[str, SubjectInfo] = field(default_factory=dict)
    bells: list[BellPeriod] = field(default_factory=list)
    # (shift, number) of every Bells row, valid or not, so later sheets do not repeat its problem
    bell_keys: list[tuple[str, int]] = field(default_factory=list)
    teachers: dict[str, TeacherInfo] = field(default_factory=dict)
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    subgroups: list[SubgroupInfo] = field(default_factory=list)
    lessons: dict[str, LessonReq] = field(default_factory=dict)
    students: dict[str, StudentInfo] = field(default_factory=dict)
    parents: dict[str, ParentInfo] = field(default_factory=dict)
    locked: list[LockedLesson] = field(default_factory=list)
    rules: list[RuleRow] = field(default_factory=list)
    settings: SnapshotSettings = field(default_factory=SnapshotSettings)
    # availability marks by (type, code), applied to teachers/classes/rooms at the end
    unavailable: dict[tuple[str, str], tuple[SlotRef, ...]] = field(default_factory=dict)

    @property
    def days(self) -> int:
        """School days a week (5 when the School sheet could not be read)."""
        return self.school.days_per_week if self.school is not None else 5

    @property
    def shifts(self) -> list[str]:
        """Shift codes that have bells, in order of appearance."""
        return list(dict.fromkeys(shift for shift, _ in self.bell_keys))

    def periods(self, shift: str) -> set[int]:
        """Period numbers of one shift's bells."""
        return {number for s, number in self.bell_keys if s == shift}

    def subgroup_codes(self, class_code: str) -> list[str]:
        """Subgroup codes of one class."""
        return [g.code for g in self.subgroups if g.class_code == class_code]

    def rows(self, sheet: str) -> Iterator[RowReader]:
        """A reader for each data row of a sheet (none when the sheet is absent)."""
        table = self.tables.get(sheet)
        if table is None:
            return
        for cells in table.rows:
            yield RowReader(table, cells, self.problems)
