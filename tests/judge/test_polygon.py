"""Polygon packages: problem.xml, statements, tests with groups, samples, checkers, solutions."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from lms.judge.judge import judge
from lms.judge.polygon import import_polygon, tex_to_markdown
from lms.judge.sandbox import Sandbox
from lms.judge.task import TaskInvalid
from tests.judge.conftest import EXAMPLES

PROBLEM_XML = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<problem revision="12" short-name="Two_Summands" url="https://polygon.example/p/two">
  <names>
    <name language="english" value="Two summands"/>
    <name language="russian" value="Два слагаемых"/>
  </names>
  <statements>
    <statement charset="UTF-8" language="english" mathjax="true"
               path="statements/english/problem.tex" type="application/x-tex"/>
  </statements>
  <judging cpu-name="Intel(R) Core(TM) i3-8100 CPU @ 3.60GHz" cpu-speed="3600"
           input-file="input.txt" output-file="output.txt">
    <testset name="tests">
      <time-limit>1500</time-limit>
      <memory-limit>67108864</memory-limit>
      <test-count>{count}</test-count>
      <input-path-pattern>tests/%02d</input-path-pattern>
      <answer-path-pattern>tests/%02d.a</answer-path-pattern>
      <tests>
        <test method="manual" sample="true" group="0" points="0"/>
        <test method="manual" sample="true" group="0" points="0"/>
        <test cmd="gen 1" method="generated" group="1" points="15"/>
        <test cmd="gen 2" method="generated" group="1" points="15"/>
        <test cmd="gen 3" method="generated" group="2" points="70"/>
      </tests>
      <groups>
        <group feedback-policy="complete" name="0" points="0" points-policy="complete-group"/>
        <group feedback-policy="icpc" name="1" points="30" points-policy="complete-group"/>
        <group feedback-policy="icpc" name="2" points="70" points-policy="complete-group"/>
      </groups>
    </testset>
  </judging>
  <files>
    <resources><file path="files/testlib.h" type="h.g++"/></resources>
  </files>
  <assets>
    <checker name="check.cpp" type="testlib">
      <source path="files/check.cpp" type="cpp.g++17"/>
      <binary path="check.exe" type="exe.win32"/>
      <copy path="check.cpp"/>
    </checker>
    <solutions>
      <solution tag="main"><source path="solutions/main.py" type="python.3"/></solution>
      <solution tag="wrong-answer"><source path="solutions/wa.cpp" type="cpp.g++17"/></solution>
      <solution tag="accepted"><source path="solutions/ok.cpp" type="cpp.g++17"/></solution>
    </solutions>
  </assets>
</problem>
"""


def _package(folder: Path, count: int = 5) -> Path:
    src = EXAMPLES / "two-summands"
    (folder / "tests").mkdir(parents=True)
    for i in range(1, count + 1):
        shutil.copyfile(src / "tests" / f"{i:02d}.in", folder / "tests" / f"{i:02d}")
        shutil.copyfile(src / "tests" / f"{i:02d}.ans", folder / "tests" / f"{i:02d}.a")
    (folder / "problem.xml").write_text(PROBLEM_XML.replace("{count}", str(5)))
    (folder / "files").mkdir()
    shutil.copyfile(src / "checker.cpp", folder / "files" / "check.cpp")
    shutil.copyfile(EXAMPLES.parent / "testlib" / "testlib.h", folder / "files" / "testlib.h")
    sections = folder / "statement-sections" / "english"
    sections.mkdir(parents=True)
    (sections / "name.tex").write_text("Two summands")
    (sections / "legend.tex").write_text("Write $$$n$$$ as \\textbf{two} summands.")
    (sections / "input.tex").write_text("One number $$$n$$$~($$$2 \\le n$$$).")
    (sections / "output.tex").write_text("\\begin{itemize}\n\\item two numbers\n\\end{itemize}")
    (folder / "solutions").mkdir()
    shutil.copyfile(src / "solutions" / "ref.py", folder / "solutions" / "main.py")
    shutil.copyfile(src / "solutions" / "ref.cpp", folder / "solutions" / "ok.cpp")
    (folder / "solutions" / "wa.cpp").write_text("int main() {}\n")
    return folder


def test_a_polygon_package_becomes_a_task_that_judges(tmp_path: Path, sandbox: Sandbox):
    package = _package(tmp_path / "pkg")
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in package.rglob("*"):
            zf.write(path, "two-summands-12$linux/" + path.relative_to(package).as_posix())
    task, warnings = import_polygon(archive, tmp_path / "tasks")
    assert task.slug == "two-summands" and task.io == "files" and task.checker == "custom"
    assert (task.time_limit, task.memory_limit) == (1.5, 64)
    assert task.examples == (1, 2)
    assert [(s.points, s.tests) for s in task.subtasks] == [(0, (1, 2)), (30, (3, 4)), (70, (5,))]
    assert task.title == {"en": "Two summands", "ru": "Два слагаемых"}
    assert set(task.solutions) == {"py", "cpp"} and warnings == []
    statement = (task.folder / "statement.en.md").read_text()
    assert "Write $n$ as **two** summands." in statement and "## Input" in statement
    assert "- two numbers" in statement
    result = judge(task, task.solutions["py"].read_text(), "py", sandbox=sandbox)
    assert (result.verdict, result.score) == ("AC", 100)


def test_generated_tests_missing_from_the_package_are_named(tmp_path: Path):
    package = _package(tmp_path / "pkg")
    (package / "tests" / "04.a").unlink()
    with pytest.raises(TaskInvalid, match=r"test 4 \(generated \(gen 2\)\) has no input or answer"):
        import_polygon(package, tmp_path / "tasks")


def test_standard_checkers_map_to_ours(tmp_path: Path):
    package = _package(tmp_path / "pkg")
    xml = (package / "problem.xml").read_text()
    xml = xml.replace('<checker name="check.cpp"', '<checker name="std::rcmp6.cpp"')
    files = 'input-file="input.txt" output-file="output.txt"'
    (package / "problem.xml").write_text(xml.replace(files, 'input-file="" output-file=""'))
    task, _ = import_polygon(package, tmp_path / "tasks")
    assert (task.checker, task.float_tolerance, task.io) == ("float", 1e-6, "stdio")
    assert not (task.folder / "checker.cpp").exists()


def test_tex_to_markdown():
    assert tex_to_markdown("\\emph{a}~and \\texttt{b}") == "*a* and `b`"
