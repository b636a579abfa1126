from __future__ import annotations

import base64
import re
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from importers.export_pdf import export_timetable_pdf, write_pdf
from models.errors import NotFound
from models.snapshot import BuildingInfo, SchoolSnapshot, TravelInfo
from solver.solution import Solution, Status
from solver.store import placements_from_locked, problem_from_snapshot
from tests.importers.snapshots import small_school
from tests.importers.test_grids import PLACED

KAZAKH = "әғқңөұүһі"

# ---- reading a PDF back: pypdf when installed, else ReportLab's own output parsed by hand ----

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STREAM = re.compile(rb"/Length (\d+).*?stream\r?\n", re.S)
_SHOW = re.compile(rb"/(F\d+(?:\+\d+)?)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\()])*)\)\s*Tj", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _stream(body: bytes) -> bytes:
    found = _STREAM.search(body)
    raw = body[found.end() : found.end() + int(found.group(1))]
    if b"/ASCII85Decode" in body:
        raw = base64.a85decode(raw.strip(), adobe=True)
    return zlib.decompress(raw) if b"/FlateDecode" in body else raw


def _unescape(text: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(text):
        if text[i : i + 1] != b"\\":
            out += text[i : i + 1]
            i += 1
            continue
        octal = re.match(rb"[0-7]{1,3}", text[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(0), 8))
            i += 1 + len(octal.group(0))
        else:
            out += _ESCAPES.get(text[i + 1 : i + 2], text[i + 1 : i + 2])
            i += 2
    return bytes(out)


def _pages_by_hand(data: bytes) -> list[str]:
    objects = {int(n): body for n, body in _OBJECT.findall(data)}
    cmaps: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        font = re.search(rb"/Name /(F\d+\+\d+).*?/ToUnicode (\d+) 0 R", body, re.S)
        if font:
            cmap = _stream(objects[int(font.group(2))])
            chars = b"".join(re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S))
            pairs = re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", chars)
            cmaps[font.group(1)] = {int(a, 16): bytes.fromhex(b.decode()).decode("utf-16-be")
                                    for a, b in pairs}  # fmt: skip
    kids = re.search(rb"/Kids \[([^\]]*)\]", data).group(1)
    pages = []
    for ref in re.findall(rb"(\d+) 0 R", kids):
        content = int(re.search(rb"/Contents (\d+) 0 R", objects[int(ref)]).group(1))
        font, words = b"", []
        for match in _SHOW.finditer(_stream(objects[content])):
            if match.group(1):
                font = match.group(1)
                continue
            raw = _unescape(match.group(2))
            table = cmaps.get(font)
            words.append(
                "".join(table.get(b, "?") for b in raw) if table else raw.decode("latin-1")
            )
        pages.append(" ".join(words))
    return pages


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, whitespace collapsed."""
    try:
        from pypdf import PdfReader
    except ImportError:
        texts = _pages_by_hand(path.read_bytes())
    else:
        texts = [page.extract_text() for page in PdfReader(path).pages]
    return [" ".join(t.split()) for t in texts]


def page_sizes(path: Path) -> list[tuple[int, int]]:
    """(width, height) in points of each page, from the MediaBoxes in page order."""
    data = path.read_bytes()
    boxes = re.findall(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", data)
    return [(round(float(w)), round(float(h))) for w, h in boxes]


# ---- the tests ----


@pytest.fixture
def school() -> SchoolSnapshot:
    """The small school (Kazakh names) with a building whose name has the letter һ."""
    base = small_school()
    gym = BuildingInfo("GYM", "Шаһар спорт залы")
    return replace(
        base, buildings=(base.buildings[0], gym), travel=(TravelInfo("MAIN", "GYM", 20),)
    )


def test_one_page_per_class_with_its_name_and_kazakh_letters(tmp_path: Path, school) -> None:
    out = tmp_path / "classes.pdf"
    write_pdf(school, PLACED, out, kind="class", language="kk")
    pages = pdf_pages(out)
    assert len(pages) == len(school.classes) == 3
    assert ["Class 2А" in pages[0], "Class 7Ә" in pages[1], "Class 7Б" in pages[2]] == [True] * 3
    assert all(p.startswith("№ 7 мектеп-гимназия") for p in pages)
    assert "Әсел Нұрова" in pages[1] and "Математика" in pages[1]
    assert "Іңкәр Үсенова" in pages[2]  # the joined group lesson on 7Б's page
    assert all(size == (842, 595) for size in page_sizes(out))  # A4 landscape
    text = " ".join(pages).casefold()
    assert set(KAZAKH) <= set(text)
    assert b"DejaVuSansCondensed" in out.read_bytes()


def test_headers_are_translated_and_buildings_marked(tmp_path: Path, school) -> None:
    words = {
        "Class {name}": "{name} сынып",
        "Teacher: {name}": "Мұғалім: {name}",
        "Monday": "Дүйсенбі",
        "Period {period}": "{period}-сабақ",
        "Buildings": "Ғимараттар",
        "from {origin}, {minutes} min; the break is only {gap} min": (
            "{origin} ғимаратынан, {minutes} мин; үзіліс {gap} мин"
        ),
    }
    out = tmp_path / "t.pdf"
    write_pdf(
        school, PLACED, out, kind="teacher", codes=["T-3"], translate=lambda s: words.get(s, s)
    )
    (page,) = pdf_pages(out)
    assert "Мұғалім: Іңкәр Үсенова" in page and "Дүйсенбі" in page and "1-сабақ" in page
    assert "Ғимараттар: MAIN — Бас ғимарат; GYM — Шаһар спорт залы" in page
    assert "204 (MAIN)" in page and "ЗАЛ (GYM)" in page  # every lesson names its building
    assert "GYM ғимаратынан, 20 мин; үзіліс 15 мин" in page  # the too-short walk on Tuesday


def test_a_chosen_page_and_an_unknown_code(tmp_path: Path, school) -> None:
    out = tmp_path / "one.pdf"
    write_pdf(school, PLACED, out, kind="room", codes=["ЗАЛ"])
    (page,) = pdf_pages(out)
    assert "Room: Спорт залы" in page and "2А Дене шынықтыру" in page
    with pytest.raises(NotFound):
        write_pdf(school, PLACED, tmp_path / "x.pdf", kind="class", codes=["99Z"])


def test_wall_chart_comes_first_on_a3(tmp_path: Path, school) -> None:
    out = tmp_path / "all.pdf"
    write_pdf(school, PLACED, out, kind="class", master=True)
    pages, sizes = pdf_pages(out), page_sizes(out)
    chart = [i for i, size in enumerate(sizes) if size == (1191, 842)]  # A3 landscape
    assert chart and chart == list(range(len(chart)))  # the chart's pages come first
    assert len(pages) == len(chart) + 3
    assert "All classes" in pages[0] and "Monday" in pages[0]
    assert all(code in " ".join(pages[: len(chart)]) for code in ("2А", "7Ә", "7Б"))
    only_chart = tmp_path / "chart.pdf"
    write_pdf(school, PLACED, only_chart, master=True)
    assert len(pdf_pages(only_chart)) == len(chart)


def test_a_solver_answer_prints_chart_classes_teachers_and_rooms(tmp_path: Path, school) -> None:
    problem = problem_from_snapshot(school)
    solution = Solution(Status.FEASIBLE, tuple(placements_from_locked(problem, school, PLACED)))
    out = tmp_path / "solve.pdf"
    export_timetable_pdf(problem, solution, out)  # no snapshot: as for a FET input
    pages = pdf_pages(out)
    chart = sum(1 for size in page_sizes(out) if size == (1191, 842))
    owners = len(school.classes) + len(school.teachers) + len(school.rooms)
    assert len(pages) == chart + owners
    assert "Teacher: Ғалым Өтегенұлы" in " ".join(pages)
