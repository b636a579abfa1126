"""One cgroup per sandboxed run, on cgroup v1, v2 or a mix of both, behind one interface.

Each resource is taken from the v2 tree when its controller is enabled there, else from the v1
hierarchy that has it: a pure v2 host uses v2 only, a pure v1 host v1 only, and a hybrid host
(systemd's, or this one: cgroup2 mounted with every controller bound to v1) uses v2 for the
kill switch and CPU accounting and v1 for memory and process counts. Runs are created under the
judge's own cgroup in each hierarchy (delegation), so whatever limits its parent has hold too.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

RESOURCES = ("memory", "pids", "cpu", "kill")
_V1_CONTROLLER = {"memory": "memory", "pids": "pids", "cpu": "cpuacct", "kill": "pids"}


class CgroupUnavailable(RuntimeError):
    """No cgroup hierarchy can give a resource the sandbox needs: nothing runs without limits."""


@dataclass(frozen=True)
class Hierarchies:
    """Where each hierarchy is mounted, and the judge's own cgroup in it (the parent of runs)."""

    v1: dict[str, Path] = field(default_factory=dict)  # controller -> parent dir for runs
    v2: Path | None = None
    v2_controllers: frozenset[str] = frozenset()

    def backend(self, resource: str) -> str:
        """'v1' or 'v2': which hierarchy serves a resource (memory, pids, cpu or kill)."""
        if self.v2 is not None and (resource in ("cpu", "kill") or resource in self.v2_controllers):
            return "v2"
        if _V1_CONTROLLER[resource] in self.v1:
            return "v1"
        raise CgroupUnavailable(f"no cgroup hierarchy offers {resource!r} (v1 or v2)")


def _mounts(mountinfo: str) -> tuple[dict[str, Path], Path | None]:
    v1: dict[str, Path] = {}
    v2: Path | None = None
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        fields, rest = left.split(), right.split()
        if len(fields) < 5 or len(rest) < 3:
            continue
        if rest[0] == "cgroup2" and v2 is None:
            v2 = Path(fields[4])
        elif rest[0] == "cgroup":
            for option in rest[2].split(","):
                if option in ("memory", "pids", "cpuacct"):
                    v1.setdefault(option, Path(fields[4]))
    return v1, v2


def _own_paths(proc_cgroup: str) -> tuple[dict[str, str], str | None]:
    v1: dict[str, str] = {}
    v2: str | None = None
    for line in proc_cgroup.splitlines():
        _, controllers, path = line.split(":", 2)
        if controllers == "":
            v2 = path
        for name in controllers.split(","):
            v1[name] = path
    return v1, v2


def detect(mode: str = "auto", *, v2_root: Path | None = None) -> Hierarchies:
    """The hierarchies of this host: `auto` uses v2 where it has the controller, `v1` only v1.

    Args:
        mode: "auto" or "v1" (v1 alone, to test that path on a hybrid host).
        v2_root: use this cgroup2 directory instead of the mounted one (a prepared tree).
    Raises:
        CgroupUnavailable: a resource has no hierarchy.
    """
    mounts_v1, mount_v2 = _mounts(Path("/proc/self/mountinfo").read_text())
    own_v1, own_v2 = _own_paths(Path("/proc/self/cgroup").read_text())
    v1: dict[str, Path] = {}
    for controller, mount in mounts_v1.items():
        own = mount / own_v1.get(controller, "/").lstrip("/")
        v1[controller] = own if own.is_dir() and os.access(own, os.W_OK) else mount
    v2: Path | None = None
    if mode != "v1":
        if v2_root is not None:
            v2 = v2_root
        elif mount_v2 is not None:
            own = mount_v2 / (own_v2 or "/").lstrip("/")
            v2 = own if own.is_dir() and os.access(own, os.W_OK) else mount_v2
    controllers: frozenset[str] = frozenset()
    if v2 is not None:
        enabled = (v2 / "cgroup.controllers").read_text().split()
        controllers = frozenset(c for c in enabled if c in ("memory", "pids"))
    found = Hierarchies(v1=v1, v2=v2, v2_controllers=controllers)
    for resource in RESOURCES:
        found.backend(resource)
    return found


def _read_key(path: Path, key: str) -> int:
    for line in path.read_text().splitlines():
        name, _, value = line.partition(" ")
        if name == key:
            return int(value)
    return 0


def _write(path: Path, value: str) -> None:
    path.write_text(value)


def run_prefix() -> str:
    """How the names of this process's run cgroups begin."""
    return f"sabaq-{os.getpid()}-"


class RunCgroup:
    """The cgroup(s) of one run: created empty, limited, measured, emptied and removed."""

    def __init__(self, hierarchies: Hierarchies, *, name: str | None = None) -> None:
        self.h = hierarchies
        # the judging process's pid in the name tells whose run a cgroup (and the processes in
        # it) belongs to when several judges share a machine (workers, a test run beside them)
        name = name or f"{run_prefix()}{uuid.uuid4().hex[:12]}"
        self.dirs: dict[str, Path] = {}  # "v2" or a v1 controller -> this run's directory
        for resource in RESOURCES:
            key = "v2" if hierarchies.backend(resource) == "v2" else _V1_CONTROLLER[resource]
            parent = hierarchies.v2 if key == "v2" else hierarchies.v1[key]
            assert parent is not None
            self.dirs.setdefault(key, parent / name)
        for path in self.dirs.values():
            path.mkdir()
        if hierarchies.v2 is not None and hierarchies.v2_controllers:
            self._enable_v2_controllers()

    def _enable_v2_controllers(self) -> None:
        parent = self.dirs["v2"].parent
        wanted = " ".join(f"+{c}" for c in sorted(self.h.v2_controllers))
        with contextlib.suppress(OSError):  # already enabled, or a prepared tree
            _write(parent / "cgroup.subtree_control", wanted)

    def _dir(self, resource: str) -> Path:
        if self.h.backend(resource) == "v2":
            return self.dirs["v2"]
        return self.dirs[_V1_CONTROLLER[resource]]

    @property
    def procs_files(self) -> list[Path]:
        """Where a new process writes its pid to enter this run's cgroup in every hierarchy."""
        return [path / "cgroup.procs" for path in self.dirs.values()]

    def limit(self, *, memory_bytes: int, pids: int) -> None:
        """Memory (swap included) and process count; written before anything runs inside."""
        mem = self._dir("memory")
        if self.h.backend("memory") == "v2":
            _write(mem / "memory.max", str(memory_bytes))
            with contextlib.suppress(OSError):  # no swap accounting on this kernel
                _write(mem / "memory.swap.max", "0")
        else:
            _write(mem / "memory.limit_in_bytes", str(memory_bytes))
            with contextlib.suppress(OSError):  # memsw exists only with swap accounting
                _write(mem / "memory.memsw.limit_in_bytes", str(memory_bytes))
        _write(self._dir("pids") / "pids.max", str(pids))

    def cpu_seconds(self) -> float:
        """CPU time used by every process of the run so far (user + system)."""
        if self.h.backend("cpu") == "v2":
            return _read_key(self._dir("cpu") / "cpu.stat", "usage_usec") / 1e6
        return int((self._dir("cpu") / "cpuacct.usage").read_text()) / 1e9

    def memory_peak(self) -> int:
        """Peak memory in bytes (0 where the kernel does not keep a peak)."""
        mem = self._dir("memory")
        name = "memory.peak" if self.h.backend("memory") == "v2" else "memory.max_usage_in_bytes"
        try:
            return int((mem / name).read_text())
        except (OSError, ValueError):
            return 0

    def oom_killed(self) -> bool:
        """Whether the kernel's OOM killer fired inside this run (the memory limit was hit)."""
        mem = self._dir("memory")
        if self.h.backend("memory") == "v2":
            return _read_key(mem / "memory.events", "oom_kill") > 0
        if _read_key(mem / "memory.oom_control", "oom_kill") > 0:
            return True
        return (
            int((mem / "memory.failcnt").read_text()) > 0
            and self.memory_peak() > 0
            and (self.memory_peak() >= int((mem / "memory.limit_in_bytes").read_text()))
        )

    def pids_exhausted(self) -> bool:
        """Whether a fork was refused for the process limit."""
        return _read_key(self._dir("pids") / "pids.events", "max") > 0

    def pids(self) -> list[int]:
        """Processes still in the run."""
        text = (self._dir("kill") / "cgroup.procs").read_text()
        return [int(p) for p in text.split()]

    def kill_all(self, timeout: float = 5.0) -> bool:
        """Kill every process of the run and wait until none is left; True if it is empty."""
        deadline = time.monotonic() + timeout
        if self.h.backend("kill") == "v2":
            with contextlib.suppress(OSError):
                _write(self._dir("kill") / "cgroup.kill", "1")
        while True:
            left = self.pids()
            if not left:
                return True
            for pid in left:  # v1 has no kill switch; pids.max bounds how many can appear
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            if time.monotonic() > deadline:
                return False
            time.sleep(0.002)

    def remove(self) -> None:
        """Empty the run's cgroups and delete them (retrying while the kernel reaps)."""
        self.kill_all()
        for path in self.dirs.values():
            for _ in range(200):
                try:
                    path.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.005)
