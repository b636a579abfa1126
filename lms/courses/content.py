"""The course package format (a folder or its zip), read into plain data and written back.

    course.toml                  slug, title, description, grades... and [[modules]] with lessons
    lessons/<slug>/lesson.toml   title, minutes and [[steps]] (kind = text/single/multiple/...)
    lessons/<slug>/<file>.<lang>.md   the Markdown of a text step, one file per language
    tasks/<slug>/...             judge task folders, and any other file: kept byte for byte

Steps (texts are tables by language, e.g. `question = {kk = "...", ru = "..."}`):
    text      file = "intro"                   the Markdown in intro.kk.md, intro.ru.md...
    single    question, options = [{kk, ru, correct = true/false, why = {kk, ru}?}...],
              explanation? (`why`: shown when the student chose that option)
    multiple  the same, one or more options correct
    blanks    text with {{answer}} marks, answers = [["print", "print()"], ...], explanation?
    ordering  question, items = [{kk, ru}...] in the right order, explanation?
    matching  question, pairs = [{left = {kk, ru}, right = {kk, ru}}...], explanation?
    task      task = "<slug of a folder in tasks/>"
    video     file = "clip.mp4" (.mp4, .webm in the lesson folder) or url = "https://...",
              captions = "clip.ru.vtt"?, text = {kk, ru}? (a note under it)
    audio     the same with .mp3 or .ogg
    gallery   images = [{file = "img/a.png", alt = {kk, ru}, caption = {kk, ru}?}...], text?
              (.png, .jpg, .jpeg, .gif, .webp files in the lesson folder)
    glossary  terms = [{term = {kk, ru}, meaning = {kk, ru}}...]
    open      question, rubric? (how the teacher grades it, shown to the student)
    upload    question, types = [".pdf", ".png"...], max_mb = 5, rubric?: a file the student
              sends (lms.courses.sniff.UPLOAD_TYPES; at most MAX_UPLOAD_MB), graded by a teacher
Any step may say `points = N` (default 10 for a graded step, 0 otherwise) and `key = "..."`
(its identity across versions; default: the text file, the task, or kind and ordinal).

Tables are kept as read (keys this code does not know survive a round trip); what this module
adds is the list of every problem, with its file, and each step's stable key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lms.courses import tomlwrite
from lms.courses.checks import SLUG, Problems, check_step, texts_given
from lms.courses.errors import CourseInvalid
from models.i18n import N_, message
from models.lms import TASK, TEXT

TEXT_FILE = re.compile(r"^(?P<file>[A-Za-z0-9_-]+)\.(?P<lang>[a-z]{2})\.md\Z")
MAX_STEPS = 2000


@dataclass
class LessonData:
    slug: str
    table: dict[str, Any]  # lesson.toml without its steps
    steps: list[dict[str, Any]]  # each step's table; a text step also has "texts": {lang: md}


@dataclass
class CourseData:
    table: dict[str, Any]  # course.toml (its modules list the lessons by slug)
    lessons: dict[str, LessonData]
    files: dict[str, bytes] = field(default_factory=dict)  # every other file, by its path

    @property
    def slug(self) -> str:
        return str(self.table.get("slug", ""))

    @property
    def modules(self) -> list[dict[str, Any]]:
        modules = self.table.get("modules", [])
        return modules if isinstance(modules, list) else []


def step_keys(lesson: LessonData) -> list[str]:
    """Each step's key: its own `key`, else the text file, the task, or kind and ordinal."""
    counts: dict[str, int] = {}
    keys = []
    for step in lesson.steps:
        kind = str(step.get("kind", ""))
        counts[kind] = counts.get(kind, 0) + 1
        if isinstance(step.get("key"), str) and step["key"]:
            own = step["key"]
        elif kind == TEXT:
            own = f"text-{step.get('file', '')}"
        elif kind == TASK:
            own = f"task-{step.get('task', '')}"
        else:
            own = f"{kind}-{counts[kind]}"
        keys.append(f"{lesson.slug}/{own}")
    return keys


def read_folder(root: Path) -> CourseData:
    """Reads and checks a course folder.

    Args:
        root: the folder holding course.toml (or a folder with exactly one such folder inside).

    Returns:
        The course as plain data.

    Raises:
        CourseInvalid: every problem found, each with its file.
    """
    root = _course_root(root)
    problems = Problems()
    table = _toml(root / "course.toml", "course.toml", problems)
    problems.raise_if_any()
    lessons: dict[str, LessonData] = {}
    used: set[str] = {"course.toml"}
    for slug in _check_course(table, problems):
        lesson = _read_lesson(root, slug, problems, used)
        if lesson is not None:
            lessons[slug] = lesson
    _check_unlisted(root, lessons, problems)
    _check_keys(lessons, problems)
    problems.raise_if_any()
    files = {
        rel: path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and (rel := path.relative_to(root).as_posix()) not in used
    }
    return CourseData(table, lessons, files)


def _course_root(root: Path) -> Path:
    if (root / "course.toml").is_file():
        return root
    inner = [p for p in root.iterdir() if p.is_dir()] if root.is_dir() else []
    if len(inner) == 1 and (inner[0] / "course.toml").is_file():
        return inner[0]
    raise CourseInvalid("course_invalid", [message(N_("The package has no course.toml."))])


def _toml(path: Path, rel: str, problems: Problems) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            table = tomllib.load(f)
    except FileNotFoundError:
        problems.add(rel, N_("the file is missing"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.add(rel, N_("not valid TOML: {error}"), error=str(exc))
    else:
        if _plain(table):
            return table
        problems.add(rel, N_("dates and times are not supported; write them as text"))
    return {}


def _plain(value: Any) -> bool:
    """Only what JSON columns and our TOML writer hold: text, numbers, booleans, lists, tables."""
    if isinstance(value, dict):
        return all(_plain(v) for v in value.values())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return isinstance(value, str | int | float | bool)


def _check_course(table: dict[str, Any], problems: Problems) -> list[str]:
    """The lessons the modules list, in order; problems of course.toml."""
    if not SLUG.match(str(table.get("slug", ""))):
        problems.add("course.toml", N_("slug must be lower-case letters, digits and dashes"))
    if not texts_given(table.get("title")):
        problems.add("course.toml", N_("title must give the text in at least one language"))
    modules = table.get("modules")
    if (
        not isinstance(modules, list)
        or not modules
        or not all(isinstance(m, dict) for m in modules)
    ):
        problems.add("course.toml", N_("the course needs at least one [[modules]] table"))
        return []
    listed: list[str] = []
    for n, module in enumerate(modules, 1):
        if not SLUG.match(str(module.get("slug", ""))) or not texts_given(module.get("title")):
            problems.add("course.toml", N_("module {n} needs a slug and a title"), n=n)
        lessons = module.get("lessons")
        if not isinstance(lessons, list) or not lessons:
            problems.add("course.toml", N_("module {n} lists no lessons"), n=n)
            continue
        listed += [str(slug) for slug in lessons]
    slugs = [str(m.get("slug")) for m in modules]
    for slug in sorted({s for s in slugs if slugs.count(s) > 1}):
        problems.add("course.toml", N_("module {slug} is listed twice"), slug=slug)
    for slug in sorted({s for s in listed if listed.count(s) > 1}):
        problems.add("course.toml", N_("lesson {slug} is listed twice"), slug=slug)
    return list(dict.fromkeys(listed))


def _read_lesson(root: Path, slug: str, problems: Problems, used: set[str]) -> LessonData | None:
    rel = f"lessons/{slug}/lesson.toml"
    if not SLUG.match(slug) or not (root / rel).is_file():
        problems.add("course.toml", N_("lesson {slug} has no {file}"), slug=slug, file=rel)
        return None
    used.add(rel)
    table = _toml(root / rel, rel, problems)
    steps = table.pop("steps", None)
    if not texts_given(table.get("title")):
        problems.add(rel, N_("title must give the text in at least one language"))
    if not isinstance(steps, list) or not steps or not all(isinstance(s, dict) for s in steps):
        problems.add(rel, N_("the lesson needs at least one [[steps]] table"))
        return None
    for n, step in enumerate(steps, 1):
        _check_step(root, slug, n, step, problems, used)
    return LessonData(slug, table, steps)


def _check_step(
    root: Path, lesson: str, n: int, step: dict[str, Any], problems: Problems, used: set[str]
) -> None:
    if step.get("kind") == TEXT:
        _readtexts_given(root, lesson, n, step, problems, used)
    else:
        check_step(root, lesson, n, step, problems)


def _readtexts_given(
    root: Path, lesson: str, n: int, step: dict[str, Any], problems: Problems, used: set[str]
) -> None:
    rel = f"lessons/{lesson}/lesson.toml"
    name = step.get("file")
    if "texts" in step or not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        problems.add(rel, N_("step {n}: a text step names its Markdown file (file = ...)"), n=n)
        return
    texts: dict[str, str] = {}
    for path in sorted((root / "lessons" / lesson).glob(f"{name}.*.md")):
        match = TEXT_FILE.match(path.name)
        if match is None or match["file"] != name:
            continue
        try:
            texts[match["lang"]] = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            problems.add(f"lessons/{lesson}/{path.name}", N_("the file is not UTF-8 text"))
        used.add(f"lessons/{lesson}/{path.name}")
    if not texts:
        problems.add(rel, N_("step {n}: no file {file}.<language>.md"), n=n, file=name)
    step["texts"] = texts


def _check_unlisted(root: Path, lessons: dict[str, LessonData], problems: Problems) -> None:
    folder = root / "lessons"
    if folder.is_dir():
        for path in sorted(folder.glob("*/lesson.toml")):
            if path.parent.name not in lessons:
                problems.add(f"lessons/{path.parent.name}", N_("the lesson is in no module"))


def _check_keys(lessons: dict[str, LessonData], problems: Problems) -> None:
    total = 0
    for lesson in lessons.values():
        keys = step_keys(lesson)
        total += len(keys)
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            problems.add(
                f"lessons/{lesson.slug}/lesson.toml",
                N_("two steps have the key {key}; give one its own key = ..."),
                key=key,
            )
    if total > MAX_STEPS:
        problems.add("course.toml", N_("over {n} steps in the course"), n=MAX_STEPS)


def check_data(data: CourseData, root: Path) -> Problems:
    """The checks `read_folder` makes, on a course already held as data (texts inline), with
    its other files in `root`: what the browser editor saves is held to the import's rules.

    Returns:
        Every problem found, each with its file and the step's field (`Problems.parts`).
    """
    problems = Problems()
    listed = _check_course(data.table, problems)
    for slug in listed:
        lesson = data.lessons.get(slug)
        if lesson is None:
            rel = f"lessons/{slug}/lesson.toml"
            problems.add("course.toml", N_("lesson {slug} has no {file}"), slug=slug, file=rel)
        else:
            check_lesson(lesson, root, problems)
    for slug in sorted(set(data.lessons) - set(listed)):
        problems.add(f"lessons/{slug}", N_("the lesson is in no module"))
    _check_keys({s: data.lessons[s] for s in listed if s in data.lessons}, problems)
    return problems


def check_lesson(lesson: LessonData, root: Path, problems: Problems) -> None:
    """A lesson held as data: its title and every step (a text step's Markdown inline)."""
    rel = f"lessons/{lesson.slug}/lesson.toml"
    if not texts_given(lesson.table.get("title")):
        problems.add(rel, N_("title must give the text in at least one language"), part="title")
    if not lesson.steps:
        problems.add(rel, N_("the lesson needs at least one [[steps]] table"))
    for n, step in enumerate(lesson.steps, 1):
        check_step_data(root, lesson.slug, n, step, problems)


def check_step_data(
    root: Path, lesson: str, n: int, step: dict[str, Any], problems: Problems
) -> None:
    """One step held as data: a text step's Markdown inline, any other as the import checks."""
    if step.get("kind") != TEXT:
        check_step(root, lesson, n, step, problems)
        return
    rel = f"lessons/{lesson}/lesson.toml"
    name = step.get("file")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        problems.add(rel, N_("step {n}: a text step names its Markdown file (file = ...)"), n=n)
    elif not texts_given(step.get("texts")) or not any(step["texts"].values()):
        problems.add(
            rel, N_("step {n}: no file {file}.<language>.md"), n=n, file=name, part="texts"
        )


def to_files(course: CourseData) -> dict[str, bytes]:
    """The package's files: course.toml, each lesson.toml with its texts, every other file.

    Returns:
        File contents by path, sorted by path (a zip written in this order is reproducible).
    """
    files = dict(course.files)
    files["course.toml"] = tomlwrite.dumps(course.table).encode("utf-8")
    for slug, lesson in course.lessons.items():
        folder = f"lessons/{slug}"
        steps = []
        for step in lesson.steps:
            table = {k: v for k, v in step.items() if k != "texts"}
            for lang, text in step.get("texts", {}).items():
                files[f"{folder}/{step['file']}.{lang}.md"] = text.encode("utf-8")
            steps.append(table)
        files[f"{folder}/lesson.toml"] = tomlwrite.dumps({**lesson.table, "steps": steps}).encode(
            "utf-8"
        )
    return dict(sorted(files.items()))
