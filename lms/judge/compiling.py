"""Compiling a submission, and a task's testlib checker (once, cached by its source's hash)."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from lms.judge.languages import (
    COMPILE_LIMITS,
    Language,
    _real,
    ensure_javac_archive,
    ensure_pch,
    language,
)
from lms.judge.sandbox import Sandbox, read_box_file

log = logging.getLogger(__name__)
MAX_SOURCE_BYTES = 256 * 1024
COMPILE_OUTPUT_CHARS = 4000
TESTLIB = Path(__file__).parent / "testlib" / "testlib.h"


@dataclass
class Compiled:
    ok: bool
    box: Path  # the compiled files, shown as /prog to runs (discard when done)
    file_name: str
    output: str  # the compiler's words, trimmed, box paths removed
    seconds: float
    timed_out: bool = False


def clean_output(raw: bytes, limit: int = COMPILE_OUTPUT_CHARS) -> str:
    """Compiler output for people: box paths removed, trimmed to `limit` characters."""
    text = raw.decode("utf-8", errors="replace").replace("/box/", "").replace("/pch/", "")
    return text if len(text) <= limit else text[:limit] + "\n…"


def compile_source(
    sandbox: Sandbox, lang: Language, source: str, stop: threading.Event | None = None
) -> Compiled:
    """Compile `source` in a fresh box; Python is only checked for syntax there."""
    if lang.key == "cpp":
        ensure_pch(sandbox)
    elif lang.key == "java":
        ensure_javac_archive(sandbox)
    box, io = sandbox.new_box("prog"), sandbox.new_io()
    name = lang.source_name(source)
    (box / name).write_text(source, encoding="utf-8")
    sandbox.give(box / name)
    try:
        argv = lang.compile_argv(name, sandbox.cache_dir)
        mounts = lang.compile_mounts(sandbox.cache_dir)
        result = sandbox.run(argv, box=box, limits=COMPILE_LIMITS, stdout=io / "out",
                             stderr=io / "err", mounts=mounts, minimal_dev=True,
                             stop=stop)  # fmt: skip
        raw = (io / "err").read_bytes()[:65536] + (io / "out").read_bytes()[:65536]
        if lang.key == "pas":  # fpc prints a banner on stdout: keep the lines that matter
            kept = [line for line in (io / "out").read_bytes()[:65536].splitlines()
                    if b"Error" in line or b"Fatal" in line or b"Warning" in line]  # fmt: skip
            raw = b"\n".join(kept) if kept or not result.failed else raw
        return Compiled(
            ok=not result.failed, box=box, file_name=name, output=clean_output(raw),
            seconds=result.wall_seconds,
            timed_out=result.cpu_exceeded or result.wall_exceeded,
        )  # fmt: skip
    finally:
        sandbox.discard(io)


def compile_checker(sandbox: Sandbox, folder: Path) -> Path:
    """The compiled checker of a task folder, built once per source and cached per machine.

    Returns:
        A directory holding `checker`, readable by the box user.
    Raises:
        RuntimeError: the checker does not compile (the task is broken: an internal error).
    """
    source = (folder / "checker.cpp").read_bytes()
    header = folder / "testlib.h" if (folder / "testlib.h").is_file() else TESTLIB
    digest = hashlib.sha256(source + b"\0" + header.read_bytes()).hexdigest()[:32]
    cached = sandbox.cache_dir / "checkers" / digest
    if (cached / "checker").is_file():
        return cached
    cpp = language("cpp")
    ensure_pch(sandbox)
    box, io = sandbox.new_box("checker"), sandbox.new_io()
    try:
        for name, data in (("checker.cpp", source), ("testlib.h", header.read_bytes())):
            (box / name).write_bytes(data)
            sandbox.give(box / name)
        argv = [_real("g++"), "-O2", "-std=c++17", "-DONLINE_JUDGE", "-I/pch", "-o", "checker",
                "checker.cpp"]  # fmt: skip
        result = sandbox.run(
            argv, box=box, limits=COMPILE_LIMITS, stdout=io / "out", stderr=io / "err",
            mounts=cpp.compile_mounts(sandbox.cache_dir), minimal_dev=True,
        )  # fmt: skip
        binary = read_box_file(box / "checker", 256 << 20)
        if result.failed or binary is None:
            raise RuntimeError("checker.cpp does not compile: " + clean_output(
                (io / "err").read_bytes()[:65536]))  # fmt: skip
        tmp = sandbox.cache_dir / "checkers" / f".{digest}.{os.getpid()}.{threading.get_ident()}"
        tmp.mkdir(parents=True, exist_ok=True)
        (tmp / "checker").write_bytes(binary)
        (tmp / "checker").chmod(0o755)
        tmp.chmod(0o755)
        tmp.parent.chmod(0o755)
        try:
            tmp.rename(cached)
        except OSError:  # another worker cached it first
            shutil.rmtree(tmp, ignore_errors=True)
        return cached
    finally:
        sandbox.discard(box)
        sandbox.discard(io)
