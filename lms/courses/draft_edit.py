"""Edits of a course draft: modules, lessons and steps added, changed, removed and reordered.

Each edit takes the draft's data (see lms.courses.drafts) and changes it in place; `edit`
runs one under the draft's lock and saves it. Modules and lessons are named by their slugs,
steps by their keys (positions move when steps are reordered; keys do not). A lesson's slug is
fixed once made: it is part of its steps' keys, on which students' progress hangs.
"""

from __future__ import annotations

import copy
import re
import secrets
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlmodel import Session

from lms.courses.checks import SLUG, Problems, safe_path, texts_given
from lms.courses.content import check_step_data
from lms.courses.drafts import KEY, draft_folder, get_draft, save_draft, start_draft
from lms.courses.errors import CourseError, CourseInvalid, CourseNotFound
from models.i18n import N_, message
from models.lms import STEP_KINDS, TEXT, UPLOAD

T = TypeVar("T")
MODULES, LESSONS, STEPS = "modules", "lessons", "steps"
# Cyrillic letters of Kazakh and Russian in Latin, for slugs made from titles
LATIN = {
    **dict(zip("абвгдеёзийклмнопрстуфыэ", "abvgdeeziiklmnoprstufye", strict=True)),
    **dict(zip("әғқңөұүһі", "agqnouuhi", strict=True)),
    "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "iu", "я": "ia",
    "ъ": "", "ь": "",
}  # fmt: skip


def _refuse(code: str, text: str, **values: Any) -> CourseError:
    return CourseError(code, [message(text, **values)])


def _slug_refused(slug: str) -> CourseError:
    said = N_("The slug {slug} is taken or not lower-case letters, digits and dashes.")
    return _refuse("bad_slug", said, slug=slug)


def edit(
    db: Session,
    *,
    school_id: int,
    course_id: int,
    user_id: int | None,
    change: Callable[[dict[str, Any], Path], T],
) -> T:
    """Applies one change to the course's draft (locked while it runs) and saves it.

    Args:
        db: the session (the caller commits).
        school_id: the viewer's school.
        course_id: a course of the school with a draft.
        user_id: who edits.
        change: gets the data and the draft's folder; what it returns is returned.

    Raises:
        CourseNotFound: no such course or draft, or what the change names is not in it.
        CourseError: the change is refused (its code and sentence).
    """
    _course, draft = get_draft(db, school_id=school_id, course_id=course_id, lock=True)
    data = copy.deepcopy(draft.data)
    result = change(data, draft_folder(draft))
    save_draft(draft, data, user_id)
    return result


def slugify(title: str, taken: set[str], fallback: str) -> str:
    """A slug from a title (Cyrillic in Latin letters), not one of `taken`."""
    text = unicodedata.normalize("NFKC", title).casefold()
    latin = "".join(LATIN.get(ch, ch) for ch in text)
    base = "-".join(re.findall(r"[a-z0-9]+", latin))[:40].strip("-") or fallback
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _modules(data: dict[str, Any]) -> list[dict[str, Any]]:
    modules = data["table"].setdefault("modules", [])
    assert isinstance(modules, list)
    return modules


def module_of(data: dict[str, Any], slug: str) -> dict[str, Any]:
    """A module of the draft by slug.

    Raises:
        CourseNotFound: no such module.
    """
    for module in _modules(data):
        if module.get("slug") == slug:
            return module
    raise CourseNotFound("module_not_found", [message(N_("No such module in the course."))])


def lesson_of(data: dict[str, Any], slug: str) -> dict[str, Any]:
    """A lesson of the draft by slug ({"table": ..., "steps": [...]}).

    Raises:
        CourseNotFound: no such lesson.
    """
    lesson = data.get("lessons", {}).get(slug)
    if lesson is None:
        raise CourseNotFound("lesson_not_found", [message(N_("No such lesson."))])
    assert isinstance(lesson, dict)
    return lesson


def step_at(data: dict[str, Any], lesson: str, key: str) -> tuple[int, dict[str, Any]]:
    """A step of a lesson by key: its position (from 1) and its table.

    Raises:
        CourseNotFound: no such step (removed meanwhile, in another tab).
    """
    for n, step in enumerate(lesson_of(data, lesson)["steps"], 1):
        if step.get(KEY) == key:
            return n, step
    raise CourseNotFound("step_not_found", [message(N_("No such step."))])


def _texts(values: dict[str, str]) -> dict[str, str]:
    found = {k: v.strip() for k, v in values.items() if isinstance(v, str) and v.strip()}
    if not texts_given(found):
        raise _refuse("no_title", N_("Give the title in at least one language."))
    return found


def set_course(data: dict[str, Any], title: dict[str, str], languages: list[str]) -> None:
    """The course's title and the languages its texts are written in."""
    data["table"]["title"] = _texts(title)
    data["table"]["languages"] = [lang for lang in ("kk", "ru", "en") if lang in languages] or [
        "kk",
        "ru",
    ]


def add_module(data: dict[str, Any], title: dict[str, str], slug: str = "") -> str:
    """A new module at the end of the course; returns its slug."""
    taken = {str(m.get("slug")) for m in _modules(data)}
    texts = _texts(title)
    slug = slug.strip() or slugify(next(iter(texts.values())), taken, f"module-{len(taken) + 1}")
    if not SLUG.match(slug) or slug in taken:
        raise _slug_refused(slug)
    _modules(data).append({"slug": slug, "title": texts, "lessons": []})
    return slug


def set_module(data: dict[str, Any], slug: str, title: dict[str, str]) -> None:
    """A module's title."""
    module_of(data, slug)["title"] = _texts(title)


def remove_module(data: dict[str, Any], slug: str) -> None:
    """Removes an empty module.

    Raises:
        CourseError: the module still has lessons (code "module_not_empty").
    """
    if module_of(data, slug).get("lessons"):
        raise _refuse("module_not_empty", N_("Move or remove the module's lessons first."))
    data["table"]["modules"] = [m for m in _modules(data) if m.get("slug") != slug]


def add_lesson(
    data: dict[str, Any], module: str, title: dict[str, str], slug: str = "", minutes: int = 0
) -> str:
    """A new lesson at the end of a module; returns its slug (its folder's name)."""
    target = module_of(data, module)
    taken = set(data.setdefault("lessons", {}))
    texts = _texts(title)
    slug = slug.strip() or slugify(next(iter(texts.values())), taken, f"lesson-{len(taken) + 1}")
    if not SLUG.match(slug) or slug in taken:
        raise _slug_refused(slug)
    table: dict[str, Any] = {"title": texts}
    if minutes > 0:
        table["minutes"] = minutes
    data["lessons"][slug] = {"table": table, "steps": []}
    target.setdefault("lessons", []).append(slug)
    return slug


def set_lesson(data: dict[str, Any], slug: str, title: dict[str, str], minutes: int) -> None:
    """A lesson's title and minutes (0: not said)."""
    table = lesson_of(data, slug)["table"]
    table["title"] = _texts(title)
    if minutes > 0:
        table["minutes"] = minutes
    else:
        table.pop("minutes", None)


def remove_lesson(data: dict[str, Any], slug: str, folder: Path) -> None:
    """Removes a lesson, its steps and its files from the draft (the versions keep them)."""
    lesson_of(data, slug)
    del data["lessons"][slug]
    for module in _modules(data):
        module["lessons"] = [s for s in module.get("lessons", []) if s != slug]
    shutil.rmtree(folder / "lessons" / slug, ignore_errors=True)


def new_step(lesson: str, kind: str) -> dict[str, Any]:
    """An empty step of a kind, with a key no step had before."""
    if kind not in STEP_KINDS:
        raise _refuse("bad_kind", N_("Unknown kind of step: {kind}."), kind=kind)
    own = secrets.token_hex(3)
    step: dict[str, Any] = {"kind": kind, KEY: f"{lesson}/{kind}-{own}"}
    if kind == TEXT:
        step.update(file=own, texts={})
        step[KEY] = f"{lesson}/text-{own}"
    elif kind == UPLOAD:
        step.update(types=[".pdf"], max_mb=5)
    return step


def add_step(data: dict[str, Any], lesson: str, kind: str) -> tuple[int, str]:
    """A new empty step at the end of a lesson; returns its position and key."""
    steps = lesson_of(data, lesson)["steps"]
    step = new_step(lesson, kind)
    steps.append(step)
    return len(steps), str(step[KEY])


def set_step(data: dict[str, Any], lesson: str, key: str, table: dict[str, Any]) -> int:
    """A step's fields (its kind, key and text file name stay); returns its position."""
    n, step = step_at(data, lesson, key)
    kept = {k: step[k] for k in ("kind", KEY, "file") if k in step and step["kind"] == TEXT}
    kept.update({"kind": step["kind"], KEY: step[KEY]})
    lesson_of(data, lesson)["steps"][n - 1] = {**kept, **table}
    return n


def remove_step(data: dict[str, Any], lesson: str, key: str) -> None:
    """Removes a step (students' progress on it stays with its key)."""
    n, _step = step_at(data, lesson, key)
    del lesson_of(data, lesson)["steps"][n - 1]


def reorder(data: dict[str, Any], what: str, parent: str, order: list[str]) -> None:
    """Puts modules, a module's lessons or a lesson's steps in the given order.

    For lessons, `order` is the module's lessons after a drop: a lesson from another module
    moves into this one. Anything else must name exactly the children there are.

    Raises:
        CourseError: the order names unknown or missing children (code "bad_order").
    """
    bad = _refuse("bad_order", N_("The new order does not match the course; reload the page."))
    if what == MODULES:
        by_slug = {m["slug"]: m for m in _modules(data)}
        if sorted(order) != sorted(by_slug):
            raise bad
        data["table"]["modules"] = [by_slug[s] for s in order]
    elif what == LESSONS:
        target = module_of(data, parent)
        if len(set(order)) != len(order) or not set(order) <= set(data.get("lessons", {})):
            raise bad
        if not set(target.get("lessons", [])) <= set(order):
            raise bad  # a drop never takes lessons out of the module it lands in
        for module in _modules(data):
            module["lessons"] = [s for s in module.get("lessons", []) if s not in order]
        target["lessons"] = list(order)
    elif what == STEPS:
        steps = lesson_of(data, parent)["steps"]
        by_key = {s[KEY]: s for s in steps}
        if sorted(order) != sorted(by_key):
            raise bad
        lesson_of(data, parent)["steps"] = [by_key[k] for k in order]
    else:
        raise bad


def children(data: dict[str, Any], what: str, parent: str) -> list[str]:
    """The slugs or keys of the modules, a module's lessons or a lesson's steps, in order."""
    if what == MODULES:
        return [str(m["slug"]) for m in _modules(data)]
    if what == LESSONS:
        return [str(s) for s in module_of(data, parent).get("lessons", [])]
    return [str(s[KEY]) for s in lesson_of(data, parent)["steps"]]


def move(data: dict[str, Any], what: str, parent: str, ident: str, up: bool) -> None:
    """One place up or down among its siblings (the buttons beside drag and drop)."""
    order = children(data, what, parent)
    if ident not in order:
        raise CourseNotFound("not_found", [message(N_("No such item in the course."))])
    at = order.index(ident)
    to = at - 1 if up else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
        reorder(data, what, parent, order)


def add_steps(
    db: Session,
    *,
    school_id: int,
    course_id: int,
    lesson: str,
    steps: list[dict[str, Any]],
    files: dict[str, bytes] | None = None,
    user_id: int | None = None,
) -> list[str]:
    """Steps made elsewhere (a quiz import) added at the end of a lesson of the course's draft
    (started from the current version when there is none), all or none.

    Args:
        db: the session (the caller commits).
        school_id: the viewer's school.
        course_id: a course of the school.
        lesson: the slug of a lesson of the draft.
        steps: step tables of the package format (`kind` and its fields; an own `key` is kept).
        files: pictures the steps show, by path inside the lesson's folder ("img/q1.png").
        user_id: who adds them.

    Returns:
        The new steps' keys.

    Raises:
        CourseNotFound: no such course or lesson.
        CourseInvalid: a step has problems (every one, with its step's number in the lesson)
            or a file's path leaves the lesson's folder; nothing is added.
    """
    start_draft(db, school_id=school_id, course_id=course_id, user_id=user_id)

    def change(data: dict[str, Any], folder: Path) -> list[str]:
        target = lesson_of(data, lesson)["steps"]
        lesson_dir = folder / "lessons" / lesson
        written = _write_files(lesson_dir, files or {})
        problems, made = Problems(), []
        for n, table in enumerate(steps, len(target) + 1):
            step = {**new_step(lesson, str(table.get("kind", ""))), **table}
            if isinstance(table.get("key"), str) and table["key"]:
                step[KEY] = f"{lesson}/{table['key']}"
            check_step_data(folder, lesson, n, step, problems)
            made.append(step)
        if problems.found:
            for path in written:
                path.unlink(missing_ok=True)
            raise CourseInvalid("course_invalid", problems.found)
        target.extend(made)
        return [str(s[KEY]) for s in made]

    return edit(db, school_id=school_id, course_id=course_id, user_id=user_id, change=change)


def _write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    written = []
    for name, content in files.items():
        rel = safe_path(name)
        if rel is None:
            raise CourseInvalid("course_invalid", [message(N_("{file}: unsafe path"), file=name)])
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written
