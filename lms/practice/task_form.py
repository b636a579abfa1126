"""The task editor's form: read from posted fields, checked field by field, written as a folder.

Every problem is found before any is reported, each under the field it is about, so the page
can show them all at once beside their fields. The folder is then checked once more by the
judge's own `load_task` (a safety net: what it finds is reported too).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from lms.judge import Subtask, Task, TaskInvalid, load_task, task_toml
from lms.judge.task import CHECKERS, IO_MODES, LANGS, MIN_TESTS, format_ranges, parse_ranges
from lms.practice.errors import TaskRefused
from models.i18n import N_, Message, message

EDITABLE_CHARS = 8_000  # tests longer than this are kept as files, not shown in text boxes
MAX_POINTS = 1000
TEST_FIELD = re.compile(r"^test_(?:in|ans|keep)_(\d+)$")
FIELDS = (
    "title",
    "statement",
    "time_limit",
    "memory_limit",
    "checker",
    "float_tolerance",
    "io",
    "points",
    "subtasks",
    "tests",
)


@dataclass
class TestPair:
    """One test as the form holds it: texts, or a test of the previous version kept as is."""

    __test__ = False

    input: str = ""
    answer: str = ""
    example: bool = False
    keep: int | None = None  # number of a (large) test of the previous version, copied as is
    size: int = 0  # bytes of a kept test, for the page

    @property
    def empty(self) -> bool:
        return self.keep is None and not self.input.strip() and not self.answer.strip()


@dataclass
class TaskForm:
    """What the editor shows and posts; texts as typed, so a refused form comes back intact."""

    title: dict[str, str] = field(default_factory=dict)
    statement: dict[str, str] = field(default_factory=dict)
    time_limit: str = "1"
    memory_limit: str = "256"
    checker: str = "tokens"
    float_tolerance: str = ""
    io: str = "stdio"
    points: str = "100"
    practice: bool = True
    subtasks: str = ""  # one line per subtask: "40 1-4"
    tests: list[TestPair] = field(default_factory=list)
    has_checker: bool = False  # the previous version has checker.cpp (custom stays possible)

    @classmethod
    def blank(cls, rows: int = MIN_TESTS) -> TaskForm:
        """A new task's form: empty test rows, the first one an example."""
        return cls(tests=[TestPair(example=i == 0) for i in range(rows)])


def _text(value: str) -> str:
    """Text from a browser's text box: CRLF as LF, a final newline when there is text."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return text if not text or text.endswith("\n") else text + "\n"


def _uploaded_tests(uploads: Iterable[tuple[str, bytes]]) -> tuple[list[TestPair], list[Message]]:
    """Tests from uploaded files named like 01.in / 01.ans (also .out, .a for the answer)."""
    pairs: dict[str, dict[str, bytes]] = {}
    problems: list[Message] = []
    for name, data in uploads:
        base = Path(name).name
        match = re.match(r"^(.+?)\.(in|ans|out|a)$", base)
        if not match:
            problems.append(message(N_("{file}: name test files like 01.in and 01.ans"), file=base))
            continue
        kind = "in" if match.group(2) == "in" else "ans"
        pairs.setdefault(match.group(1), {})[kind] = data
    tests = []
    for stem in sorted(pairs, key=lambda s: (len(s), s)):
        pair = pairs[stem]
        if len(pair) != 2:
            missing = "ans" if "in" in pair else "in"
            problems.append(message(N_("test {name} has no .{kind} file"), name=stem, kind=missing))
            continue
        try:
            texts = [pair["in"].decode("utf-8"), pair["ans"].decode("utf-8")]
        except UnicodeDecodeError:
            problems.append(message(N_("test {name} is not UTF-8 text"), name=stem))
            continue
        tests.append(TestPair(texts[0], texts[1]))
    return tests, problems


def parse_form(
    fields: Mapping[str, str], uploads: Iterable[tuple[str, bytes]] = ()
) -> tuple[TaskForm, list[Message]]:
    """The form as posted (fields named title_kk, statement_ru, test_in_3, ...) plus uploaded
    test files; returns the form and the problems with the uploads."""
    form = TaskForm(
        title={lang: fields.get(f"title_{lang}", "").strip() for lang in LANGS},
        statement={
            lang: fields.get(f"statement_{lang}", "").replace("\r\n", "\n") for lang in LANGS
        },
        time_limit=fields.get("time_limit", "").strip(),
        memory_limit=fields.get("memory_limit", "").strip(),
        checker=fields.get("checker", "tokens"),
        io=fields.get("io", "stdio"),
        float_tolerance=fields.get("float_tolerance", "").strip(),
        points=fields.get("points", "").strip(),
        practice=bool(fields.get("practice")),
        subtasks=fields.get("subtasks", "").strip(),
    )
    rows = sorted({int(m.group(1)) for k in fields if (m := TEST_FIELD.match(k))})
    for row in rows:
        keep = fields.get(f"test_keep_{row}", "")
        pair = TestPair(
            _text(fields.get(f"test_in_{row}", "")),
            _text(fields.get(f"test_ans_{row}", "")),
            example=bool(fields.get(f"test_ex_{row}")),
            keep=int(keep) if keep.isdigit() else None,
        )
        if not pair.empty:
            form.tests.append(pair)
    uploaded, problems = _uploaded_tests(uploads)
    form.tests.extend(uploaded)
    return form, problems


def _number(text: str, lo: float, hi: float, whole: bool = False) -> float | None:
    try:
        value = int(text) if whole else float(text.replace(",", "."))
    except ValueError:
        return None
    return value if lo <= value <= hi else None


def _parse_subtasks(text: str) -> tuple[list[Subtask], list[Message]]:
    subtasks, problems = [], []
    for n, line in enumerate((ln for ln in text.splitlines() if ln.strip()), 1):
        points, _, tests = line.strip().partition(" ")
        try:
            subtasks.append(Subtask(int(points), tuple(parse_ranges(tests))))
        except ValueError:
            text = N_('subtask {n}: write the points and the tests, like "40 1-4"')
            problems.append(message(text, n=n))
    return subtasks, problems


@dataclass(frozen=True)
class CheckedForm:
    """A form without problems, as values to write."""

    toml: str
    points: int
    title: dict[str, str]


def check_form(form: TaskForm, slug: str) -> CheckedForm:
    """Check every field; returns the task.toml text and the row's values.

    Raises:
        TaskRefused: with every problem, each under its field.
    """
    bad: dict[str, list[Message]] = {name: [] for name in FIELDS}
    title = {lang: text for lang, text in form.title.items() if text}
    if not title:
        bad["title"].append(message(N_("give the task a title in at least one language")))
    if not any(text.strip() for text in form.statement.values()):
        bad["statement"].append(message(N_("write the statement in at least one language")))
    time_limit = _number(form.time_limit, 0.1, 20)
    if time_limit is None:
        bad["time_limit"].append(message(N_("a time limit from 0.1 to 20 seconds")))
    memory = _number(form.memory_limit, 16, 2048, whole=True)
    if memory is None:
        bad["memory_limit"].append(message(N_("a memory limit from 16 to 2048 MiB")))
    checkers = CHECKERS if form.has_checker else tuple(c for c in CHECKERS if c != "custom")
    if form.checker not in checkers:
        bad["checker"].append(message(N_("choose one of the checkers offered")))
    tolerance = None
    if form.checker == "float":
        tolerance = _number(form.float_tolerance or "1e-6", 1e-15, 1)
        if tolerance is None:
            bad["float_tolerance"].append(message(N_("a tolerance from 1e-15 to 1, like 1e-6")))
    if form.io not in IO_MODES:
        bad["io"].append(message(N_("choose standard input/output or files")))
    points = _number(form.points, 0, MAX_POINTS, whole=True)
    if points is None:
        bad["points"].append(message(N_("points: a whole number from 0 to {max}"), max=MAX_POINTS))
    subtasks, problems = _parse_subtasks(form.subtasks)
    bad["subtasks"].extend(problems)
    if len(form.tests) < MIN_TESTS:
        bad["tests"].append(
            message(
                N_("a task needs at least {min} tests, this one has {count}"),
                min=MIN_TESTS,
                count=len(form.tests),
            )
        )
    if any(bad.values()):
        raise TaskRefused(bad)
    assert time_limit is not None and memory is not None and points is not None
    examples = [i for i, t in enumerate(form.tests, 1) if t.example]
    text = task_toml(
        slug=slug,
        time_limit=time_limit,
        memory_limit=int(memory),
        checker=form.checker,
        float_tolerance=tolerance,
        io=form.io,
        examples=examples,
        title=title,
        subtasks=subtasks,
    )
    return CheckedForm(text, int(points), title)


def _field_of(problem_file: str, line_text: str) -> str:
    """The form field a problem of the judge's own check is about."""
    if problem_file.startswith("tests"):
        return "tests"
    if problem_file.startswith("statement"):
        return "statement"
    if problem_file == "checker.cpp":
        return "checker"
    key = re.match(r"^\s*\[*(\w+)", line_text)
    name = key.group(1) if key else ""
    if name in ("points", "tests", "subtasks"):  # task.toml has them only in [[subtasks]]
        return "subtasks"
    return name if name in FIELDS else "title"


def write_folder(form: TaskForm, checked: CheckedForm, out: Path, previous: Path | None) -> Task:
    """Write the task folder `out` (which must not exist) and load it as the judge will.

    Args:
        previous: the previous version's folder: kept tests, checker.cpp and solutions come
            from it.
    Raises:
        TaskRefused: the judge's own check found problems (each under its field).
    """
    kept = [t.keep for t in form.tests if t.keep is not None]
    missing = [
        n for n in kept if previous is None or not (previous / "tests" / f"{n:02d}.in").is_file()
    ]
    if missing:
        raise TaskRefused(
            {
                "tests": [
                    message(N_("test {number} of the previous version is gone"), number=n)
                    for n in missing
                ]
            }
        )
    (out / "tests").mkdir(parents=True)
    (out / "task.toml").write_text(checked.toml, encoding="utf-8")
    for lang, text in form.statement.items():
        if text.strip():
            (out / f"statement.{lang}.md").write_text(text.strip() + "\n", encoding="utf-8")
    for number, test in enumerate(form.tests, 1):
        for kind, text in (("in", test.input), ("ans", test.answer)):
            target = out / "tests" / f"{number:02d}.{kind}"
            if test.keep is not None and previous is not None:
                shutil.copyfile(previous / "tests" / f"{test.keep:02d}.{kind}", target)
            else:
                target.write_text(text, encoding="utf-8")
    if previous is not None:
        for extra in ("checker.cpp", "testlib.h", "solutions"):
            source = previous / extra
            if source.is_dir():
                shutil.copytree(source, out / extra)
            elif source.is_file() and (extra != "checker.cpp" or form.checker == "custom"):
                shutil.copyfile(source, out / extra)
    try:
        return load_task(out)
    except TaskInvalid as exc:
        lines = checked.toml.splitlines()
        found: dict[str, list[Message]] = {}
        for p in exc.problems:
            text = lines[p.line - 1] if p.line and p.line <= len(lines) else ""
            found.setdefault(_field_of(p.file, text), []).append(p.message)
        raise TaskRefused(found) from exc


def _read_test(path: Path) -> str | None:
    """A test file's text when it is small UTF-8 text (shown in a text box), else None."""
    if path.stat().st_size > EDITABLE_CHARS:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def form_of(task: Task, points: int, practice: bool) -> TaskForm:
    """The editor's form for a stored version (large or binary tests are kept as files)."""
    tests = []
    for test in task.tests:
        texts = [_read_test(test.input), _read_test(test.answer)]
        example = test.number in task.examples
        if texts[0] is None or texts[1] is None:
            size = test.input.stat().st_size + test.answer.stat().st_size
            tests.append(TestPair(example=example, keep=test.number, size=size))
        else:
            tests.append(TestPair(texts[0], texts[1], example))
    subtasks = "\n".join(f"{s.points} {format_ranges(s.tests)}" for s in task.subtasks)
    return TaskForm(
        title=dict(task.title),
        statement={lang: p.read_text(encoding="utf-8") for lang, p in task.statements.items()},
        time_limit=f"{task.time_limit:g}",
        memory_limit=str(task.memory_limit),
        checker=task.checker,
        io=task.io,
        points=str(points),
        practice=practice,
        float_tolerance=f"{task.float_tolerance:g}" if task.checker == "float" else "",
        subtasks=subtasks,
        tests=tests,
        has_checker=task.checker_source is not None,
    )


def with_blank_rows(form: TaskForm, rows: int = 2) -> TaskForm:
    """The form with empty test rows to fill in (for a page without JavaScript)."""
    return replace(form, tests=[*form.tests, *(TestPair() for _ in range(rows))])
