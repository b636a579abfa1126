"""The four languages: how each compiles and runs in the box, and what time and memory it gets.

Sources are compiled in /box; the compiled box is then shown read-only as /prog to every test
run. Tools are called by their real paths (Debian reaches them through /etc/alternatives, which
the box does not have).
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lms.judge.sandbox import Limits, Mount, Sandbox, read_box_file

log = logging.getLogger(__name__)
MIB = 1 << 20
CXX_FLAGS = ("-O2", "-std=c++17", "-DONLINE_JUDGE")
CXX_EXTRA = ("-pipe", "-fmax-errors=10", "-I/pch", "-o", "solution")
JAVAC_FLAGS = (
    "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-J-Xshare:auto", "-J-Xmx512m",
    "-J-XX:-UsePerfData", "-encoding", "UTF-8", "-d", ".",
)  # fmt: skip
# Delphi mode as Codeforces compiles Pascal: 32-bit integer, long strings, what school code expects
FPC_FLAGS = ("-O2", "-Mdelphi", "-XS", "-Xs", "-Sgic", "-dONLINE_JUDGE", "-vew", "-osolution")
COMPILE_LIMITS = Limits(cpu_seconds=15, wall_seconds=20, memory_bytes=1024 * MIB, pids=128)


def _real(name: str) -> str:
    """The real path of a tool (through Debian's alternatives), or the name if it is missing."""
    found = shutil.which(name)
    return os.path.realpath(found) if found else name


@dataclass(frozen=True)
class Language:
    """One language: its file names, compile and run commands, time factor, memory allowance."""

    key: str
    name: str
    source_name: Callable[[str], str]  # source text -> file name in the box
    compile: Callable[[str], list[str]] | None  # file name -> argv in /box
    run: Callable[[str, int], list[str]]  # (file name, memory limit in MiB) -> argv
    time_factor: float = 1.0
    memory_extra_mib: int = 0  # on top of the task's limit, for the runtime itself
    pids: int = 16
    etc: tuple[str, ...] = field(default=())  # host /etc paths the compiler or runtime reads
    mounts: Callable[[Path], list[Mount]] = field(default=lambda cache: [])
    compile_extra: Callable[[Path], list[str]] = field(default=lambda cache: [])

    def compile_argv(self, name: str, cache: Path) -> list[str]:
        """The compile command for source file `name`, with what the machine's cache offers."""
        assert self.compile is not None
        argv = self.compile(name)
        return [argv[0], *self.compile_extra(cache), *argv[1:]]

    def compile_mounts(self, cache: Path) -> list[Mount]:
        """What the compile step sees besides /usr and /box."""
        return [*self._etc_mounts(), *self.mounts(cache)]

    def run_mounts(self) -> list[Mount]:
        """What a test run sees besides /usr, /box and /prog."""
        return self._etc_mounts()

    def _etc_mounts(self) -> list[Mount]:
        return [Mount(Path(os.path.realpath(p)), p) for p in self.etc if os.path.exists(p)]


PYTHON = _real("/usr/bin/python3")
_PY_CHECK = "import sys; compile(open(sys.argv[1], 'rb').read(), sys.argv[1], 'exec')"


def _java_class(source: str) -> str:
    found = re.search(r"\bpublic\s+(?:final\s+|abstract\s+)*class\s+([A-Za-z_$][\w$]*)", source)
    return f"{found.group(1) if found else 'Main'}.java"


def _java_run(name: str, memory_mib: int) -> list[str]:
    return [
        _real("java"), f"-Xmx{memory_mib}m", f"-Xms{min(memory_mib, 32)}m", "-Xss64m",
        "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-Djava.io.tmpdir=/tmp", "-cp", "/prog", name.removesuffix(".java"),
    ]  # fmt: skip


def _fpc_compiler() -> str:
    """The compiler proper (ppcx64/ppca64): the `fpc` driver finds it through /etc/alternatives."""
    for name in ("ppcx64", "ppca64"):
        if shutil.which(name):
            return _real(name)
    return "fpc"


def _javac_archive(cache: Path) -> Path:
    """javac's class-data archive for this JDK (named by it, so an upgrade makes a new one)."""
    jvm = Path(_real("javac")).parent.parent / "lib" / "server" / "libjvm.so"
    stamp = int(jvm.stat().st_mtime) if jvm.exists() else 0
    return cache / "java" / f"javac-{stamp}.jsa"


def _java_compile_mounts(cache: Path) -> list[Mount]:
    archive = _javac_archive(cache)
    return [Mount(archive.parent, "/jcds")] if archive.exists() else []


def _java_compile_extra(cache: Path) -> list[str]:
    archive = _javac_archive(cache)
    return [f"-J-XX:SharedArchiveFile=/jcds/{archive.name}"] if archive.exists() else []


def _pch_mounts(cache: Path) -> list[Mount]:
    pch = cache / "pch"
    return [Mount(pch, "/pch")] if (pch / "bits" / "stdc++.h.gch").exists() else []


LANGUAGES: dict[str, Language] = {
    "py": Language(
        key="py",
        name="Python 3",
        source_name=lambda source: "solution.py",
        compile=lambda name: [PYTHON, "-I", "-S", "-B", "-c", _PY_CHECK, name],
        run=lambda name, mib: [PYTHON, "-I", "-S", "-B", f"/prog/{name}"],
    ),
    "cpp": Language(
        key="cpp",
        name="C++17 (g++)",
        source_name=lambda source: "solution.cpp",
        compile=lambda name: [_real("g++"), *CXX_FLAGS, *CXX_EXTRA, name, "-lm"],
        run=lambda name, mib: ["/prog/solution"],
        mounts=_pch_mounts,
    ),
    "java": Language(
        key="java",
        name="Java 17",
        source_name=_java_class,
        compile=lambda name: [_real("javac"), *JAVAC_FLAGS, name],
        run=_java_run,
        mounts=_java_compile_mounts,
        compile_extra=_java_compile_extra,
        time_factor=2.0,
        memory_extra_mib=128,
        pids=64,
        etc=("/etc/java-17-openjdk",),
    ),
    "pas": Language(
        key="pas",
        name="Free Pascal (Delphi mode)",
        source_name=lambda source: "solution.pas",
        compile=lambda name: [_fpc_compiler(), *FPC_FLAGS, name],
        run=lambda name, mib: ["/prog/solution"],
        etc=("/etc/fpc.cfg",),
    ),
}
EXTENSIONS = {"py": "py", "cpp": "cpp", "cc": "cpp", "java": "java", "pas": "pas", "dpr": "pas"}


def language(key: str) -> Language:
    """The language for `py`, `cpp`, `java` or `pas` (KeyError otherwise)."""
    return LANGUAGES[key]


def ensure_pch(sandbox: Sandbox) -> bool:
    """Build the precompiled `bits/stdc++.h` once per machine (in the box, like any compile).

    Returns:
        Whether the PCH is there to use; a failed build is logged and C++ compiles without it.
    """
    pch = sandbox.cache_dir / "pch"
    gch = pch / "bits" / "stdc++.h.gch"
    if gch.exists():
        return True
    header = _stdcpp_header()
    if header is None:
        return False
    pch.mkdir(exist_ok=True)
    with open(pch / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two workers starting at once build it once
        if gch.exists():
            return True
        return _build_pch(sandbox, header, gch)


def _stdcpp_header() -> Path | None:
    try:
        out = subprocess.run(
            [_real("g++"), "-std=c++17", "-H", "-E", "-x", "c++", "-"],
            input=b"#include <bits/stdc++.h>\n",
            capture_output=True,
            timeout=60,
        ).stderr.decode(errors="replace")
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in out.splitlines():
        if line.startswith(". ") and line.endswith("bits/stdc++.h"):
            return Path(line[2:])
    return None


def _build_pch(sandbox: Sandbox, header: Path, gch: Path) -> bool:
    box, io = sandbox.new_box("pch"), sandbox.new_io()
    try:
        argv = [_real("g++"), *CXX_FLAGS, "-x", "c++-header", str(header), "-o", "stdc++.h.gch"]
        limits = Limits(
            cpu_seconds=120, wall_seconds=180, memory_bytes=2048 * MIB, pids=32,
            output_bytes=1024 * MIB,
        )  # fmt: skip
        result = sandbox.run(
            argv, box=box, limits=limits, stdout=io / "out", stderr=io / "err", minimal_dev=True
        )
        if result.failed:
            log.warning("PCH build failed: %s", (io / "err").read_text(errors="replace")[:2000])
            return False
        gch.parent.mkdir(parents=True, exist_ok=True)
        tmp = gch.with_suffix(".tmp")
        shutil.copyfile(box / "stdc++.h.gch", tmp)
        tmp.chmod(0o644)
        for path in (gch.parent, gch.parent.parent):
            path.chmod(0o755)
        tmp.rename(gch)
        return True
    finally:
        sandbox.discard(box)
        sandbox.discard(io)


def ensure_javac_archive(sandbox: Sandbox) -> bool:
    """Dump javac's classes once per machine (class-data sharing): javac starts ~0.2 s sooner.

    Returns:
        Whether the archive is there; without it javac simply starts slower.
    """
    archive = _javac_archive(sandbox.cache_dir)
    if archive.exists():
        return True
    archive.parent.mkdir(exist_ok=True)
    archive.parent.chmod(0o755)
    box, io = sandbox.new_box("jcds"), sandbox.new_io()
    try:
        (box / "Main.java").write_text(
            "import java.util.*;\npublic class Main { public static void main(String[] a) {"
            " System.out.println(new Scanner(System.in).nextInt()); } }\n"
        )
        sandbox.give(box / "Main.java")
        argv = [_real("javac"), "-J-XX:ArchiveClassesAtExit=javac.jsa", *JAVAC_FLAGS, "Main.java"]
        result = sandbox.run(argv, box=box, limits=COMPILE_LIMITS, stdout=io / "out",
                             stderr=io / "err", minimal_dev=True,
                             mounts=LANGUAGES["java"].run_mounts())  # fmt: skip
        data = read_box_file(box / "javac.jsa", 512 * MIB)
        if result.failed or data is None:
            log.warning("javac archive failed: %s", (io / "err").read_text(errors="replace")[:500])
            return False
        tmp = archive.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.chmod(0o644)
        tmp.rename(archive)
        return True
    finally:
        sandbox.discard(box)
        sandbox.discard(io)
