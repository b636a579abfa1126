"""Side by side with FET: fet-cl and `sabaq solve` on every benchdata FET file, same limit.

    python -m bench.vs_fet --time-limit 300 --seeds 3 --markdown vs_fet.md --json vs_fet.json

For each file and seed, one after the other: fet-cl (`run_fet_cl`, seeds derived from the
seed), then ours as a whole process, `python -m web.cli solve FILE --time-limit T --seed S
--json -o OUT.fet`. Each process is timed from start to exit, Python start-up included; peak
memory is the process's own high-water mark. FET then confirms our OUT.fet (every activity
locked): that run must complete at once. Soft violations of both timetables are counted by our
validator, FET's after `solution_from_fet_times`. Definitions: `bench/vs_fet_report.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.benchdata import benchdata_dir
from bench.vs_fet_report import Attempt, markdown
from importers.fet.fetcl import FET_CL, measure_process, run_fet_cl
from importers.fet.output import read_fet_times

ROOT = Path(__file__).resolve().parents[1]
GRACE_S = 180.0  # loading, model building and validation on top of our solver's limit


def fet_files(only: Sequence[str] = ()) -> list[Path]:
    """The benchdata FET files, smallest first; with ONLY, those whose name contains one."""
    root = benchdata_dir()
    if root is None or not (root / "fet").is_dir():
        return []
    files = sorted((root / "fet").glob("*.fet"), key=lambda p: p.stat().st_size)
    return [f for f in files if not only or any(o in f.name for o in only)]


COUNTED = {
    "teacher_gap": "teacher_gaps",
    "class_gap": "class_gaps",
    "building_change": "building_changes",
}


def soft_by_type(summary: dict[str, Any]) -> dict[str, int]:
    """Broken soft rules by type from a `--json` summary, zeros left out.

    Imported conditions by family (`condition_violations`); our own soft rules only where they
    cost something in this problem (a FET file gives gaps no weight unless it asks for them),
    as counts where the summary has one, else as "<rule> (cost)".
    """
    out = {str(k): int(v) for k, v in (summary.get("condition_violations") or {}).items() if v}
    for rule, cost in (summary.get("cost_by_rule") or {}).items():
        if not cost or rule == "condition_cost":
            continue
        if rule in COUNTED:
            out[COUNTED[rule]] = int(summary.get(COUNTED[rule]) or 0)
        else:
            out[f"{rule} (cost)"] = int(cost)
    return dict(sorted(out.items()))


def fet_attempt(source: Path, seed: int, limit: int, work: Path, loaded: Any) -> Attempt:
    """fet-cl on SOURCE; its timetable, when complete, counted by our validator."""
    run = run_fet_cl(source, work / f"fet-{seed}", time_limit=limit, seed=seed)
    attempt = Attempt(
        file=source.name,
        solver="fet",
        seed=seed,
        complete=run.complete,
        wall_s=round(run.seconds, 3),
        first_s=round(run.seconds, 3) if run.complete else None,
        placed=run.placed,
        total=run.total,
        peak_mb=run.peak_mb,
        status="complete" if run.complete else f"not complete (exit {run.returncode})",
    )
    if run.complete and run.times is not None and loaded is not None:
        from importers.fet import solution_from_fet_times
        from importers.reporting import summary_dict

        summary = summary_dict(loaded.problem, solution_from_fet_times(loaded, run.times), [])
        attempt.hard = int(summary["hard_violations"])
        attempt.soft = soft_by_type(summary)
        if summary["placed"] != summary["lessons"]:
            attempt.note = f"our reading of FET's timetable places {summary['placed']} lessons"
    return attempt


def ours_attempt(
    source: Path, seed: int, limit: int, work: Path, confirm_limit: int, workers: int
) -> Attempt:
    """`sabaq solve` as a whole process, then fet-cl on the timetable it wrote."""
    out = work / f"ours-{seed}.fet"
    command = [sys.executable, "-m", "web.cli", "solve", str(source), "--time-limit", str(limit)]
    command += ["--seed", str(seed), "--workers", str(workers), "--json", "-o", str(out)]
    stdout, stderr = work / f"ours-{seed}.out", work / f"ours-{seed}.err"
    run = measure_process(
        command, cwd=ROOT, stdout=stdout, stderr=stderr, deadline_s=limit + GRACE_S
    )
    summary = _last_json(stdout.read_text(encoding="utf-8", errors="replace"))
    if summary is None:
        tail = stderr.read_text(encoding="utf-8", errors="replace")[-300:].strip()
        return Attempt(
            source.name, "ours", seed, False, round(run.seconds, 3), None, 0, 0,
            round(run.peak_kib / 1024, 1), f"crashed (exit {run.returncode})", note=tail,
        )  # fmt: skip
    hard = int(summary.get("hard_violations") or 0)
    complete = (
        summary.get("status") in ("optimal", "feasible")
        and summary.get("placed") == summary.get("lessons")
        and hard == 0
    )
    first = None
    if complete and summary.get("seconds_to_first") is not None:
        after_first = float(summary["seconds"]) - float(summary["seconds_to_first"])
        first = round(run.seconds - after_first, 3)
    attempt = Attempt(
        file=source.name,
        solver="ours",
        seed=seed,
        complete=complete,
        wall_s=round(run.seconds, 3),
        first_s=first,
        placed=int(summary.get("placed") or 0),
        total=int(summary.get("lessons") or 0),
        peak_mb=round(run.peak_kib / 1024, 1),
        status=str(summary.get("status")),
        hard=hard,
        soft=soft_by_type(summary),
        soft_cost=summary.get("soft_cost"),
        unsupported={
            str(k): int(v) for k, v in (summary.get("unsupported_conditions") or {}).items()
        },
    )
    if complete and out.exists():
        _confirm(attempt, out, work / f"confirm-{seed}", confirm_limit, seed)
    elif complete:
        attempt.confirmed, attempt.note = False, "no .fet written"
    return attempt


def _confirm(attempt: Attempt, out: Path, folder: Path, limit: int, seed: int) -> None:
    """fet-cl on our locked file: confirmed when it completes with our days and hours."""
    check = run_fet_cl(out, folder, time_limit=limit, seed=seed)
    ours = read_fet_times(out)
    same = check.times is not None and all(
        check.times.get(aid, ("", "", None))[:2] == where[:2] for aid, where in ours.items()
    )
    attempt.confirmed = check.complete and same
    attempt.confirm_s = round(check.seconds, 3)
    if len(ours) < check.total:
        attempt.note = f"only {len(ours)} of {check.total} activities locked"


def _last_json(text: str) -> dict[str, Any] | None:
    lines = text.strip().splitlines()
    try:
        value = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _load(source: Path) -> Any:
    """Our reading of SOURCE for the validator, or None (then FET's soft counts are left out)."""
    from importers.fet import load_fet
    from importers.loaded import InputError

    try:
        return load_fet(source)
    except InputError:
        return None


def run_all(args: argparse.Namespace, work_root: Path) -> list[Attempt]:
    """Every file, every seed: FET, then ours; progress on stderr."""
    attempts: list[Attempt] = []
    for source in fet_files(args.only):
        loaded = _load(source)
        for seed in range(1, args.seeds + 1):
            work = work_root / source.stem
            work.mkdir(parents=True, exist_ok=True)
            for attempt in (
                fet_attempt(source, seed, args.time_limit, work, loaded),
                ours_attempt(source, seed, args.time_limit, work, args.confirm_limit, args.workers),
            ):
                attempts.append(attempt)
                print(_progress(attempt), file=sys.stderr, flush=True)
                if args.json:  # after every run, so a long benchmark loses nothing
                    args.json.write_text(json.dumps([asdict(a) for a in attempts], indent=1))
    return attempts


def _progress(a: Attempt) -> str:
    first = "–" if a.first_s is None else f"{a.first_s:.2f}"
    conf = "" if a.confirmed is None else f" FET-confirmed {'yes' if a.confirmed else 'NO'}"
    return (
        f"{a.file} seed {a.seed} {a.solver}: {a.status}, {a.placed}/{a.total} placed, "
        f"first {first} s, wall {a.wall_s:.2f} s, {a.peak_mb:.0f} MB{conf} {a.note}".rstrip()
    )


def machine() -> str:
    """One line on where and when the benchmark ran."""
    cores = len(os.sched_getaffinity(0))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{when}, {platform.platform()}, {cores} cores, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    """The command line (see the module's docstring)."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--time-limit", type=int, default=300, help="seconds, both solvers")
    ap.add_argument("--seeds", type=int, default=3, help="seeds 1..N for each file")
    ap.add_argument(
        "--only", action="append", default=[], help="only files whose name has this (repeatable)"
    )
    ap.add_argument("--confirm-limit", type=int, default=30, help="fet-cl limit on our file")
    ap.add_argument("--workers", type=int, default=0, help="our search workers (0 = automatic)")
    ap.add_argument("--markdown", type=Path, help="write the Markdown tables here")
    ap.add_argument("--json", type=Path, help="write every run here (rewritten after each)")
    ap.add_argument("--workdir", type=Path, help="keep every output here (default: temporary)")
    args = ap.parse_args(argv)
    if not fet_files(args.only):
        print("no benchdata FET files found (see bench/benchdata.py)", file=sys.stderr)
        return 2
    if shutil.which(FET_CL) is None:
        print("fet-cl is not installed (Debian package `fet`)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="vs_fet-") as tmp:
        # a fresh folder each time: fet-cl's old results must never pass for new ones
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        attempts = run_all(args, args.workdir / stamp if args.workdir else Path(tmp))
    command = "python -m bench.vs_fet " + " ".join(argv if argv is not None else sys.argv[1:])
    text = markdown(attempts, args.time_limit, command, machine())
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
