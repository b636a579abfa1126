"""Tasks in the store: the editor's form, versions, zip and Polygon imports, export, the course."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlmodel import Session, select

from lms.judge import TaskInvalid, load_task
from lms.practice.errors import TaskRefused
from lms.practice.folders import version_folder
from lms.practice.task_form import TestPair, form_of, parse_form
from lms.practice.tasks import (
    STARTER_COURSE,
    archive_task,
    create_task,
    current_task,
    export_zip,
    get_task,
    import_archive,
    load_course_tasks,
    update_task,
)
from models.db import get_engine
from models.errors import NotFound
from models.history import AuditEntry
from models.judge import JudgeTask
from tests.practice.conftest import People, sum_form

EXAMPLE = Path(__file__).resolve().parents[2] / "lms" / "judge" / "examples" / "sum-of-two"


def _create(store: str, people: People, data_dir: Path, **changes: object) -> JudgeTask:
    with Session(get_engine(store), expire_on_commit=False) as s:
        row = create_task(
            s,
            school_id=people.school_id,
            form=sum_form(**changes),
            created_by=people.teacher,
            actor="t",
            root=data_dir,
        )
        s.commit()
        return row


def test_a_task_from_the_form_is_a_folder_the_judge_loads(
    store: str, people: People, data_dir: Path
) -> None:
    row = _create(store, people, data_dir)
    assert row.folder == f"tasks/{row.id}/v1" and row.version == 1 and row.points == 50
    task = load_task(data_dir / row.folder)
    assert task.slug == "sum-of-two" and task.title == {"en": "Sum of two", "ru": "Сумма двух"}
    assert task.time_limit == 1.0 and task.memory_limit == 64 and task.examples == (1,)
    assert [t.answer.read_text() for t in task.tests] == ["3\n", "10\n", "0\n"]
    assert set(task.statements) == {"en"}
    with Session(get_engine(store)) as s:
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "create_task")).one()


def test_every_problem_of_the_form_is_told_under_its_field(
    store: str, people: People, data_dir: Path
) -> None:
    form = sum_form(
        title={"en": "", "ru": "", "kk": ""},
        time_limit="25",
        memory_limit="x",
        tests=[TestPair("1\n", "1\n")],
        checker="custom",
        subtasks="forty 1-2",
    )
    with Session(get_engine(store)) as s, pytest.raises(TaskRefused) as refused:
        create_task(
            s, school_id=people.school_id, form=form, created_by=None, actor="t", root=data_dir
        )
    fields = refused.value.fields
    assert set(fields) == {"title", "time_limit", "memory_limit", "checker", "subtasks", "tests"}
    assert "at least 3 tests, this one has 1" in str(fields["tests"][0])
    assert not (data_dir / "tasks" / "1").exists()


def test_the_judges_own_check_is_reported_under_the_field(
    store: str, people: People, data_dir: Path
) -> None:
    with Session(get_engine(store)) as s, pytest.raises(TaskRefused) as refused:
        create_task(
            s,
            school_id=people.school_id,
            form=sum_form(subtasks="40 1-2"),
            created_by=None,
            actor="t",
            root=data_dir,
        )
    assert list(refused.value.fields) == ["subtasks"]
    assert {str(m) for m in refused.value.fields["subtasks"]} == {
        "tests 3 are in no subtask",
        "subtask points add up to 40, not 100",
    }


def test_the_posted_form_reads_rows_uploads_and_browser_line_ends() -> None:
    fields = {
        "title_en": " Echo ",
        "statement_en": "Say it\r\nback",
        "time_limit": "2",
        "memory_limit": "128",
        "checker": "exact",
        "io": "stdio",
        "points": "10",
        "test_in_0": "a\r\nb",
        "test_ans_0": "a\r\nb\r\n",
        "test_ex_0": "on",
        "test_in_1": "",
        "test_ans_1": "",  # an empty row is no test
        "test_in_7": "",
        "test_ans_7": "x",  # an empty input is fine
    }
    uploads = [("02.in", b"q\n"), ("02.ans", b"q\n"), ("notes.txt", b""), ("09.in", b"1")]
    form, problems = parse_form(fields, uploads)
    assert form.title["en"] == "Echo" and form.statement["en"] == "Say it\nback"
    assert [(t.input, t.answer, t.example) for t in form.tests] == [
        ("a\nb\n", "a\nb\n", True),
        ("", "x\n", False),
        ("q\n", "q\n", False),
    ]
    assert [str(p) for p in problems] == [
        "notes.txt: name test files like 01.in and 01.ans",
        "test 09 has no .ans file",
    ]
    assert form.practice is False  # an unticked box is not posted


def test_an_edit_is_a_new_version_and_the_old_one_stays(
    store: str, people: People, data_dir: Path
) -> None:
    row = _create(store, people, data_dir)
    assert row.id is not None
    with Session(get_engine(store), expire_on_commit=False) as s:
        form = form_of(current_task(row, data_dir), row.points, row.practice)
        form.time_limit = "2"
        form.tests.append(TestPair("100 1\n", "101\n"))
        edited = update_task(
            s, task_id=row.id, school_id=people.school_id, form=form, actor="t", root=data_dir
        )
        s.commit()
    assert edited.version == 2 and edited.folder == f"tasks/{row.id}/v2"
    assert load_task(version_folder(row.id, 1, data_dir)).time_limit == 1.0
    v2 = load_task(version_folder(row.id, 2, data_dir))
    assert v2.time_limit == 2.0 and len(v2.tests) == 4 and v2.examples == (1,)


def test_large_tests_are_kept_as_files_through_an_edit(
    store: str, people: People, data_dir: Path
) -> None:
    big = "1 " * 6000 + "\n"
    row = _create(
        store,
        people,
        data_dir,
        tests=[TestPair(big, "6000\n", True), TestPair("2\n", "2\n"), TestPair("3\n", "3\n")],
    )
    assert row.id is not None
    form = form_of(current_task(row, data_dir), row.points, row.practice)
    assert form.tests[0].keep == 1 and form.tests[0].input == ""
    form.tests.reverse()
    with Session(get_engine(store)) as s:
        update_task(
            s, task_id=row.id, school_id=people.school_id, form=form, actor="t", root=data_dir
        )
        s.commit()
    v2 = load_task(version_folder(row.id, 2, data_dir))
    assert v2.tests[2].input.read_text() == big and v2.examples == (3,)


def test_a_kept_test_that_does_not_exist_is_refused(
    store: str, people: People, data_dir: Path
) -> None:
    row = _create(store, people, data_dir)
    assert row.id is not None
    form = form_of(current_task(row, data_dir), row.points, row.practice)
    form.tests.append(TestPair(keep=99))
    with Session(get_engine(store)) as s, pytest.raises(TaskRefused) as refused:
        update_task(
            s, task_id=row.id, school_id=people.school_id, form=form, actor="t", root=data_dir
        )
    assert list(refused.value.fields) == ["tests"]


def test_another_schools_task_is_not_found_nor_editable(
    store: str, people: People, data_dir: Path
) -> None:
    row = _create(store, people, data_dir)
    assert row.id is not None
    with Session(get_engine(store)) as s:
        with pytest.raises(NotFound):
            get_task(s, task_id=row.id, school_id=people.other_school_id, platform_too=True)
        with pytest.raises(NotFound):
            update_task(
                s,
                task_id=row.id,
                school_id=people.other_school_id,
                form=sum_form(),
                actor="x",
                root=data_dir,
            )
        archive_task(s, task_id=row.id, school_id=people.school_id, actor="t")
        s.commit()
        with pytest.raises(NotFound):
            get_task(s, task_id=row.id, school_id=people.school_id)


def _zip(folder: Path, top: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


def test_a_zip_imports_and_exports_back_the_same_task(
    store: str, people: People, data_dir: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "sum.zip"
    archive.write_bytes(_zip(EXAMPLE, "sum-of-two"))
    with Session(get_engine(store), expire_on_commit=False) as s:
        row, warnings = import_archive(
            s,
            school_id=people.school_id,
            archive=archive,
            created_by=people.teacher,
            actor="t",
            root=data_dir,
        )
        s.commit()
    assert warnings == [] and row.slug == "sum-of-two" and row.folder == f"tasks/{row.id}/v1"
    exported = tmp_path / "exported.zip"
    exported.write_bytes(export_zip(row, data_dir))
    with zipfile.ZipFile(exported) as zf:
        names = set(zf.namelist())
    assert "sum-of-two/task.toml" in names and "sum-of-two/tests/10.ans" in names
    with Session(get_engine(store)) as s:  # the export imports again, as a second task
        again, _ = import_archive(
            s,
            school_id=people.school_id,
            archive=exported,
            created_by=None,
            actor="t",
            root=data_dir,
        )
        s.commit()
        assert again.id != row.id
        original, copy = load_task(EXAMPLE), load_task(data_dir / again.folder)
        assert [t.answer.read_bytes() for t in copy.tests] == [
            t.answer.read_bytes() for t in original.tests
        ]


POLYGON_XML = """<?xml version="1.0" encoding="utf-8"?>
<problem short-name="echo-it">
  <names><name language="english" value="Echo"/></names>
  <judging>
    <testset name="tests">
      <time-limit>2000</time-limit><memory-limit>268435456</memory-limit>
      <test-count>3</test-count>
      <input-path-pattern>tests/%02d</input-path-pattern>
      <answer-path-pattern>tests/%02d.a</answer-path-pattern>
      <tests>
        <test method="manual" sample="true"/><test method="manual"/><test method="manual"/>
      </tests>
    </testset>
  </judging>
  <assets><checker name="std::wcmp.cpp" type="testlib"/></assets>
</problem>
"""


def test_a_polygon_package_is_recognised_by_its_problem_xml(
    store: str, people: People, data_dir: Path, tmp_path: Path
) -> None:
    package = tmp_path / "pkg"
    (package / "tests").mkdir(parents=True)
    (package / "problem.xml").write_text(POLYGON_XML)
    (package / "statement-sections" / "english").mkdir(parents=True)
    (package / "statement-sections" / "english" / "legend.tex").write_text("Print what you read.")
    for n in (1, 2, 3):
        (package / "tests" / f"{n:02d}").write_text(f"{n}\n")
        (package / "tests" / f"{n:02d}.a").write_text(f"{n}\n")
    archive = tmp_path / "echo.zip"
    archive.write_bytes(_zip(package, "echo-it"))
    with Session(get_engine(store)) as s:
        row, _ = import_archive(
            s, school_id=None, archive=archive, created_by=None, actor="admin", root=data_dir
        )
        s.commit()
        task = load_task(data_dir / row.folder)
        assert row.school_id is None and task.time_limit == 2.0 and task.examples == (1,)


def test_a_broken_archive_says_what_is_wrong(
    store: str, people: People, data_dir: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "bad.zip"
    archive.write_bytes(b"not a zip")
    with Session(get_engine(store)) as s, pytest.raises(TaskInvalid) as invalid:
        import_archive(
            s,
            school_id=people.school_id,
            archive=archive,
            created_by=None,
            actor="t",
            root=data_dir,
        )
    assert "not a zip archive" in str(invalid.value)


def test_the_starter_course_loads_once(store: str, people: People, data_dir: Path) -> None:
    count = len([p for p in (STARTER_COURSE / "tasks").iterdir() if (p / "task.toml").exists()])
    with Session(get_engine(store)) as s:
        first = load_course_tasks(s, school_id=people.school_id, root=data_dir)
        s.commit()
        second = load_course_tasks(s, school_id=people.school_id, root=data_dir)
        s.commit()
        assert first == second and len(first) == count
        rows = s.exec(select(JudgeTask).where(JudgeTask.school_id == people.school_id)).all()
        assert len(rows) == count
        countdown = s.get(JudgeTask, first["countdown"])
        assert countdown is not None and countdown.title["ru"] == "Обратный отсчёт"
        assert load_task(data_dir / countdown.folder).solutions  # its reference came along
