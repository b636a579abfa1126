"""The sandbox on cgroup v1, on v2 (hybrid here: the kill switch and CPU from v2), and seccomp."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from lms.judge.judge import judge
from lms.judge.sandbox import Limits, Sandbox, build_filter, detect
from lms.judge.sandbox.cgroups import Hierarchies, RunCgroup
from lms.judge.sandbox.seccomp import DENIED, SYSCALLS
from lms.judge.task import Task
from tests.judge.conftest import leftover_cgroups, nobody_processes

MEMORY_BOMB = "a = []\nwhile True:\n    a.append(b'x' * 10**7)\n"
FORK_BOMB = (
    "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
)
BACKGROUND = "import os, time\nif os.fork() == 0:\n    time.sleep(1000)\nprint('ok')\n"


def _cgroup2_mount() -> Path:
    """The host's cgroup2 mount, or one mounted here for the test (CI runs as root)."""
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        left, _, right = line.partition(" - ")
        if right.split()[:1] == ["cgroup2"]:
            return Path(left.split()[4])
    target = Path("/run/sabaq-test-cgroup2")
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "cgroup2", "none", str(target)], check=True)
    return target


@pytest.fixture(params=["v1", "v2"])
def any_sandbox(request: pytest.FixtureRequest, tmp_path: Path) -> Sandbox:
    if request.param == "v1":
        hierarchies = detect("v1")
        assert {hierarchies.backend(r) for r in ("memory", "pids", "cpu", "kill")} == {"v1"}
    else:
        hierarchies = detect("auto", v2_root=_cgroup2_mount())
        assert hierarchies.backend("kill") == "v2" and hierarchies.backend("cpu") == "v2"
    return Sandbox(hierarchies)


@pytest.mark.parametrize(
    ("source", "verdict"),
    [(MEMORY_BOMB, "MLE"), (FORK_BOMB, "TLE"), ("while True:\n    pass\n", "TLE"),
     ("import time\ntime.sleep(100)\n", "TLE"), (BACKGROUND, "AC")],
    ids=["memory", "fork", "cpu", "wall", "background"],
)  # fmt: skip
def test_limits_on_each_cgroup_version(any_sandbox: Sandbox, ok_task: Task, source, verdict):
    before = set(nobody_processes()), set(leftover_cgroups(any_sandbox))
    result = judge(ok_task, source, "py", sandbox=any_sandbox, stop_early=True)
    assert result.verdict == verdict
    assert set(nobody_processes()) <= before[0]
    assert set(leftover_cgroups(any_sandbox)) <= before[1]


def test_cpu_time_is_measured_from_the_cgroup(any_sandbox: Sandbox, tmp_path: Path):
    box, io = any_sandbox.new_box(), any_sandbox.new_io()
    # two processes burn CPU together: the cgroup counts both, one process's rusage would not
    (box / "p.py").write_text("import os\nos.fork()\nx = 0\nfor i in range(3 * 10**6):\n"
                              "    x += i\n")  # fmt: skip
    any_sandbox.give(box / "p.py")
    limits = Limits(10, 20, 256 << 20)
    python = ["/usr/bin/python3", "-I", "-S"]
    r = any_sandbox.run([*python, "p.py"], box=box, limits=limits, stdout=io / "o", stderr=io / "e")
    alone = any_sandbox.run(
        [*python, "-c", "pass"], box=box, limits=limits, stdout=io / "o", stderr=io / "e"
    )
    assert r.exit_code == 0 and r.cpu_seconds > 4 * alone.cpu_seconds
    assert r.memory_bytes > 0 or any_sandbox.cgroups.backend("memory") == "v2"


def test_v2_memory_and_pids_files_on_a_prepared_tree(tmp_path: Path):
    # every controller is bound to v1 on this host, so v2's memory.max, pids.max and
    # memory.events are exercised on a prepared tree that looks like a v2 cgroup directory
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (tmp_path / "cgroup.subtree_control").write_text("")
    h = Hierarchies(v1={}, v2=tmp_path, v2_controllers=frozenset({"memory", "pids"}))
    assert {h.backend(r) for r in ("memory", "pids", "cpu", "kill")} == {"v2"}
    cg = RunCgroup(h, name="sabaq-prepared")
    run = tmp_path / "sabaq-prepared"
    cg.limit(memory_bytes=64 << 20, pids=16)
    assert (run / "memory.max").read_text() == str(64 << 20)
    assert (run / "memory.swap.max").read_text() == "0"
    assert (run / "pids.max").read_text() == "16"
    assert cg.procs_files == [run / "cgroup.procs"]
    (run / "memory.events").write_text("low 0\nhigh 0\nmax 12\noom 1\noom_kill 0\n")
    assert not cg.oom_killed()
    (run / "memory.events").write_text("low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n")
    assert cg.oom_killed()
    (run / "pids.events").write_text("max 3\n")
    assert cg.pids_exhausted()
    (run / "cpu.stat").write_text("usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n")
    assert cg.cpu_seconds() == 1.5
    (run / "memory.peak").write_text("12345\n")
    assert cg.memory_peak() == 12345
    (run / "cgroup.procs").write_text("")
    assert cg.kill_all()


FORBIDDEN = {
    "ptrace": "import ctypes\nctypes.CDLL(None).ptrace(0, 0, 0, 0)\nprint('ok')\n",
    "unshare": "import ctypes\nctypes.CDLL(None).unshare(0x10000000)\nprint('ok')\n",
    "mount": "import ctypes\nctypes.CDLL(None).mount(b'none', b'/tmp', b'tmpfs', 0, None)\n",
    "bpf": "import ctypes\nctypes.CDLL(None).syscall(321, 0, 0, 0)\nprint('ok')\n",
    "keyctl": "import ctypes\nctypes.CDLL(None).syscall(250, 0, 0, 0)\nprint('ok')\n",
    "clone with a new network namespace": (
        "import ctypes\nctypes.CDLL(None).syscall(56, 0x40000000 | 17, 0, 0, 0, 0)\nprint('ok')\n"
    ),
}


@pytest.mark.parametrize("call", list(FORBIDDEN), ids=list(FORBIDDEN))
def test_forbidden_system_calls_kill_the_program(sandbox: Sandbox, ok_task: Task, call: str):
    result = judge(ok_task, FORBIDDEN[call], "py", sandbox=sandbox, stop_early=True)
    assert result.verdict == "RE"
    assert str(result.tests[0].message) == "a forbidden system call (SIGSYS)"


def test_threads_still_work_under_the_filter(sandbox: Sandbox, ok_task: Task):
    # clone3 gets ENOSYS and the C library falls back to clone, whose flags the filter reads
    source = ("import threading\nout = []\nt = threading.Thread(target=lambda: out.append('ok'))\n"
              "t.start()\nt.join()\nprint(out[0])\n")  # fmt: skip
    assert judge(ok_task, source, "py", sandbox=sandbox).verdict == "AC"


def test_the_filter_is_well_formed():
    program = build_filter()
    assert len(program) % 8 == 0 and len(program) // 8 < 4096
    for arch in SYSCALLS:
        assert set(DENIED) <= set(SYSCALLS[arch])
    assert errno.EAFNOSUPPORT > 0 and os.uname().machine in ("x86_64", "aarch64")
