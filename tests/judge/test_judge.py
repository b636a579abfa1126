"""Judging: every reference solution is accepted, verdicts, scores, progress, cancel, the CLI."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from lms.judge.judge import JudgeCancelled, judge
from lms.judge.results import TestResult
from lms.judge.sandbox import Sandbox
from lms.judge.task import load_task
from tests.judge.conftest import EXAMPLES, make_task
from web.cli import main

REFERENCES = [(slug, lang) for slug in ("sum-of-two", "divisors", "two-summands")
              for lang in ("py", "cpp", "java", "pas")]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("slug", "lang"), REFERENCES, ids=[f"{s}-{x}" for s, x in REFERENCES])
def test_every_reference_solution_is_accepted(sandbox: Sandbox, slug: str, lang: str):
    task = load_task(EXAMPLES / slug)
    result = judge(task, task.solutions[lang].read_text(), lang, sandbox=sandbox)
    assert (result.verdict, result.score) == ("AC", 100), result.to_dict()
    assert [t.verdict for t in result.tests] == ["AC"] * len(task.tests)


def test_subtasks_score_only_when_all_their_tests_pass(sandbox: Sandbox):
    task = load_task(EXAMPLES / "divisors")
    slow = "n = int(input())\nprint(sum(1 for i in range(1, n + 1) if n % i == 0))\n"
    result = judge(task, slow, "py", sandbox=sandbox)
    assert result.verdict == "TLE" and result.score == 40
    assert [(s.points, s.earned) for s in result.subtasks] == [(40, 40), (60, 0)]
    assert [t.verdict for t in result.tests][:3] == ["AC", "AC", "AC"]


def test_progress_arrives_per_test_and_json_is_plain_data(sandbox: Sandbox):
    task = load_task(EXAMPLES / "sum-of-two")
    seen: list[tuple[int, int, int]] = []

    def progress(test: TestResult, done: int, total: int) -> None:
        seen.append((test.number, done, total))

    result = judge(task, "print(sum(map(int, input().split())))\n", "py", sandbox=sandbox,
                   on_progress=progress, parallel=2)  # fmt: skip
    assert sorted(n for n, _, _ in seen) == list(range(1, 11))
    assert [d for _, d, _ in seen] == list(range(1, 11)) and {t for _, _, t in seen} == {10}
    data = json.loads(json.dumps(result.to_dict()))
    assert data["verdict"] == "AC" and [t["test"] for t in data["tests"]] == list(range(1, 11))
    assert data["tests"][0]["example"] is True and data["tests"][3]["example"] is False


def test_stop_early_and_wrong_answer_message(sandbox: Sandbox):
    task = load_task(EXAMPLES / "sum-of-two")
    result = judge(task, "print(5)\n", "py", sandbox=sandbox, stop_early=True)
    assert result.verdict == "WA" and len(result.tests) == 2  # test 1 (2+3) passes by luck
    assert str(result.tests[1].message) == "word 1: expected 0, got 5"


def test_cancel_kills_the_running_test(sandbox: Sandbox, ok_task):
    stop = threading.Event()
    timer = threading.Timer(0.3, stop.set)
    timer.start()
    with pytest.raises(JudgeCancelled):
        judge(ok_task, "import time\ntime.sleep(30)\n", "py", sandbox=sandbox, stop=stop)
    timer.join()


def test_compile_error_shows_the_compiler_without_box_paths(sandbox: Sandbox, ok_task):
    result = judge(ok_task, "int main() { return x; }\n", "cpp", sandbox=sandbox)
    assert result.verdict == "CE" and "solution.cpp:1:21: error: ‘x’ was not declared" in (
        result.compile_output
    )
    assert "/box/" not in result.compile_output and result.tests == ()
    syntax = judge(ok_task, "print(\n", "py", sandbox=sandbox)
    assert syntax.verdict == "CE" and "SyntaxError" in syntax.compile_output
    pas = judge(ok_task, "begin\n  writeln(x);\nend.\n", "pas", sandbox=sandbox)
    assert pas.verdict == "CE" and "Identifier not found" in pas.compile_output


def test_runtime_errors_name_the_signal_or_exit_code(sandbox: Sandbox, ok_task):
    crash = judge(ok_task, "int main() { int* p = nullptr; return *p; }\n", "cpp", sandbox=sandbox)
    assert crash.verdict == "RE" and str(crash.tests[0].message) == "killed by signal SIGSEGV"
    code = judge(ok_task, "import sys\nsys.exit(3)\n", "py", sandbox=sandbox)
    assert code.verdict == "RE" and str(code.tests[0].message) == "exit code 3"


def test_custom_checker_verdicts_and_a_broken_checker(sandbox: Sandbox, tmp_path: Path):
    shutil.copytree(EXAMPLES / "two-summands", tmp_path / "t")
    task = load_task(tmp_path / "t")
    wrong = "open('OUTPUT.TXT', 'w').write('1 1')\n"
    result = judge(task, wrong, "py", sandbox=sandbox)
    assert result.verdict == "WA" and "is not" in str(result.tests[1].message)
    assert (
        judge(task, "open('OUTPUT.TXT', 'w').write('1')\n", "py", sandbox=sandbox).verdict == "PE"
    )
    assert judge(task, "pass\n", "py", sandbox=sandbox).verdict == "WA"  # no OUTPUT.TXT
    (tmp_path / "t" / "checker.cpp").write_text("int main() { return 3; }\n")
    broken = judge(load_task(tmp_path / "t"), wrong, "py", sandbox=sandbox)
    assert broken.verdict == "IE"


def test_java_public_class_name_and_memory_allowance(sandbox: Sandbox, tmp_path: Path):
    task = make_task(tmp_path, ["5\n"] * 3, inputs=["2 3\n"] * 3, memory_limit=32)
    source = ("import java.util.*;\npublic class Solution { public static void main(String[] a)"
              " { Scanner s = new Scanner(System.in); System.out.println(s.nextInt() +"
              " s.nextInt()); } }\n")  # fmt: skip
    assert judge(task, source, "java", sandbox=sandbox).verdict == "AC"


def test_cli_exit_codes_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    folder = EXAMPLES / "sum-of-two"
    assert main(["judge", str(folder), str(folder / "solutions" / "ref.py"), "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    data = json.loads(out[-1])
    assert data["verdict"] == "AC" and len(data["tests"]) == 10
    assert {"verdict", "tests", "compile_seconds", "seconds"} <= set(data)
    assert {"verdict", "time"} <= set(data["tests"][0]) and out[0].startswith("test  1  AC")
    (tmp_path / "wa.py").write_text("print(0)\n")
    assert main(["judge", str(folder), str(tmp_path / "wa.py")]) == 1
    assert main(["judge", str(tmp_path), str(tmp_path / "wa.py")]) == 2
    assert "task.toml is missing" in capsys.readouterr().err
    (tmp_path / "x.txt").write_text("")
    assert main(["judge", str(folder), str(tmp_path / "x.txt")]) == 2


def test_a_broken_sandbox_is_an_internal_error_not_a_verdict(
    sandbox: Sandbox, ok_task, monkeypatch: pytest.MonkeyPatch
):
    real_run = sandbox.run
    calls = []

    def run(argv, **kwargs):
        calls.append(argv)
        if len(calls) > 1:  # the compile works, the tests' boxes break
            raise OSError("bwrap vanished")
        return real_run(argv, **kwargs)

    monkeypatch.setattr(sandbox, "run", run)
    result = judge(ok_task, "print('ok')\n", "py", sandbox=sandbox)
    assert result.verdict == "IE" and str(result.tests[0].message) == "internal error: OSError"
