"""Task folders (notes/task_format.md): load and validate every problem at once, write task.toml."""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.i18n import N_, Message, message

CHECKERS = ("tokens", "exact", "float", "lines-unordered", "custom")
IO_MODES = ("stdio", "files")
LANGS = ("kk", "ru", "en")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TEST_NAME = re.compile(r"^(\d{2,})\.(in|ans)$")
KNOWN_KEYS = {
    "slug", "time_limit", "memory_limit", "checker", "float_tolerance", "io", "examples",
    "title", "subtasks",
}  # fmt: skip
MIN_TESTS = 3
SOLUTION_LANGS = {".py": "py", ".cpp": "cpp", ".java": "java", ".pas": "pas"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a task folder, with the file and line where it is."""

    file: str
    line: int | None
    message: Message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class TaskInvalid(Exception):
    """A task folder that cannot be judged; `problems` lists every reason."""

    code = "task_invalid"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Subtask:
    points: int
    tests: tuple[int, ...]  # 1-based test numbers


@dataclass(frozen=True)
class Test:
    number: int
    input: Path
    answer: Path


@dataclass(frozen=True)
class Task:
    """A loaded, valid task folder."""

    folder: Path
    slug: str
    time_limit: float
    memory_limit: int
    checker: str
    float_tolerance: float
    io: str
    examples: tuple[int, ...]
    title: dict[str, str]
    subtasks: tuple[Subtask, ...]
    tests: tuple[Test, ...]
    statements: dict[str, Path] = field(default_factory=dict)
    solutions: dict[str, Path] = field(default_factory=dict)  # language key -> reference

    @property
    def checker_source(self) -> Path | None:
        """checker.cpp of a custom checker."""
        return self.folder / "checker.cpp" if self.checker == "custom" else None


def parse_ranges(text: str) -> list[int]:
    """'1-4, 6' -> [1, 2, 3, 4, 6]; ValueError on anything else."""
    numbers: list[int] = []
    for part in text.split(","):
        first, dash, last = part.strip().partition("-")
        lo, hi = int(first), int(last) if dash else int(first)
        if lo < 1 or hi < lo:
            raise ValueError(part)
        numbers.extend(range(lo, hi + 1))
    return numbers


def format_ranges(numbers: Iterable[int]) -> str:
    """[1, 2, 3, 5] -> '1-3,5'."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ",".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)


def _line_of(text: str, key: str, nth: int = 0) -> int | None:
    hits = [
        i + 1
        for i, line in enumerate(text.splitlines())
        if re.match(rf"^\s*(?:{re.escape(key)}\s*=|\[\[?{re.escape(key)}\]\]?)", line)
    ]
    return hits[nth] if nth < len(hits) else (hits[0] if hits else None)


class _Checker:
    """Collects problems of task.toml, each with the line of the key it is about."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[Problem] = []

    def bad(self, key: str, msg: Message, nth: int = 0) -> None:
        self.problems.append(Problem("task.toml", _line_of(self.text, key, nth), msg))


def _number(c: _Checker, data: dict[str, Any], key: str, lo: float, hi: float) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        c.bad(key, message(N_("{key} must be a number from {lo} to {hi}"), key=key, lo=lo, hi=hi))
        return lo
    return float(value)


def _choice(c: _Checker, data: dict[str, Any], key: str, options: tuple[str, ...]) -> str:
    value = data.get(key, options[0])
    if value not in options:
        c.bad(
            key, message(N_("{key} must be one of: {options}"), key=key, options=", ".join(options))
        )
        return options[0]
    return str(value)


def _read_toml(folder: Path) -> tuple[_Checker, dict[str, Any]]:
    path = folder / "task.toml"
    if not path.is_file():
        c = _Checker("")
        c.problems.append(Problem("task.toml", None, message(N_("task.toml is missing"))))
        return c, {}
    text = path.read_text(encoding="utf-8", errors="replace")
    c = _Checker(text)
    try:
        return c, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        c.problems.append(
            Problem("task.toml", int(line.group(1)) if line else None,
                    message(N_("task.toml is not valid TOML: {error}"), error=str(exc)))
        )  # fmt: skip
        return c, {}


def _tests(folder: Path, problems: list[Problem]) -> list[Test]:
    found: dict[int, dict[str, Path]] = {}
    tests_dir = folder / "tests"
    for path in sorted(tests_dir.iterdir()) if tests_dir.is_dir() else []:
        match = TEST_NAME.match(path.name)
        if not match or not path.is_file():
            problems.append(Problem(f"tests/{path.name}", None, message(
                N_("unexpected file: tests are named 01.in, 01.ans, 02.in, ..."))))  # fmt: skip
            continue
        found.setdefault(int(match.group(1)), {})[match.group(2)] = path
    tests = []
    for number in range(1, max(found, default=0) + 1):
        pair = found.get(number, {})
        for kind in ("in", "ans"):
            if kind not in pair:
                msg = message(N_("test {number} has no .{kind} file"), number=number, kind=kind)
                problems.append(Problem(f"tests/{number:02d}.{kind}", None, msg))
        if len(pair) == 2:
            tests.append(Test(number, pair["in"], pair["ans"]))
    if len(found) < MIN_TESTS:
        problems.append(Problem("tests/", None, message(
            N_("a task needs at least {min} tests, this one has {count}"),
            min=MIN_TESTS, count=len(found))))  # fmt: skip
    return tests


def _subtasks(c: _Checker, data: dict[str, Any], count: int) -> tuple[Subtask, ...]:
    raw = data.get("subtasks", [])
    if not isinstance(raw, list):
        c.bad("subtasks", message(N_("subtasks must be a list of [[subtasks]] tables")))
        return ()
    result, seen = [], {}  # type: ignore[var-annotated]
    for i, item in enumerate(raw):
        points, tests = item.get("points"), str(item.get("tests", ""))
        if not isinstance(points, int) or isinstance(points, bool) or points < 0:
            c.bad("points", message(N_("subtask {n}: points must be a whole number, 0 or more"),
                                    n=i + 1), i)  # fmt: skip
            points = 0
        try:
            numbers = parse_ranges(tests)
        except ValueError:
            c.bad("tests", message(N_('subtask {n}: tests must look like "1-4,6"'), n=i + 1), i)
            continue
        for number in numbers:
            if number > count:
                c.bad("tests", message(N_("subtask {n}: there is no test {test}"),
                                       n=i + 1, test=number), i)  # fmt: skip
            elif number in seen:
                c.bad("tests", message(N_("test {test} is in subtasks {a} and {b}"),
                                       test=number, a=seen[number], b=i + 1), i)  # fmt: skip
            seen[number] = i + 1
        result.append(Subtask(points, tuple(numbers)))
    if result:
        missing = [n for n in range(1, count + 1) if n not in seen]
        if missing:
            c.bad("subtasks", message(N_("tests {tests} are in no subtask"),
                                      tests=format_ranges(missing)))  # fmt: skip
        if sum(s.points for s in result) != 100:
            c.bad("points", message(N_("subtask points add up to {total}, not 100"),
                                    total=sum(s.points for s in result)))  # fmt: skip
    return tuple(result)


def _title(c: _Checker, data: dict[str, Any]) -> dict[str, str]:
    title = data.get("title", {})
    if isinstance(title, str):
        return {"en": title}
    if not isinstance(title, dict) or any(k not in LANGS or not isinstance(v, str)
                                          for k, v in title.items()):  # fmt: skip
        c.bad("title", message(N_("title must be a table of kk, ru and en texts")))
        return {}
    return dict(title)


def load_task(folder: Path) -> Task:
    """Load a task folder, checking everything before saying what is wrong.

    Raises:
        TaskInvalid: with every problem found, each with its file and line.
    """
    folder = Path(folder)
    c, data = _read_toml(folder)
    problems = c.problems
    tests = _tests(folder, problems)
    if not problems or data:  # without a readable task.toml its fields are not checked
        settings = _settings(c, data, len(tests))
    statements = {lang: folder / f"statement.{lang}.md" for lang in LANGS
                  if (folder / f"statement.{lang}.md").is_file()}  # fmt: skip
    if not statements:
        msg = message(N_("a statement is missing: statement.{lang}.md"), lang="kk|ru|en")
        problems.append(Problem("statement.kk.md", None, msg))
    if data.get("checker") == "custom" and not (folder / "checker.cpp").is_file():
        msg = message(N_('checker = "custom" needs checker.cpp (testlib)'))
        problems.append(Problem("checker.cpp", None, msg))
    if problems:
        raise TaskInvalid(problems)
    return Task(folder=folder, tests=tuple(tests), statements=statements,
                solutions=_solutions(folder), **settings)  # fmt: skip


def _settings(c: _Checker, data: dict[str, Any], count: int) -> dict[str, Any]:
    """task.toml's fields, checked; every problem goes to `c`."""
    for key in sorted(set(data) - KNOWN_KEYS):
        c.bad(key, message(N_("unknown field {key}"), key=key))
    slug = data.get("slug", "")
    if not isinstance(slug, str) or not SLUG.match(slug):
        c.bad("slug", message(N_("slug must be lowercase letters, digits and dashes")))
    checker = _choice(c, data, "checker", CHECKERS)
    tolerance = 1e-6
    if "float_tolerance" in data:
        tolerance = _number(c, data, "float_tolerance", 1e-15, 1)
        if checker != "float":
            c.bad("float_tolerance", message(N_('float_tolerance needs checker = "float"')))
    examples = data.get("examples", [1])
    if not isinstance(examples, list) or any(
        not isinstance(e, int) or not 1 <= e <= count for e in examples
    ):
        c.bad("examples", message(N_("examples must list numbers of existing tests")))
        examples = []
    return {
        "slug": str(slug), "time_limit": _number(c, data, "time_limit", 0.1, 20),
        "memory_limit": int(_number(c, data, "memory_limit", 16, 2048)), "checker": checker,
        "float_tolerance": tolerance, "io": _choice(c, data, "io", IO_MODES),
        "examples": tuple(examples), "title": _title(c, data),
        "subtasks": _subtasks(c, data, count),
    }  # fmt: skip


def _solutions(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted((folder / "solutions").glob("ref.*")):
        if path.suffix in SOLUTION_LANGS:
            found[SOLUTION_LANGS[path.suffix]] = path
    return found


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(value)
        return repr(value)
    if isinstance(value, str):  # a JSON string is a valid TOML basic string
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(type(value))


def task_toml(
    *,
    slug: str,
    time_limit: float,
    memory_limit: int,
    checker: str = "tokens",
    float_tolerance: float | None = None,
    io: str = "stdio",
    examples: Iterable[int] = (1,),
    title: dict[str, str] | None = None,
    subtasks: Iterable[Subtask] = (),
) -> str:
    """The text of task.toml for these settings (the web editor writes tasks with this)."""
    lines = [
        f"slug = {_toml_value(slug)}",
        f"time_limit = {_toml_value(float(time_limit))}",
        f"memory_limit = {_toml_value(int(memory_limit))}",
        f"checker = {_toml_value(checker)}",
    ]
    if float_tolerance is not None:
        lines.append(f"float_tolerance = {_toml_value(float(float_tolerance))}")
    lines += [f"io = {_toml_value(io)}", f"examples = {_toml_value(list(examples))}", ""]
    if title:
        lines.append("[title]")
        lines += [f"{lang} = {_toml_value(text)}" for lang, text in title.items()]
        lines.append("")
    for sub in subtasks:
        lines += ["[[subtasks]]", f"points = {sub.points}",
                  f"tests = {_toml_value(format_ranges(sub.tests))}", ""]  # fmt: skip
    return "\n".join(lines)


def write_task_toml(task: Task, folder: Path | None = None) -> Path:
    """Write a task's settings as task.toml into its folder (or `folder`); returns the path."""
    path = Path(folder or task.folder) / "task.toml"
    text = task_toml(
        slug=task.slug, time_limit=task.time_limit, memory_limit=task.memory_limit,
        checker=task.checker, io=task.io, examples=task.examples, title=task.title,
        float_tolerance=task.float_tolerance if task.checker == "float" else None,
        subtasks=task.subtasks,
    )  # fmt: skip
    path.write_text(text, encoding="utf-8")
    return path
