"""Tasks from outside: a zip of a task folder, and a Polygon package (problem.xml).

Archives are untrusted: no absolute paths, no `..`, no links, at most MAX_FILES files and
MAX_BYTES unpacked (counted while reading, not from the sizes the archive claims).

From a Polygon package we take: the names; statements in English, Russian and Kazakh (from
statement-sections/<lang>/*.tex, else statements/<lang>/problem-properties.json), converted
roughly from TeX to Markdown; the `tests` testset with time and memory limits, every test whose
input and answer files are in the package (a generated test is fine when the package is a
full one that contains it; otherwise it is a problem to fix in Polygon, never guessed), sample
tests as examples, groups with points as subtasks (points-policy complete-group; each-test
groups are scored as complete groups, said in a warning); input.txt/output.txt file I/O; the
checker (standard ones mapped to ours, any other compiled from its source with the package's
testlib.h); main and other solutions in our four languages as references.
"""

from __future__ import annotations

import re
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from lms.judge.task import Problem, Task, TaskInvalid, load_task
from models.i18n import N_, Message, message

MAX_FILES = 5000
MAX_BYTES = 512 << 20
POLYGON_LANGS = {"english": "en", "russian": "ru", "kazakh": "kk"}
STD_CHECKERS: dict[str, tuple[str, float | None]] = {
    "wcmp": ("tokens", None),
    "ncmp": ("tokens", None),
    "lcmp": ("tokens", None),
    "hcmp": ("tokens", None),
    "fcmp": ("exact", None),
    "rcmp": ("float", 1.5e-6),
    "rcmp4": ("float", 1e-4),
    "rcmp6": ("float", 1e-6),
    "rcmp9": ("float", 1e-9),
    "dcmp": ("float", 1e-6),
}
SOLUTION_TYPES = {"cpp": "cpp", "java": "java", "python": "py", "pas": "pas", "delphi": "pas"}
SECTION_TITLES = {
    "en": ("Input", "Output", "Notes"),
    "ru": ("Входные данные", "Выходные данные", "Примечание"),
    "kk": ("Кіріс деректері", "Шығыс деректері", "Ескерту"),
}


def _bad(file: str, msg: Message) -> TaskInvalid:
    return TaskInvalid([Problem(file, None, msg)])


def _safe_name(name: str) -> PurePosixPath | None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
        return None
    return path


def extract_zip(archive: Path, target: Path) -> None:
    """Unpack an untrusted zip into `target` (which must exist), refusing anything unsafe.

    Raises:
        TaskInvalid: a path outside the folder, a link, too many files or too many bytes.
    """
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _bad(archive.name, message(N_("not a zip archive: {error}"), error=str(exc))) from exc
    with zf:
        members = zf.infolist()
        if len(members) > MAX_FILES:
            raise _bad(archive.name, message(N_("over {n} files in the archive"), n=MAX_FILES))
        total = 0
        for info in members:
            path = _safe_name(info.filename)
            if path is None or stat.S_ISLNK(info.external_attr >> 16):
                raise _bad(info.filename, message(N_("unsafe path or link in the archive")))
            if info.is_dir():
                (target / path).mkdir(parents=True, exist_ok=True)
                continue
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target / path, "wb") as dst:
                while chunk := src.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_BYTES:
                        raise _bad(
                            archive.name,
                            message(
                                N_("the archive unpacks to over {mib} MiB"), mib=MAX_BYTES >> 20
                            ),
                        )
                    dst.write(chunk)


def _root(folder: Path, marker: str) -> Path:
    """The folder holding `marker` (an archive often wraps everything in one top folder)."""
    if (folder / marker).is_file():
        return folder
    inner = [p for p in folder.iterdir() if p.is_dir()]
    if len(inner) == 1 and (inner[0] / marker).is_file():
        return inner[0]
    raise _bad(marker, message(N_("{file} is not in the archive"), file=marker))


def _place(built: Path, tasks_root: Path) -> Task:
    task = load_task(built)
    final = tasks_root / task.slug
    if final.exists():
        raise _bad("task.toml", message(N_("a task {slug} already exists"), slug=task.slug))
    shutil.move(str(built), final)
    return load_task(final)


def import_zip(archive: Path, tasks_root: Path) -> Task:
    """A zipped task folder into tasks_root/<slug>, checked like any task folder.

    Raises:
        TaskInvalid: an unsafe archive, or every problem of the task inside it.
    """
    tasks_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tasks_root, prefix=".import-") as tmp:
        extract_zip(archive, Path(tmp))
        return _place(_root(Path(tmp), "task.toml"), tasks_root)
