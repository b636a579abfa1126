"""The starter courses in lms/content: files parse, references exist, reference solutions answer."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

CONTENT = Path(__file__).resolve().parents[2] / "lms" / "content"
PYTHON = CONTENT / "python-first-steps"
HTML = CONTENT / "html-css-basics"
COURSES = [PYTHON, HTML]
LANGS = ("kk", "ru")
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
CHECKERS = {"tokens", "exact", "float", "lines-unordered"}
QUIZ_KINDS = {"single", "multiple", "blanks"}
BLANK = re.compile(r"\{\{(.*?)\}\}")
TEST_NAME = re.compile(r"^\d{2,}\.in$")
STATEMENT_HEADINGS = {
    "kk": ("## Кіріс деректері", "## Шығыс деректері"),
    "ru": ("## Входные данные", "## Выходные данные"),
}


def load(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        return tomllib.load(f)


def lesson_dirs(course: Path) -> list[Path]:
    return sorted(p for p in (course / "lessons").iterdir() if p.is_dir())


def task_dirs(course: Path) -> list[Path]:
    tasks = course / "tasks"
    return sorted(p for p in tasks.iterdir() if p.is_dir()) if tasks.is_dir() else []


def all_lessons() -> list[Path]:
    return [p for course in COURSES for p in lesson_dirs(course)]


def has_texts(table: Any, langs: tuple[str, ...] = LANGS) -> bool:
    return isinstance(table, dict) and all(
        isinstance(table.get(lang), str) and table[lang].strip() for lang in langs
    )


def read_tests(task: Path) -> list[tuple[Path, Path]]:
    ins = sorted(p for p in (task / "tests").iterdir() if p.suffix == ".in")
    return [(p, p.with_suffix(".ans")) for p in ins]


def same_answer(out: str, ans: str, checker: str, tolerance: float) -> bool:
    """Judge `out` against `ans` as the task's checker would (tokens for tokens and exact)."""
    if checker == "lines-unordered":
        lines_out = sorted(line.strip() for line in out.strip().splitlines())
        return lines_out == sorted(line.strip() for line in ans.strip().splitlines())
    got, want = out.split(), ans.split()
    if checker != "float" or len(got) != len(want):
        return got == want
    for g, w in zip(got, want, strict=True):
        try:
            if abs(float(g) - float(w)) > tolerance * max(1.0, abs(float(w))):
                return False
        except ValueError:
            if g != w:
                return False
    return True


@pytest.mark.parametrize("course", COURSES, ids=lambda p: p.name)
def test_course_lists_every_lesson_once(course: Path) -> None:
    data = load(course / "course.toml")
    assert data["slug"] == course.name
    assert data["grades"] == [7, 8, 9]
    assert has_texts(data["title"], (*LANGS, "en"))
    assert has_texts(data["description"], (*LANGS, "en"))
    listed: list[str] = []
    for module in data["modules"]:
        assert re.fullmatch(r"[a-z0-9-]+", module["slug"])
        assert has_texts(module["title"], (*LANGS, "en")), module["slug"]
        assert module["lessons"], module["slug"]
        listed += module["lessons"]
    assert len({m["slug"] for m in data["modules"]}) == len(data["modules"])
    assert sorted(listed) == [p.name for p in lesson_dirs(course)]
    assert len(set(listed)) == len(listed)


def check_choice(step: dict[str, Any], where: str) -> None:
    assert has_texts(step["question"]), where
    assert has_texts(step["explanation"]), where
    options = step["options"]
    assert len(options) >= 2, where
    assert all(has_texts(o) and isinstance(o["correct"], bool) for o in options), where
    right = sum(o["correct"] for o in options)
    if step["kind"] == "single":
        assert right == 1, where
    else:
        assert 1 <= right < len(options), where


def check_blanks(step: dict[str, Any], where: str) -> None:
    answers = step["answers"]
    assert answers and all(a and all(isinstance(x, str) and x for x in a) for a in answers), where
    assert has_texts(step["text"]), where
    for lang in LANGS:
        marks = BLANK.findall(step["text"][lang])
        assert len(marks) == len(answers), (where, lang)
        # The marker shows the first accepted answer, so either reading of the format works.
        assert marks == [a[0] for a in answers], (where, lang)


def check_step(step: dict[str, Any], lesson: Path, where: str) -> None:
    kind = step["kind"]
    if kind == "text":
        for lang in LANGS:
            text = (lesson / f"{step['file']}.{lang}.md").read_text(encoding="utf-8")
            assert text.strip(), (where, lang)
            assert "{{" not in text, (where, lang)
    elif kind in ("single", "multiple"):
        check_choice(step, where)
    elif kind == "blanks":
        check_blanks(step, where)
    elif kind == "task":
        course = lesson.parents[1]
        assert (course / "tasks" / step["task"] / "task.toml").is_file(), where
    else:
        pytest.fail(f"{where}: unknown step kind {kind!r}")


@pytest.mark.parametrize("lesson", all_lessons(), ids=lambda p: f"{p.parents[1].name}/{p.name}")
def test_lesson_steps_are_complete(lesson: Path) -> None:
    data = load(lesson / "lesson.toml")
    assert has_texts(data["title"], (*LANGS, "en"))
    assert isinstance(data["minutes"], int) and 5 <= data["minutes"] <= 90
    steps = data["steps"]
    assert steps[0]["kind"] == "text"
    for i, step in enumerate(steps, 1):
        check_step(step, lesson, f"{lesson.name} step {i}")
    kinds = [s["kind"] for s in steps]
    assert 1 <= sum(k in QUIZ_KINDS for k in kinds) <= 3, kinds
    if lesson.parents[1] == PYTHON:
        assert 1 <= kinds.count("task") <= 3, kinds
    texts = [lesson / f"{s['file']}.kk.md" for s in steps if s["kind"] == "text"]
    kazakh = "".join(p.read_text(encoding="utf-8") for p in texts)
    assert KAZAKH_LETTERS & set(kazakh), "the Kazakh text has no Kazakh letters"


def test_every_task_is_used_once_and_the_course_is_big_enough() -> None:
    used = [
        step["task"]
        for lesson in lesson_dirs(PYTHON)
        for step in load(lesson / "lesson.toml")["steps"]
        if step["kind"] == "task"
    ]
    assert sorted(used) == [p.name for p in task_dirs(PYTHON)]
    assert len(lesson_dirs(PYTHON)) >= 20
    assert len(task_dirs(PYTHON)) >= 40
    assert len(lesson_dirs(HTML)) == 3
    blanks = sum(
        s["kind"] == "blanks" for p in lesson_dirs(PYTHON) for s in load(p / "lesson.toml")["steps"]
    )
    assert blanks >= 5


@pytest.mark.parametrize("task", task_dirs(PYTHON), ids=lambda p: p.name)
def test_task_folder_follows_the_judge_format(task: Path) -> None:
    data = load(task / "task.toml")
    assert data["slug"] == task.name and re.fullmatch(r"[a-z0-9-]+", task.name)
    assert data["time_limit"] == 1.0 and data["memory_limit"] == 256
    assert data["checker"] in CHECKERS
    assert ("float_tolerance" in data) == (data["checker"] == "float")
    assert data.get("io", "stdio") == "stdio"
    assert has_texts(data["title"], (*LANGS, "en"))
    for lang in LANGS:
        text = (task / f"statement.{lang}.md").read_text(encoding="utf-8")
        for heading in STATEMENT_HEADINGS[lang]:
            assert heading in text, (lang, heading)
    assert KAZAKH_LETTERS & set((task / "statement.kk.md").read_text(encoding="utf-8"))
    tests = read_tests(task)
    assert len(tests) >= 3
    names = sorted(p.name for p in (task / "tests").iterdir())
    assert names == sorted([i.name for i, _ in tests] + [a.name for _, a in tests])
    assert all(TEST_NAME.match(i.name) for i, _ in tests)
    assert [int(i.stem) for i, _ in tests] == list(range(1, len(tests) + 1))
    assert set(data["examples"]) <= set(range(1, len(tests) + 1)) and data["examples"]
    assert (task / "solutions" / "ref.py").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("task", task_dirs(PYTHON), ids=lambda p: p.name)
def test_reference_solution_answers_every_test(task: Path) -> None:
    python3 = shutil.which("python3")
    assert python3, "python3 is not on PATH"
    data = load(task / "task.toml")
    tolerance = float(data.get("float_tolerance", 0.0))
    for test_in, test_ans in read_tests(task):
        run = subprocess.run(
            [python3, str(task / "solutions" / "ref.py")],
            input=test_in.read_bytes(),
            capture_output=True,
            timeout=20,
            check=False,
        )
        assert run.returncode == 0, (test_in.name, run.stderr.decode())
        out = run.stdout.decode("utf-8")
        ans = test_ans.read_text(encoding="utf-8")
        assert same_answer(out, ans, data["checker"], tolerance), test_in.name
