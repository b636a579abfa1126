"""Running one command in a bubblewrap box as nobody, inside its own cgroup, with every limit.

The chain is `sh` (as root: joins the run's cgroups) -> `prlimit` (CPU, file size, core, stack)
-> `setpriv` (drops to uid/gid 65534, no groups, no new privileges) -> `bwrap` (unprivileged,
in a new user namespace: every other namespace unshared, so no network; read-only /usr, a
minimal /etc, an empty private /tmp, the box directory as /box and home, the seccomp filter).
What happened is measured from the cgroup and the files, never guessed from the exit code.
"""

from __future__ import annotations

import contextlib
import math
import os
import select
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lms.judge.sandbox.cgroups import Hierarchies, RunCgroup, detect
from lms.judge.sandbox.seccomp import build_filter

NOBODY = 65534
_MONITOR_INTERVAL = 0.02  # how often CPU time is read while a run goes on
_JOIN = 'p=$$; while [ "$1" != -- ]; do echo "$p" > "$1" || exit 125; shift; done; shift; exec "$@"'
PATH_ENV = "/usr/local/bin:/usr/bin:/bin"


@dataclass(frozen=True)
class Limits:
    """What one run may use. Output and file size share one cap (RLIMIT_FSIZE)."""

    cpu_seconds: float
    wall_seconds: float
    memory_bytes: int
    pids: int = 64
    output_bytes: int = 64 << 20
    stack_bytes: int | None = None  # default: the memory limit (deep recursion is fine)


@dataclass(frozen=True)
class Mount:
    """A host path shown inside the box (read-only unless writable)."""

    source: Path
    target: str
    writable: bool = False


@dataclass(frozen=True)
class RunResult:
    exit_code: int | None
    signal: int | None
    cpu_seconds: float
    wall_seconds: float
    memory_bytes: int
    oom: bool = False
    cpu_exceeded: bool = False
    wall_exceeded: bool = False
    output_exceeded: bool = False
    pids_exhausted: bool = False
    cancelled: bool = False
    left_running: int = 0  # processes still in the cgroup after the main one ended
    stdout: Path | None = None
    stderr: Path | None = None
    details: Mapping[str, object] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """Anything but a clean exit 0 within every limit."""
        return bool(
            self.exit_code != 0
            or self.signal
            or self.oom
            or self.cpu_exceeded
            or self.wall_exceeded
            or self.output_exceeded
            or self.cancelled
        )


def _tool(name: str) -> str:
    found = shutil.which(name, path=PATH_ENV + ":/usr/sbin:/sbin")
    if found is None:
        raise FileNotFoundError(f"{name} is not installed (bash .ci/judge.sh installs it)")
    return found


def default_cache_dir() -> Path:
    """Per machine: the PCH, compiled checkers, the box's /etc (readable by nobody)."""
    return Path(os.environ.get("SABAQ_JUDGE_CACHE", "/var/cache/sabaq-judge"))


def default_io_dir() -> Path:
    """stdin/stdout/stderr files, on disk: a flood of output is an OLE, not memory used."""
    return Path(os.environ.get("SABAQ_JUDGE_IO", Path(tempfile.gettempdir()) / "sabaq-judge-io"))


def default_work_dir() -> Path:
    """Per run boxes: on /dev/shm, so the files a program writes count in its memory cgroup
    (a box cannot fill the disk)."""
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path("/tmp")
    return Path(os.environ.get("SABAQ_JUDGE_WORK", base / "sabaq-judge"))


class Sandbox:
    """Makes boxes and runs commands in them; one per process is enough (thread-safe)."""

    def __init__(
        self,
        hierarchies: Hierarchies | None = None,
        *,
        cache_dir: Path | None = None,
        work_dir: Path | None = None,
    ) -> None:
        self.cgroups = hierarchies or detect()
        self.cache_dir = cache_dir or default_cache_dir()
        self.work_dir = work_dir or default_work_dir()
        self.io_dir = default_io_dir()
        self.seccomp = build_filter()
        self.tools = {name: _tool(name) for name in ("sh", "prlimit", "setpriv", "bwrap")}
        for path in (self.cache_dir, self.work_dir, self.io_dir):
            path.mkdir(parents=True, exist_ok=True)
            path.chmod({self.cache_dir: 0o755, self.work_dir: 0o711}.get(path, 0o700))
        self.etc = self._prepare_etc()

    def _prepare_etc(self) -> Path:
        etc = self.cache_dir / "etc"
        etc.mkdir(exist_ok=True)
        etc.chmod(0o755)
        files = {
            "passwd": f"nobody:x:{NOBODY}:{NOBODY}:nobody:/box:/usr/sbin/nologin\n",
            "group": f"nogroup:x:{NOBODY}:\n",
            "hosts": "127.0.0.1 localhost\n",
        }
        for name, text in files.items():
            path = etc / name
            if not path.exists() or path.read_text() != text:
                path.write_text(text)
            path.chmod(0o644)
        return etc

    def new_box(self, kind: str = "box") -> Path:
        """A fresh empty directory owned by nobody (mode 0700), for one compile or run."""
        path = self.work_dir / f"{kind}-{uuid.uuid4().hex}"
        path.mkdir(mode=0o700)
        os.chown(path, NOBODY, NOBODY)
        return path

    def new_io(self) -> Path:
        """A directory for a run's stdin/stdout/stderr files, never shown to the box."""
        path = self.io_dir / f"io-{uuid.uuid4().hex}"
        path.mkdir(mode=0o700)
        return path

    def give(self, path: Path, mode: int = 0o644) -> None:
        """Hand a file the judge wrote in a box over to nobody."""
        os.chown(path, NOBODY, NOBODY)
        path.chmod(mode)

    @staticmethod
    def discard(path: Path) -> None:
        """Delete a box (or any judge scratch directory)."""
        shutil.rmtree(path, ignore_errors=True)

    def _bwrap_args(
        self,
        box: Path,
        mounts: Sequence[Mount],
        env: Mapping[str, str],
        minimal_dev: bool,
        seccomp_fd: int,
    ) -> list[str]:
        args = [
            self.tools["bwrap"], "--unshare-all", "--unshare-user", "--disable-userns",
            "--die-with-parent", "--new-session", "--uid", str(NOBODY), "--gid", str(NOBODY),
            "--hostname", "box", "--cap-drop", "ALL", "--ro-bind", "/usr", "/usr",
        ]  # fmt: skip
        for top in ("bin", "lib", "lib32", "lib64", "libx32", "sbin"):
            host = Path("/") / top
            if host.is_symlink():
                args += ["--symlink", os.readlink(host), f"/{top}"]
            elif host.is_dir():
                args += ["--ro-bind", str(host), f"/{top}"]
        args += ["--proc", "/proc"]
        if minimal_dev:  # compilers get /dev/null alone: `#include "/dev/random"` finds nothing
            args += ["--tmpfs", "/dev", "--dev-bind", "/dev/null", "/dev/null"]
        else:
            args += ["--dev", "/dev"]
        args += ["--tmpfs", "/tmp", "--tmpfs", "/etc"]
        for name in ("passwd", "group", "hosts"):
            args += ["--ro-bind", str(self.etc / name), f"/etc/{name}"]
        if Path("/etc/ld.so.cache").exists():
            args += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
        for mount in mounts:
            args += ["--bind" if mount.writable else "--ro-bind", str(mount.source), mount.target]
        args += ["--remount-ro", "/etc", "--bind", str(box), "/box", "--remount-ro", "/"]
        args += ["--chdir", "/box"]
        args += ["--clearenv", "--setenv", "PATH", PATH_ENV, "--setenv", "HOME", "/box"]
        args += ["--setenv", "LANG", "C.UTF-8", "--setenv", "TMPDIR", "/tmp"]
        for key, value in env.items():
            args += ["--setenv", key, value]
        return [*args, "--seccomp", str(seccomp_fd)]

    def _command(
        self, cg: RunCgroup, limits: Limits, bwrap: list[str], argv: Sequence[str]
    ) -> list[str]:
        cpu = max(1, math.ceil(limits.cpu_seconds)) + 1  # the backstop; the monitor kills first
        stack = limits.stack_bytes or limits.memory_bytes
        return [
            self.tools["sh"], "-c", _JOIN, "sh", *map(str, cg.procs_files), "--",
            self.tools["prlimit"], f"--cpu={cpu}:{cpu + 1}", f"--fsize={limits.output_bytes + 1}",
            "--core=0", f"--stack={stack}", "--nofile=256", "--",
            self.tools["setpriv"], f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
            "--no-new-privs", "--", *bwrap, "--", *argv,
        ]  # fmt: skip

    def run(
        self,
        argv: Sequence[str],
        *,
        box: Path,
        limits: Limits,
        stdin: Path | None = None,
        stdout: Path,
        stderr: Path,
        mounts: Sequence[Mount] = (),
        env: Mapping[str, str] | None = None,
        minimal_dev: bool = False,
        stop: threading.Event | None = None,
    ) -> RunResult:
        """Run `argv` in `box` (seen as /box, the working directory) within `limits`.

        Args:
            argv: the command as the box sees it (absolute paths under /usr, /box or a mount).
            box: a directory from new_box(); stdin/stdout/stderr are host files outside it.
        Returns:
            What the run used and which limits fired; the cgroup is empty and gone.
        """
        cg = RunCgroup(self.cgroups)
        read_fd, write_fd = os.pipe()
        try:
            os.write(write_fd, self.seccomp)
            os.close(write_fd)
            cg.limit(memory_bytes=limits.memory_bytes, pids=limits.pids)
            bwrap = self._bwrap_args(box, mounts, env or {}, minimal_dev, read_fd)
            command = self._command(cg, limits, bwrap, argv)
            with contextlib.ExitStack() as files:
                fin = files.enter_context(open(stdin or os.devnull, "rb"))
                fout = files.enter_context(open(stdout, "wb"))
                ferr = files.enter_context(open(stderr, "wb"))
                started = time.monotonic()
                proc = subprocess.Popen(
                    command, stdin=fin, stdout=fout, stderr=ferr, pass_fds=(read_fd,),
                    env={"PATH": PATH_ENV}, close_fds=True,
                )  # fmt: skip
            os.close(read_fd)
            read_fd = -1
            fired = _watch(proc, cg, limits, started, stop)
            wall = time.monotonic() - started
            return self._result(proc, cg, limits, wall, fired, stdout, stderr)
        finally:
            if read_fd >= 0:
                os.close(read_fd)
            cg.remove()

    @staticmethod
    def _result(
        proc: subprocess.Popen[bytes],
        cg: RunCgroup,
        limits: Limits,
        wall: float,
        fired: str,
        stdout: Path,
        stderr: Path,
    ) -> RunResult:
        code = proc.returncode
        sig: int | None = None
        if code is not None and code < 0:
            sig, code = -code, None
        elif code is not None and 128 < code < 128 + 65:  # bwrap reports a signal as 128+N
            sig, code = code - 128, None
        left = len(cg.pids())
        cpu = cg.cpu_seconds()
        sizes = max(stdout.stat().st_size, stderr.stat().st_size)
        return RunResult(
            exit_code=code,
            signal=sig,
            cpu_seconds=cpu,
            wall_seconds=wall,
            memory_bytes=cg.memory_peak(),
            oom=cg.oom_killed(),
            cpu_exceeded=fired == "cpu" or cpu > limits.cpu_seconds or sig == signal.SIGXCPU,
            wall_exceeded=fired == "wall",
            output_exceeded=sizes > limits.output_bytes or sig == signal.SIGXFSZ,
            pids_exhausted=cg.pids_exhausted(),
            cancelled=fired == "stop",
            left_running=left,
            stdout=stdout,
            stderr=stderr,
        )


def _watch(
    proc: subprocess.Popen[bytes],
    cg: RunCgroup,
    limits: Limits,
    started: float,
    stop: threading.Event | None,
) -> str:
    """Wait for the run; kill its whole cgroup when CPU, wall time or `stop` fires."""
    fd = os.pidfd_open(proc.pid)
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        fired = ""
        while not fired:
            left = limits.wall_seconds - (time.monotonic() - started)
            if poller.poll(max(0.0, min(left, _MONITOR_INTERVAL)) * 1000):
                break
            if cg.cpu_seconds() > limits.cpu_seconds:
                fired = "cpu"
            elif time.monotonic() - started >= limits.wall_seconds:
                fired = "wall"
            elif stop is not None and stop.is_set():
                fired = "stop"
        if fired:
            cg.kill_all()
        proc.wait()
        return fired
    finally:
        os.close(fd)


def read_box_file(path: Path, limit: int) -> bytes | None:
    """A regular file the box wrote, read without following links (a box may plant a symlink
    to a host file for the judge to read back); None if missing or not a plain file.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return f.read(limit + 1)
