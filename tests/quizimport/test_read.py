"""Reading quiz files: every kind of Moodle XML and GIFT question as our steps, feedback kept,
images found, escapes read, and every problem named with its place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lms.quizimport import Quiz, read_quiz
from lms.quizimport.html import to_markdown

FIXTURES = Path(__file__).parent / "fixtures"


def _read(name: str, lang: str = "ru") -> Quiz:
    return read_quiz((FIXTURES / name).read_bytes(), lang)


def _steps(quiz: Quiz) -> dict[str, dict[str, Any] | None]:
    return {q.name or str(q.place): q.step for q in quiz.questions}


def test_moodle_xml_questions_become_steps_of_our_kinds() -> None:
    quiz = _read("loops.xml")
    assert quiz.format == "moodle" and quiz.all_problems() == []
    steps = _steps(quiz)
    kinds = {name: step["kind"] if step else None for name, step in steps.items()}
    assert kinds == {
        "Сколько раз?": "single", "Циклы Python": "multiple", "break": "single",
        "Ключевое слово": "blanks", "Сумма": "blanks", "Функции": "matching",
        "Бесконечный цикл": "open", "Вступление": "text", "Пропуски": "blanks", "Формула": None,
    }  # fmt: skip
    first = steps["Сколько раз?"]
    assert first is not None
    assert [o["correct"] for o in first["options"]] == [True, False, False]
    assert first["options"][1]["why"] == {"ru": "Ноль тоже считается."}
    assert first["explanation"] == {"ru": "range(3) даёт 0, 1 и 2."}
    assert "`for i in range(3)`" in first["question"]["ru"]
    [image] = quiz.files
    assert image.startswith("quiz/") and image.endswith("-loop-diagram.png")
    assert f"![схема цикла]({image})" in first["question"]["ru"]
    assert quiz.files[image].startswith(b"\x89PNG")
    assert {q.category for q in quiz.questions} == {"Циклы/while"}


def test_moodle_answers_feedback_and_what_cannot_be_kept() -> None:
    quiz = _read("loops.xml")
    steps = _steps(quiz)
    assert steps["break"]["options"][0] == {"ru": "Верно", "correct": True, "why": {"ru": "Да."}}  # type: ignore[index]
    assert steps["Ключевое слово"]["answers"] == [["while", "WHILE", "While"]]  # type: ignore[index]
    assert steps["Ключевое слово"]["explanation"] == {"ru": "- for: for перебирает значения."}  # type: ignore[index]
    assert steps["Сумма"]["answers"] == [["10", "9", "11"]]  # type: ignore[index]
    assert steps["Бесконечный цикл"]["rubric"] == {"ru": "Условие всегда истинно."}  # type: ignore[index]
    assert steps["Пропуски"]["answers"] == [["while", "WHILE", "While"], ["5"], ["list"]]  # type: ignore[index]
    assert "{{list}} (list / tuple / dict)" in steps["Пропуски"]["text"]["ru"]  # type: ignore[index]
    warnings = [str(w) for w in quiz.all_warnings()]
    assert "question 6 (Функции): answers without a question (distractors) are left out" in warnings
    assert (
        "question 10 (Формула): questions of the type calculated cannot be imported; "
        "it is left out" in warnings
    )


def test_gift_questions_with_feedback_categories_and_escapes() -> None:
    quiz = _read("loops.gift")
    assert quiz.format == "gift" and quiz.all_problems() == []
    by_line = {str(q.place): q.step for q in quiz.questions}
    assert {k: v["kind"] for k, v in by_line.items() if v} == {
        "line 4": "single", "line 11": "multiple", "line 14": "single", "line 16": "blanks",
        "line 18": "blanks", "line 20": "blanks", "line 22": "matching", "line 27": "open",
        "line 29": "text", "line 31": "single",
    }  # fmt: skip
    first = by_line["line 4"]
    assert first is not None and first["explanation"] == {"ru": "range(3) даёт 0, 1 и 2."}
    assert first["options"][2]["why"] == {"ru": "3 не входит в range(3)."}
    true_false = by_line["line 14"]
    assert true_false is not None and true_false["question"] == {"ru": "**break** прерывает цикл."}
    assert [o.get("why") for o in true_false["options"]] == [
        {"ru": "Да."},
        {"ru": "Нет, прерывает."},
    ]
    assert by_line["line 16"]["text"] == {"ru": "Цикл «пока» начинается словом {{while}}."}  # type: ignore[index]
    assert by_line["line 20"]["answers"] == [["2", "1", "3"]]  # type: ignore[index]
    escaped = by_line["line 31"]
    assert escaped is not None
    assert escaped["question"]["ru"] == "Что выведет print(5 = 5)? Символы { } # ~ тоже текст."
    assert {q.category for q in quiz.questions} == {"Циклы"}


def test_gift_true_false_in_kazakh_uses_kazakh_words() -> None:
    quiz = read_quiz("Python — компиляцияланатын тіл. {F}".encode(), "kk")
    step = quiz.questions[0].step
    assert step is not None
    assert [(o["kk"], o["correct"]) for o in step["options"]] == [("Дұрыс", False), ("Бұрыс", True)]


def test_every_problem_is_named_with_its_place_all_at_once() -> None:
    problems = [str(p) for p in _read("broken.gift").all_problems()]
    assert problems == [
        "line 2: no answer gives credit, so none is right",
        "line 4: the answer block opened with { is not closed",
        "line 6: много is not a number, a number:tolerance or a range low..high",
        "line 8: a matching question needs at least two pairs",
    ]


def test_moodle_files_that_are_not_quizzes_are_refused() -> None:
    doctype = b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x "y">]><quiz>&x;</quiz>'
    assert "DOCTYPE" in str(read_quiz(doctype, "ru").all_problems()[0])
    assert "not valid XML" in str(read_quiz(b"<?xml version='1.0'?><quiz>", "ru").all_problems()[0])
    assert "root element" in str(read_quiz(b"<?xml version='1.0'?><html/>", "ru").all_problems()[0])
    missing = b"""<?xml version="1.0"?><quiz>
      <question type="description"><name><text>N</text></name><questiontext format="html">
      <text>&lt;img src="@@PLUGINFILE@@/x.png"&gt;</text></questiontext>
      </question></quiz>"""
    assert [str(p) for p in read_quiz(missing, "ru").all_problems()] == [
        "question 1 (N): the image x.png is not in the file"
    ]
    assert "not UTF-8" in str(read_quiz(b"\xff\xfe{T}", "ru").all_problems()[0])


def test_html_becomes_safe_markdown() -> None:
    html = (
        '<p>a*b <script>alert(1)</script><a href="javascript:x">link</a></p><ul><li>one</li></ul>'
    )
    assert to_markdown(html) == "a\\*b link\n\n- one"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_read_without_crashing(text: str) -> None:
    for content in (text.encode(), f"<?xml version='1.0'?><quiz>{text}</quiz>".encode()):
        quiz = read_quiz(content, "ru")
        assert isinstance(quiz.all_problems(), list)
