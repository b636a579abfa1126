"""`sabaq quiz-import`: a dry run lists, an import makes the next version, problems exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from lms.courses.library import get_course, versions_of
from models.settings import get_settings
from tests.courses.conftest import World
from tests.courses.test_learning import load
from web.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_command_imports_a_quiz(
    db: Session, world: World, store_url: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    course_id = load(db, world.school_a)
    monkeypatch.setenv("DATABASE_URL", store_url)
    get_settings.cache_clear()
    try:
        _run(course_id, capsys)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    db.expire_all()
    course = get_course(db, school_id=world.school_a, course_id=course_id)
    assert [v.number for v in versions_of(db, course)] == [2, 1]


def _run(course_id: int, capsys: pytest.CaptureFixture[str]) -> None:
    quiz = str(FIXTURES / "loops.xml")
    assert main(["quiz-import", quiz, "--course", str(course_id), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "9 questions would be imported." in out
    assert "warning: question 10 (Формула): questions of the type calculated" in out
    assert main(["quiz-import", quiz, "--course", str(course_id), "--lesson", "03-css"]) == 0
    assert "version 2 of the course" in capsys.readouterr().out
    assert main(["quiz-import", quiz, "--course", str(course_id), "--lesson", "03-css"]) == 2
    assert "this question is in the lesson already" in capsys.readouterr().err
    assert main(["quiz-import", quiz, "--course", "999999"]) == 2
