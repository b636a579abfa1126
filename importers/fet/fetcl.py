"""Run FET's command-line generator (`fet-cl`) on a .fet file and read what it did."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as SafeET

from importers.fet.output import FetTimes, read_fet_times

FET_CL = "fet-cl"
# FET's documented ranges for the two triples of seed components (`fet-cl --help`).
SEED_MAX_1 = 4294967086
SEED_MAX_2 = 4294944442
# fet-cl stops itself at the time limit; this is only a safety net for a hung process.
KILL_GRACE_S = 60.0
_PLACED = re.compile(r"FET reached (\d+) activities placed")


@dataclass(frozen=True)
class FetRun:
    """One fet-cl run.

    `seconds` is the wall time of the whole process, start to exit. `placed` is the most
    activities FET had placed at once (all of them when complete), `total` the active
    activities of the input. `peak_mb` is the process's peak resident memory in MiB. `times`
    is the timetable when complete, else None. `log` is fet-cl's stdout and stderr.
    """

    complete: bool
    seconds: float
    placed: int
    total: int
    peak_mb: float
    times: FetTimes | None
    log: str
    returncode: int
    seeds: tuple[int, int, int, int, int, int] | None
    outdir: Path


def fet_cl_available() -> bool:
    """True when `fet-cl` is on PATH."""
    return shutil.which(FET_CL) is not None


def fet_seeds(seed: int) -> tuple[int, int, int, int, int, int]:
    """FET's six seed components (s10, s11, s12, s20, s21, s22) derived from one int.

    The same SEED always gives the same six numbers; each triple is inside FET's range and
    never all zero, as fet-cl requires.
    """
    digest = hashlib.sha256(f"sabaq-fet-seed:{seed}".encode()).digest()
    words = [int.from_bytes(digest[4 * i : 4 * i + 4], "big") for i in range(6)]
    first = [w % (SEED_MAX_1 + 1) for w in words[:3]]
    second = [w % (SEED_MAX_2 + 1) for w in words[3:]]
    for triple in (first, second):
        if not any(triple):
            triple[0] = 1
    return (first[0], first[1], first[2], second[0], second[1], second[2])


def fet_cl_command(
    input: Path, outdir: Path, *, time_limit: int, seed: int | None = None
) -> list[str]:
    """The fet-cl command line: time limit, no HTML detail, and the seeds when SEED is given."""
    command = [
        FET_CL,
        f"--inputfile={input.resolve()}",
        f"--outputdir={outdir.resolve()}",
        f"--timelimitseconds={time_limit}",
        "--htmllevel=0",
    ]
    if seed is not None:
        names = ("10", "11", "12", "20", "21", "22")
        command += [f"--randomseeds{n}={v}" for n, v in zip(names, fet_seeds(seed), strict=True)]
    return command


def run_fet_cl(input: Path, outdir: Path, *, time_limit: int, seed: int | None = None) -> FetRun:
    """Run fet-cl on INPUT with results in OUTDIR (created; it must be new or empty).

    fet-cl answers its own warning dialogs with their default and stops at TIME_LIMIT seconds,
    writing its best partial timetable. Without SEED, FET seeds itself from the clock.

    Raises:
        FileNotFoundError: fet-cl is not installed.
        ValueError: OUTDIR holds files (old results would be mistaken for new ones).
    """
    executable = shutil.which(FET_CL)
    if executable is None:
        raise FileNotFoundError("fet-cl is not installed (Debian package `fet`)")
    outdir.mkdir(parents=True, exist_ok=True)
    if any(outdir.iterdir()):
        raise ValueError(f"{outdir}: not empty; give fet-cl a fresh output folder")
    command = fet_cl_command(input, outdir, time_limit=time_limit, seed=seed)
    log_path = outdir / "fet-cl.log"
    run = measure_process(
        [executable, *command[1:]],
        cwd=outdir,
        stdout=log_path,
        deadline_s=time_limit + KILL_GRACE_S,
    )
    log = log_path.read_text(encoding="utf-8", errors="replace")
    complete = "Simulation successful" in _read(outdir / "logs" / "result.txt")
    total = count_active_activities(input)
    times = None
    if complete:
        times = read_fet_times(_activities_xml(outdir, input))
    placed = total if complete else _max_placed(outdir)
    return FetRun(
        complete=complete,
        seconds=run.seconds,
        placed=placed,
        total=total,
        peak_mb=round(run.peak_kib / 1024, 1),
        times=times,
        log=log,
        returncode=run.returncode,
        seeds=None if seed is None else fet_seeds(seed),
        outdir=outdir,
    )


@dataclass(frozen=True)
class Measured:
    """A finished process: exit code, wall seconds from start to exit, peak RSS in KiB."""

    returncode: int
    seconds: float
    peak_kib: int


def measure_process(
    command: list[str],
    *,
    cwd: Path,
    stdout: Path,
    stderr: Path | None = None,
    deadline_s: float,
) -> Measured:
    """Run COMMAND with its output in files; time it and take its peak memory.

    A small Python child starts COMMAND, because Linux keeps a process's memory high-water
    mark across exec: started straight from this (possibly large) process, COMMAND would
    report our size. Past DEADLINE_S the command gets SIGTERM (fet-cl then writes what it has
    and exits), 30 s later SIGKILL. STDERR defaults to the STDOUT file.

    Raises:
        subprocess.CalledProcessError: the measuring child itself failed.
    """
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            "-c",
            _MEASURE,
            str(stdout),
            str(stderr or ""),
            str(deadline_s),
            *command,
        ],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=True,
    )
    returncode, seconds, peak_kib = result.stdout.split()
    return Measured(int(returncode), float(seconds), int(peak_kib))


# The measuring child; prints exit code, wall seconds, peak RSS (KiB) of its children.
_MEASURE = """
import resource, subprocess, sys, time
out_path, err_path, deadline, command = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
with open(out_path, "wb") as out, open(err_path or "/dev/null", "wb") as err:
    start = time.monotonic()
    to_err = err if err_path else subprocess.STDOUT
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=to_err)
    try:
        proc.wait(deadline)
    except subprocess.TimeoutExpired:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    seconds = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(proc.returncode, seconds, peak)
"""


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig", errors="replace") if path.exists() else ""


def _activities_xml(outdir: Path, input: Path) -> Path:
    """fet-cl's `timetables/<input name>/<input name>_activities.xml`."""
    name = input.name[:-4] if input.name.lower().endswith(".fet") else input.name
    path = outdir / "timetables" / name / f"{name}_activities.xml"
    if path.exists():
        return path
    found = sorted((outdir / "timetables").glob("*/*_activities.xml"))
    found = [p for p in found if not p.parent.name.endswith(("-current", "-highest"))]
    if len(found) != 1:
        raise FileNotFoundError(f"{outdir}: fet-cl wrote no single activities.xml")
    return found[0]


def _max_placed(outdir: Path) -> int:
    """The most activities placed at once, from fet-cl's `logs/max_placed_activities.txt`."""
    counts = [int(m) for m in _PLACED.findall(_read(outdir / "logs" / "max_placed_activities.txt"))]
    return max(counts, default=0)


def count_active_activities(path: Path) -> int:
    """The active activities of a .fet file (FET places only those)."""
    activities = SafeET.parse(path).getroot().find("Activities_List")
    if activities is None:
        return 0
    return sum(
        1
        for a in activities.findall("Activity")
        if (a.findtext("Active") or "true").strip() != "false"
    )
