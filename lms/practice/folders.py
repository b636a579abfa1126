"""Where a stored task's versions live: `<data dir>/tasks/<id>/v<n>`, each never changed again."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lms.judge import Task, load_task
from models.settings import get_settings

TASKS_DIR = "tasks"


def data_dir(given: Path | None = None) -> Path:
    """The data directory: `given`, else the configured one (SABAQ_DATA_DIR)."""
    return Path(given) if given is not None else get_settings().data_dir


def relative_folder(task_id: int, version: int) -> str:
    """A version's folder relative to the data dir (what JudgeTask.folder holds)."""
    return f"{TASKS_DIR}/{task_id}/v{version}"


def version_folder(task_id: int, version: int, root: Path | None = None) -> Path:
    """The folder of one version of a task."""
    return data_dir(root) / relative_folder(task_id, version)


def scratch_root(root: Path | None = None) -> Path:
    """Where new versions are built before they get their final name (same file system)."""
    path = data_dir(root) / TASKS_DIR / ".new"
    path.mkdir(parents=True, exist_ok=True)
    return path


@lru_cache(maxsize=256)
def _load(folder: str) -> Task:
    return load_task(Path(folder))


def load_version(task_id: int, version: int, root: Path | None = None) -> Task:
    """A version of a task, loaded once per process (a version folder never changes).

    Raises:
        TaskInvalid: the folder is missing or broken (it was valid when it was saved).
    """
    return _load(str(version_folder(task_id, version, root)))
