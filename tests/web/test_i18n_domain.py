"""Real validator and importer sentences read in Kazakh and Russian, without English left in."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from importers.asc import load_asc
from importers.excel import WorkbookError, read_workbook, write_workbook
from importers.excel.errors import WorkbookProblem
from importers.loaded import InputError
from solver.messages import Msg, nmsg
from solver.problem import Building, Lesson, Problem, Room, SchoolClass, Subject, Teacher
from solver.rules.ids import RuleId
from solver.solution import Placement, Solution, Status
from solver.validate import Violation, validate
from tests.importers.asc.test_errors import BROKEN
from tests.importers.snapshots import small_school
from tests.solver.strategies import tiny_school
from web.i18n import translator

MON, TUE, WED = 0, 1, 2
ASEL, BOLAT = 0, 1
R101, R204, GYM = 0, 1, 3
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
QUOTED = re.compile(r"«[^»]*»")  # values from the data (codes, cells) are quoted in kk and ru


def _english_left(text: str) -> list[str]:
    """Latin words outside quoted data values: English the catalogue did not replace."""
    return LATIN_WORD.findall(QUOTED.sub("", text))


def _school() -> Problem:
    """tiny_school with its people, places and subjects named in Kazakh (the days stay the
    store's English names, which the catalogue translates)."""
    return tiny_school(
        buildings=(Building(0, "Б", "Бас ғимарат"), Building(1, "С", "Спорт залы")),
        rooms=(
            Room(0, "101", "101", 0, 30, "ordinary"),
            Room(1, "204", "204", 0, 30, "ordinary"),
            Room(2, "ЗЕР", "Зертхана", 0, 30, "lab"),
            Room(3, "ЗАЛ", "Зал", 1, 60, "gym"),
        ),
        subjects=(
            Subject(0, "МАТ", "Математика", hard=True),
            Subject(1, "ФИЗ", "Физика"),
            Subject(2, "ДШ", "Дене шынықтыру"),
            Subject(3, "ТІЛ", "Тіл"),
        ),
        teachers=(
            Teacher(0, "М1", "Әсел Нұрова"),
            Teacher(1, "М2", "Болат Серіков"),
            Teacher(2, "М3", "Гүлнара Ахметова"),
        ),
        classes=(SchoolClass(0, "7А", 7, 0, 24), SchoolClass(1, "8Б", 8, 0, 25)),
        groups=(),
        lessons=tuple(
            Lesson(i, course=i, subject=0, teachers=(ASEL,), classes=(c,), rooms=rooms, label=name)
            for i, (c, rooms, name) in enumerate(
                [
                    (0, (R101, R204), "7А Математика"),
                    (1, (R101, R204), "8Б Математика"),
                    (0, (R101, R204, GYM), "7А Математика 2"),
                    (1, (R101, R204, GYM), "8Б Математика 2"),
                    (0, (R101, R204), "7А Математика 3"),
                ]
            )
        ),
    )


def _violations() -> list[Violation]:
    """A teacher clash (Tuesday), a teacher gap and class gap (Monday), and building changes
    with too little time to travel (Wednesday: 101 → Зал → 101)."""
    placed = [
        (0, TUE, 2, R101),
        (1, TUE, 2, R204),  # Әсел Нұрова teaches both at once
        (2, MON, 0, R101),
        (3, MON, 3, R101),  # two free periods between them
        (4, WED, 0, R101),
    ]
    solution = Solution(Status.FEASIBLE, tuple(Placement(*p) for p in placed))
    found = validate(_school(), solution)
    wed = Solution(
        Status.FEASIBLE,
        tuple(Placement(*p) for p in [(2, WED, 0, R101), (3, WED, 1, GYM), (4, WED, 2, R101)]),
    )
    return found + [v for v in validate(_school(), wed) if v.day == WED]


@pytest.fixture(scope="module")
def violations() -> list[Violation]:
    return _violations()


def _one(found: list[Violation], rule: RuleId) -> Msg:
    (v,) = [v for v in found if v.rule == rule]
    return v.message


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_validator_sentences_leave_no_english(violations: list[Violation], locale: str) -> None:
    rules = {v.rule for v in violations}
    wanted = {RuleId.TEACHER_CLASH, RuleId.TEACHER_GAP, RuleId.BUILDING_CHANGE, RuleId.TRAVEL}
    assert wanted <= rules
    t = translator(locale)
    for v in violations:
        text = t.render(v.message)
        assert text != str(v.message), text  # English is not passed through
        assert _english_left(text) == [], text
        assert "{" not in text and "}" not in text, text


def test_counts_take_the_russian_form_they_need(violations: list[Violation]) -> None:
    ru, kk = translator("ru"), translator("kk")
    clash = ru.render(_one(violations, RuleId.TEACHER_CLASH))
    assert clash == (
        "Әсел Нұрова: одновременно 2 урока, время: Вторник, 3-й урок: 7А Математика, 8Б Математика"
    )
    gap = _one(violations, RuleId.TEACHER_GAP)
    assert ru.render(gap) == (
        "У учителя Әсел Нұрова 2 «окна» между уроками (Понедельник; уроки 2, 3)"
    )
    assert kk.render(gap) == (
        "Мұғалім Әсел Нұрова Дүйсенбі күні сабақтар арасында 2 терезе бар (2, 3-сабақтар)"
    )
    change = ru.render(_one(violations, RuleId.BUILDING_CHANGE))
    assert change.startswith("Учитель Әсел Нұрова переходит в другой корпус 2 раза (Среда)")
    assert change.endswith("Бас ғимарат → Спорт залы → Бас ғимарат")
    # the English wording is unchanged: "once" for one, the count otherwise
    assert str(gap) == (
        "Teacher Әсел Нұрова has 2 free periods between lessons on Monday (periods 2, 3)"
    )


def test_plural_forms_follow_the_count_in_every_language() -> None:
    def gap(n: int) -> Msg:
        return nmsg(
            "Teacher {teacher} has a free period between lessons on {day} (period {periods})",
            "Teacher {teacher} has {n} free periods between lessons on {day} (periods {periods})",
            n,
            teacher="Әсел",
            day="Monday",
            periods="2",
        )

    ru = [translator("ru").render(gap(n)).split()[4] for n in (1, 2, 5, 21)]
    assert ru == ["«окно»", "«окна»", "«окон»", "«окно»"]
    assert str(gap(1)).startswith("Teacher Әсел has a free period")
    assert translator("en").render(gap(3)).startswith("Teacher Әсел has 3 free periods")
    # a plain translate function (no ngettext) still gets the English form's msgid
    assert gap(1).render(translator("kk").gettext) == translator("kk").render(gap(1))


def _workbook_problems(tmp_path: Path, edit: str) -> list[WorkbookProblem]:
    path = tmp_path / "school.xlsx"
    write_workbook(path, small_school())
    wb = openpyxl.load_workbook(path)
    if edit == "teacher":
        wb["Lessons"]["D4"] = "Т-014"  # a typo in a teacher code (Cyrillic Т)
    else:
        wb["Rooms"].delete_cols(4)  # the required Capacity column
    wb.save(path)
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    return list(info.value.problems)


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_workbook_problems_leave_no_english(tmp_path: Path, locale: str) -> None:
    t = translator(locale)
    (unknown,) = _workbook_problems(tmp_path, "teacher")
    assert unknown.hint is not None
    text = t.render(unknown.message) + " — " + t.render(unknown.hint)
    assert _english_left(text) == [], text
    assert "Т-014" in text and "T-14" in text
    header = "Вместимость" if locale == "ru" else "Сыйымдылығы"  # the workbook's own header
    missing, *empty = _workbook_problems(tmp_path, "column")
    assert [p.code for p in (missing, *empty)] == ["missing_column"] + ["missing"] * len(empty)
    assert str(missing.message) == "required column 'Capacity' is missing"
    assert str(empty[0].message) == "'Capacity' is required here"
    for problem in (missing, empty[0]):
        column = t.render(problem.message)
        assert _english_left(column) == [] and header in column, column


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_asc_reader_problems_leave_no_english(tmp_path: Path, locale: str) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_asc(path)
    t = translator(locale)
    english = [str(p) for p in info.value.problems]
    problems = [p for p in info.value.problems if isinstance(p, Msg)]
    assert len(problems) == len(english)
    chosen = [p for p, e in zip(problems, english, strict=True) if "unknown" in e]
    assert len(chosen) >= 4  # unknown teacher, subject, class, lesson ...
    for p in chosen:
        text = t.render(p).replace(path.name, "")
        assert _english_left(text) == [], text
    twice = next(p for p, e in zip(problems, english, strict=True) if "twice" in e)
    rendered = t.render(twice).replace(path.name, "")
    assert ("учитель" if locale == "ru" else "мұғалім") in rendered
    assert _english_left(rendered) == [], rendered
