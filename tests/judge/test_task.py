"""Task folders: every problem with its file and line, task.toml written back, zip imports."""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from lms.judge.importing import MAX_FILES, import_zip
from lms.judge.task import (
    Subtask,
    TaskInvalid,
    format_ranges,
    load_task,
    parse_ranges,
    task_toml,
    write_task_toml,
)  # fmt: skip
from tests.judge.conftest import EXAMPLES


def _problems(folder: Path) -> list[str]:
    with pytest.raises(TaskInvalid) as caught:
        load_task(folder)
    return [str(p) for p in caught.value.problems]


def test_every_problem_is_reported_with_its_file_and_line(tmp_path: Path):
    (tmp_path / "task.toml").write_text(
        'slug = "Bad Slug"\ntime_limit = 0\nmemory_limit = 256\nchecker = "diff"\n'
        'colour = "red"\nexamples = [7]\n\n[[subtasks]]\npoints = 50\ntests = "1"\n'
    )
    (tmp_path / "tests").mkdir()
    for name in ("01.in", "01.ans", "02.in", "02.ans", "03.in", "notes.txt"):
        (tmp_path / "tests" / name).write_text("1\n")
    problems = _problems(tmp_path)
    assert "task.toml:1: slug must be lowercase letters, digits and dashes" in problems
    assert "task.toml:2: time_limit must be a number from 0.1 to 20" in problems
    assert any(p.startswith("task.toml:4: checker must be one of") for p in problems)
    assert "task.toml:5: unknown field colour" in problems
    assert "task.toml:6: examples must list numbers of existing tests" in problems
    assert "task.toml:8: tests 2 are in no subtask" in problems
    assert "task.toml:9: subtask points add up to 50, not 100" in problems
    assert "tests/03.ans: test 3 has no .ans file" in problems
    assert "tests/notes.txt: unexpected file: tests are named 01.in, 01.ans, 02.in, ..." in problems
    assert any(p.startswith("statement.kk.md: a statement is missing") for p in problems)


def test_fewer_than_three_tests_and_a_missing_checker_are_refused(tmp_path: Path):
    shutil.copytree(EXAMPLES / "two-summands", tmp_path / "t")
    (tmp_path / "t" / "checker.cpp").unlink()
    for name in ("03", "04", "05"):
        for kind in ("in", "ans"):
            (tmp_path / "t" / "tests" / f"{name}.{kind}").unlink()
    problems = _problems(tmp_path / "t")
    assert "tests/: a task needs at least 3 tests, this one has 2" in problems
    assert 'checker.cpp: checker = "custom" needs checker.cpp (testlib)' in problems
    assert "task.toml:6: examples must list numbers of existing tests" not in problems


def test_invalid_toml_says_the_line(tmp_path: Path):
    (tmp_path / "task.toml").write_text('slug = "a"\ntime_limit = = 1\n')
    assert any(
        p.startswith("task.toml:2: task.toml is not valid TOML") for p in _problems(tmp_path)
    )


def test_ranges_both_ways():
    assert parse_ranges("1-4, 6") == [1, 2, 3, 4, 6]
    assert format_ranges([6, 1, 2, 3, 4]) == "1-4,6"
    with pytest.raises(ValueError):
        parse_ranges("4-1")


def test_task_toml_round_trip(tmp_path: Path):
    shutil.copytree(EXAMPLES / "divisors", tmp_path / "d")
    task = load_task(tmp_path / "d")
    (tmp_path / "d" / "task.toml").unlink()
    write_task_toml(task)
    again = load_task(tmp_path / "d")
    assert again == task
    text = task_toml(slug="q", time_limit=1, memory_limit=64, title={"kk": 'Сан "бір"\\'},
                     subtasks=[Subtask(100, (1, 2, 3))])  # fmt: skip
    assert 'kk = "Сан \\"бір\\"\\\\"' in text and 'tests = "1-3"' in text


def _zip(path: Path, files: dict[str, bytes], links: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


def _folder_files(folder: Path, prefix: str = "") -> dict[str, bytes]:
    return {prefix + p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}  # fmt: skip


def test_zip_import_of_a_task_folder(tmp_path: Path):
    archive = _zip(tmp_path / "t.zip", _folder_files(EXAMPLES / "sum-of-two", "sum-of-two/"))
    task = import_zip(archive, tmp_path / "tasks")
    assert task.folder == tmp_path / "tasks" / "sum-of-two" and len(task.tests) == 10
    with pytest.raises(TaskInvalid, match="already exists"):
        import_zip(archive, tmp_path / "tasks")
    assert [p.name for p in (tmp_path / "tasks").iterdir()] == ["sum-of-two"]


@pytest.mark.parametrize(
    ("files", "links", "words"),
    [({"../evil.txt": b"x"}, (), "unsafe path"), ({"/etc/evil": b"x"}, (), "unsafe path"),
     ({"task.toml": b""}, ("tests/01.in",), "unsafe path or link"),
     ({f"f{i}": b"" for i in range(MAX_FILES + 1)}, (), "files in the archive")],
    ids=["dotdot", "absolute", "symlink", "too-many-files"],
)  # fmt: skip
def test_unsafe_archives_are_refused(tmp_path: Path, files, links, words):
    archive = _zip(tmp_path / "bad.zip", files, links)
    with pytest.raises(TaskInvalid, match=words):
        import_zip(archive, tmp_path / "tasks")
    assert not (tmp_path / "evil.txt").exists() and list((tmp_path / "tasks").iterdir()) == []


def test_a_zip_bomb_stops_at_the_byte_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("lms.judge.importing.MAX_BYTES", 1 << 20)
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("tests/01.in", b"0" * (8 << 20))
    assert archive.stat().st_size < 100_000
    with pytest.raises(TaskInvalid, match="unpacks to over 1 MiB"):
        import_zip(archive, tmp_path / "tasks")
