"""Our demo school through aSc XML and back: same people, lessons and placements."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.asc import export_asc, load_asc
from importers.asc.xmltree import parse_xml
from importers.inputs import load_input
from importers.loaded import LoadedInput
from solver.params import SolveParams
from solver.solution import Solution, Status
from solver.solve import solve
from solver.validate import summarize, validate
from tests.importers.asc.facts import fixed_placements, placement_facts, school_facts

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "small-school.xlsx"


@pytest.fixture(scope="module")
def solved() -> tuple[LoadedInput, Solution]:
    loaded = load_input(EXAMPLE)
    solution = solve(loaded.problem, SolveParams(time_limit_s=2, seed=1, workers=2))
    assert solution.complete
    return loaded, solution


@pytest.fixture(scope="module")
def exported(
    solved: tuple[LoadedInput, Solution], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    loaded, solution = solved
    out = tmp_path_factory.mktemp("asc") / "small-school.xml"
    export_asc(loaded.problem, solution, out, loaded.snapshot)
    return out


def test_same_school_comes_back(solved: tuple[LoadedInput, Solution], exported: Path) -> None:
    loaded, _ = solved
    back = load_asc(exported)
    assert back.snapshot is not None and loaded.snapshot is not None
    assert school_facts(back.problem, back.snapshot) == school_facts(
        loaded.problem, loaded.snapshot
    )
    assert [c.shift for c in back.snapshot.classes] == [c.shift for c in loaded.snapshot.classes]
    assert back.snapshot.bells == loaded.snapshot.bells  # two shifts, numbered from 1 again


def test_same_placements_come_back(solved: tuple[LoadedInput, Solution], exported: Path) -> None:
    loaded, solution = solved
    assert loaded.snapshot is not None
    back = load_asc(exported)
    assert back.snapshot is not None
    assert len(back.problem.fixed) == len(loaded.problem.lessons)
    assert placement_facts(back.problem, back.snapshot, fixed_placements(back.problem)) == (
        placement_facts(loaded.problem, loaded.snapshot, solution.placements)
    )
    locks = {(x.lesson_key, x.day, x.shift, x.period, x.room) for x in back.snapshot.locked}
    from solver.store import locked_from_solution

    ours = locked_from_solution(loaded.problem, loaded.snapshot, solution)
    assert locks == {(x.lesson_key, x.day, x.shift, x.period, x.room) for x in ours}


def test_read_back_timetable_is_valid_and_kept_by_solve(exported: Path, tmp_path: Path) -> None:
    back = load_asc(exported)
    again = solve(back.problem, SolveParams(time_limit_s=2, seed=2, workers=2))
    assert again.complete
    assert summarize(validate(back.problem, again)).hard_violations == 0
    kept = {(p.lesson, p.day, p.period, p.room) for p in again.placements}
    assert kept == {(f.lesson, f.day, f.period, f.room) for f in back.problem.fixed}
    out = tmp_path / "again.xml"
    back.writers[".xml"](again, out)
    # the same file, cards perhaps in another order
    assert sorted(out.read_text(encoding="utf-8").splitlines()) == sorted(
        exported.read_text(encoding="utf-8").splitlines()
    )


def test_file_has_aSc_layout(exported: Path) -> None:
    root = parse_xml(exported.read_bytes())
    assert root.tag == "timetable" and root.get("importtype") == "database"
    assert "idprefix:" in root.get("options")
    tables = [t.tag for t in root.children]
    assert tables == [
        "periods", "daysdefs", "weeksdefs", "termsdefs", "subjects", "teachers", "buildings",
        "classrooms", "grades", "classes", "groups", "students", "lessons", "cards",
    ]  # fmt: skip
    for table in root.children:
        columns = set(table.get("columns").split(","))
        for row in table.children:
            assert set(row.attrs) <= columns, (table.tag, row.attrs)
    days = {c.get("days") for t in root.rows("cards") for c in t.children}
    assert all(len(d) == 6 and d.count("1") == 1 for d in days)


def test_unplaced_lessons_get_no_cards(
    solved: tuple[LoadedInput, Solution], tmp_path: Path
) -> None:
    loaded, solution = solved
    half = Solution(Status.UNKNOWN, solution.placements[::2])
    out = tmp_path / "half.xml"
    export_asc(loaded.problem, half, out, loaded.snapshot)
    back = load_asc(out)
    assert len(back.problem.fixed) == len(half.placements)
    assert len(back.problem.lessons) == len(loaded.problem.lessons)
