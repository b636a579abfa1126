"""The roster workbook: the school workbook's Students and Parents sheets, with codes optional.

Same sheet titles and kk/ru/en headers as the school workbook, so a school can fill either. A
person without a code is matched by full name (the school workbook's reader needs codes).
"""

from __future__ import annotations

from dataclasses import replace

from importers.excel.layout import PARENTS, STUDENTS, SheetSpec


def _roster(spec: SheetSpec) -> SheetSpec:
    columns = tuple(replace(c, required=False) if c.key == "code" else c for c in spec.columns)
    # required: a sheet without a recognisable header is a problem, never "no one"
    return replace(spec, columns=columns, required=True)


ROSTER_STUDENTS = _roster(STUDENTS)
ROSTER_PARENTS = _roster(PARENTS)
ROSTER_SHEETS: tuple[SheetSpec, ...] = (ROSTER_STUDENTS, ROSTER_PARENTS)
ROSTER_BY_NAME = {spec.name: spec for spec in ROSTER_SHEETS}
