"""Fixtures for the judge: one real sandbox per session, and small task folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from lms.judge.sandbox import Sandbox
from lms.judge.sandbox.box import NOBODY
from lms.judge.sandbox.cgroups import run_prefix
from lms.judge.task import Task, load_task

EXAMPLES = Path(__file__).resolve().parents[2] / "lms" / "judge" / "examples"


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    # The real sandbox (bubblewrap, cgroups, seccomp): CI installs it with .ci/judge.sh.
    return Sandbox()


def make_task(
    folder: Path, answers: list[str], *, inputs: list[str] | None = None, **fields: object
) -> Task:
    """A small task folder: tests with these answers, settings from `fields`."""
    settings = {"slug": "t", "time_limit": 1.0, "memory_limit": 64, "checker": "tokens"}
    settings.update(fields)
    lines = [f"{k} = {v!r}" if not isinstance(v, str) else f'{k} = "{v}"'
             for k, v in settings.items()]  # fmt: skip
    (folder / "task.toml").write_text("\n".join(lines) + "\n")
    (folder / "statement.en.md").write_text("# A task\n")
    (folder / "tests").mkdir(exist_ok=True)
    for i, answer in enumerate(answers, 1):
        (folder / "tests" / f"{i:02d}.in").write_text((inputs or ["1\n"] * len(answers))[i - 1])
        (folder / "tests" / f"{i:02d}.ans").write_text(answer)
    return load_task(folder)


@pytest.fixture
def ok_task(tmp_path: Path) -> Task:
    """Three tests whose answer is `ok`: a hostile program prints ok only when it was stopped."""
    return make_task(tmp_path, ["ok\n"] * 3)


def nobody_processes() -> list[int]:
    """Live processes of the box user in this test process's run cgroups (zombies aside: dead,
    waiting for init to reap them). Other judges on the machine have cgroups of their own."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                ours = run_prefix() in (entry / "cgroup").read_text()
                if entry.stat().st_uid == NOBODY and state not in ("Z", "X") and ours:
                    found.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
    return found


def leftover_cgroups(sandbox: Sandbox) -> list[Path]:
    """This test process's run cgroups still there (each run's must be removed)."""
    parents = list(sandbox.cgroups.v1.values())
    if sandbox.cgroups.v2 is not None:
        parents.append(sandbox.cgroups.v2)
    return [p for parent in parents for p in parent.glob(f"{run_prefix()}*")]


@pytest.fixture
def clean_after(sandbox: Sandbox) -> Iterator[None]:
    """After the test: no box process running, no run cgroup left, the judge still works.

    Only this process's runs count (another judge on the machine may be busy), and only what
    appeared during the test.
    """
    processes, cgroups = set(nobody_processes()), set(leftover_cgroups(sandbox))
    yield
    assert set(nobody_processes()) - processes == set()
    assert set(leftover_cgroups(sandbox)) - cgroups == set()
    assert os.getpid() > 0
