from __future__ import annotations

import tempfile
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import MergedCell

from importers.excel import WorkbookError, read_workbook, write_workbook
from importers.excel.layout import all_sheet_titles
from tests.importers.snapshots import small_school

_cells = st.one_of(
    st.none(),
    st.text(max_size=8).filter(lambda t: t.isprintable()),
    st.sampled_from(["x", "иә", "Mon·1·1", "Teacher code", "Код учителя *", "#", "=1+1", "08:00"]),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2100, 1, 1)),
    st.times().map(lambda t: time(t.hour, t.minute)),
)
_edits = st.lists(st.tuples(st.integers(1, 12), st.integers(1, 14), _cells), max_size=25)


def _read_never_crashes(path: Path) -> None:
    try:
        read_workbook(path)
    except WorkbookError as exc:
        assert exc.problems
        assert all(p.code != "internal" for p in exc.problems), exc
        for p in exc.problems:
            assert str(p)  # every problem renders to a sentence


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from([*all_sheet_titles(), "Sheet1", "Лист"]), _edits),
        max_size=6,
        unique_by=lambda t: t[0],
    )
)
def test_random_workbooks_never_crash_the_reader(sheets: list[tuple[str, list]]) -> None:
    wb = openpyxl.Workbook()
    for title, edits in sheets:
        ws = wb.create_sheet(title)
        for r, c, v in edits:
            ws.cell(r, c, v)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "junk.xlsx"
        wb.save(path)
        _read_never_crashes(path)


@pytest.fixture(scope="module")
def valid_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wb") / "school.xlsx"
    write_workbook(path, small_school())
    return path


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(all_sheet_titles()[0::3]), _edits), max_size=4))
def test_damaged_valid_workbooks_never_crash_the_reader(
    valid_workbook: Path, damage: list[tuple[str, list]]
) -> None:
    wb = openpyxl.load_workbook(valid_workbook)
    for title, edits in damage:
        if title in wb.sheetnames:
            for r, c, v in edits:
                cell = wb[title].cell(r, c)
                if not isinstance(cell, MergedCell):  # merged cells cannot be typed into
                    cell.value = v
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "damaged.xlsx"
        wb.save(path)
        _read_never_crashes(path)
