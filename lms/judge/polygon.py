"""A Polygon package (zip or folder with problem.xml) into a task folder; see importing.py."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as SafeET

from lms.judge.importing import (
    POLYGON_LANGS,
    SECTION_TITLES,
    SOLUTION_TYPES,
    STD_CHECKERS,
    _bad,
    _place,
    _root,
    extract_zip,
)
from lms.judge.task import Problem, Subtask, Task, TaskInvalid, task_toml
from models.i18n import N_, Message, message

_TEX = [
    (re.compile(r"\$\$\$(.+?)\$\$\$", re.S), r"$\1$"),
    (re.compile(r"\\textbf\{([^{}]*)\}"), r"**\1**"),
    (re.compile(r"\\(?:textit|emph)\{([^{}]*)\}"), r"*\1*"),
    (re.compile(r"\\texttt\{([^{}]*)\}"), r"`\1`"),
    (re.compile(r"\\begin\{(?:itemize|enumerate)\}|\\end\{(?:itemize|enumerate)\}"), ""),
    (re.compile(r"^\s*\\item\s*", re.M), "- "),
    (re.compile(r"~"), " "),
]


def tex_to_markdown(text: str) -> str:
    """Polygon's statement TeX, roughly as Markdown (math stays between $ signs)."""
    for pattern, replacement in _TEX:
        text = pattern.sub(replacement, text)
    return text.strip()


def _sections(package: Path, polygon_lang: str) -> dict[str, str]:
    folder = package / "statement-sections" / polygon_lang
    if folder.is_dir():
        return {
            p.stem: p.read_text(encoding="utf-8", errors="replace") for p in folder.glob("*.tex")
        }
    props = package / "statements" / polygon_lang / "problem-properties.json"
    if props.is_file():
        data = json.loads(props.read_text(encoding="utf-8", errors="replace"))
        return {k: str(data.get(k) or "") for k in ("name", "legend", "input", "output", "notes")}
    return {}


def _statement(package: Path, polygon_lang: str, lang: str, title: str) -> str | None:
    parts = _sections(package, polygon_lang)
    if not parts.get("legend"):
        return None
    heads = SECTION_TITLES[lang]
    text = [f"# {parts.get('name') or title}", "", tex_to_markdown(parts["legend"])]
    for key, head in zip(("input", "output", "notes"), heads, strict=True):
        if parts.get(key, "").strip():
            text += ["", f"## {head}", "", tex_to_markdown(parts[key])]
    return "\n".join(text) + "\n"


def _checker(
    root: ET.Element, package: Path, out: Path, warnings: list[Message]
) -> tuple[str, float | None]:
    node = root.find("./assets/checker")
    if node is None:
        return "tokens", None
    name = (node.get("name") or "").removeprefix("std::").removesuffix(".cpp")
    if name in STD_CHECKERS:
        return STD_CHECKERS[name]
    source = node.find("source")
    path = package / (source.get("path", "") if source is not None else "files/check.cpp")
    if not path.is_file():
        raise _bad(
            "problem.xml",
            message(
                N_("the checker's source {path} is not in the package"),
                path=str(path.relative_to(package)),
            ),
        )
    shutil.copyfile(path, out / "checker.cpp")
    if (package / "files" / "testlib.h").is_file():
        shutil.copyfile(package / "files" / "testlib.h", out / "testlib.h")
    else:
        warnings.append(message(N_("no files/testlib.h in the package: Sabaq's own is used")))
    return "custom", None


def _tests(testset: ET.Element, package: Path, out: Path) -> tuple[list[ET.Element], list[int]]:
    count = int(testset.findtext("test-count") or 0)
    inputs = testset.findtext("input-path-pattern") or "tests/%02d"
    answers = testset.findtext("answer-path-pattern") or "tests/%02d.a"
    nodes = testset.findall("./tests/test")
    problems, samples = [], []
    (out / "tests").mkdir(parents=True)
    for i in range(1, count + 1):
        node = nodes[i - 1] if i <= len(nodes) else ET.Element("test")
        src, ans = package / (inputs % i), package / (answers % i)
        if not (src.is_file() and ans.is_file()):
            how = node.get("method", "manual") + (
                f" ({node.get('cmd')})" if node.get("cmd") else ""
            )
            problems.append(
                Problem(
                    inputs % i,
                    None,
                    message(
                        N_(
                            "test {n} ({how}) has no input or answer in the package: "
                            "download the full package from Polygon"
                        ),
                        n=i,
                        how=how,
                    ),
                )
            )
            continue
        shutil.copyfile(src, out / "tests" / f"{i:02d}.in")
        shutil.copyfile(ans, out / "tests" / f"{i:02d}.ans")
        if node.get("sample") == "true":
            samples.append(i)
    if problems:
        raise TaskInvalid(problems)
    return nodes, samples


def _subtasks(
    testset: ET.Element, nodes: list[ET.Element], warnings: list[Message]
) -> tuple[Subtask, ...]:
    groups: dict[str, list[int]] = {}
    points: dict[str, float] = {}
    for i, node in enumerate(nodes, 1):
        group = node.get("group", "")
        groups.setdefault(group, []).append(i)
        points[group] = points.get(group, 0.0) + float(node.get("points") or 0)
    for g in testset.findall("./groups/group"):
        if g.get("points") is not None:
            points[g.get("name", "")] = float(g.get("points") or 0)
        if g.get("points-policy", "complete-group") != "complete-group":
            warnings.append(
                message(
                    N_("group {name}: each-test points are scored as a complete group"),
                    name=g.get("name", ""),
                )
            )
    total = sum(points.values())
    if len(groups) < 2 or total <= 0:
        return ()
    scaled = {g: round(100 * p / total) for g, p in points.items()}
    biggest = max(scaled, key=lambda g: scaled[g])
    scaled[biggest] += 100 - sum(scaled.values())  # rounding leftovers to the largest group
    if total != 100:
        warnings.append(message(N_("group points add up to {total}: scaled to 100"), total=total))
    return tuple(Subtask(scaled[g], tuple(tests)) for g, tests in groups.items())


def _solutions(root: ET.Element, package: Path, out: Path) -> None:
    (out / "solutions").mkdir()
    for node in sorted(
        root.findall("./assets/solutions/solution"), key=lambda n: n.get("tag") != "main"
    ):
        source = node.find("source")
        if source is None:
            continue
        kind = (source.get("type") or "").split(".")[0]
        lang = next((v for k, v in SOLUTION_TYPES.items() if kind.startswith(k)), None)
        path = package / source.get("path", "")
        target = out / "solutions" / f"ref.{lang}"
        if (
            lang
            and path.is_file()
            and not target.exists()
            and node.get("tag") in ("main", "accepted")
        ):
            shutil.copyfile(path, target)


def _io(judging: ET.Element) -> str:
    files = (judging.get("input-file") or "", judging.get("output-file") or "")
    if files == ("", ""):
        return "stdio"
    if tuple(f.lower() for f in files) == ("input.txt", "output.txt"):
        return "files"
    raise _bad(
        "problem.xml",
        message(
            N_("file names {files} are not supported (only input.txt and output.txt)"),
            files=" ".join(files),
        ),
    )


def build_from_polygon(package: Path, out: Path) -> list[Message]:
    """Write the task folder `out` from an unpacked package; returns warnings."""
    root = SafeET.parse(package / "problem.xml").getroot()  # entities: a ValueError
    judging = root.find("judging")
    testset = root.find("./judging/testset[@name='tests']")
    if judging is None or testset is None:
        raise _bad("problem.xml", message(N_("problem.xml has no tests testset")))
    warnings: list[Message] = []
    nodes, samples = _tests(testset, package, out)
    titles = {
        POLYGON_LANGS[n.get("language", "")]: n.get("value", "")
        for n in root.findall("./names/name")
        if n.get("language") in POLYGON_LANGS
    }
    for polygon_lang, lang in POLYGON_LANGS.items():
        text = _statement(package, polygon_lang, lang, titles.get(lang, ""))
        if text:
            (out / f"statement.{lang}.md").write_text(text, encoding="utf-8")
    checker, tolerance = _checker(root, package, out, warnings)
    slug = re.sub(r"[^a-z0-9]+", "-", (root.get("short-name") or "task").lower()).strip("-")
    (out / "task.toml").write_text(
        task_toml(
            slug=slug or "task",
            time_limit=min(20.0, max(0.1, int(testset.findtext("time-limit") or 1000) / 1000)),
            memory_limit=min(
                2048, max(16, int(testset.findtext("memory-limit") or 256 << 20) >> 20)
            ),
            checker=checker,
            float_tolerance=tolerance,
            io=_io(judging),
            examples=samples or [1],
            title=titles,
            subtasks=_subtasks(testset, nodes, warnings),
        ),
        encoding="utf-8",
    )
    _solutions(root, package, out)
    return warnings


def import_polygon(package: Path, tasks_root: Path) -> tuple[Task, list[Message]]:
    """A Polygon package (zip or folder) into tasks_root/<slug>.

    Returns:
        The task, and warnings about what was approximated.
    Raises:
        TaskInvalid: an unsafe archive, missing tests or files, or an invalid result.
    """
    tasks_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tasks_root, prefix=".import-") as tmp:
        source = Path(package)
        if source.is_file():
            (Path(tmp) / "package").mkdir()
            extract_zip(source, Path(tmp) / "package")
            source = _root(Path(tmp) / "package", "problem.xml")
        else:
            source = _root(source, "problem.xml")
        built = Path(tmp) / "task"
        built.mkdir()
        try:
            warnings = build_from_polygon(source, built)
        except (ET.ParseError, ValueError) as exc:
            raise _bad("problem.xml", message(N_("problem.xml cannot be read: {error}"),
                                              error=str(exc))) from exc  # fmt: skip
        return _place(built, tasks_root), warnings
