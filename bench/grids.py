"""Time the timetable grids and the PDF export on the demo school (python -m bench.grids)."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from examples.demo_school import demo_planted
from importers.export_pdf import write_pdf
from importers.grids import Timetable, day_view, master_grid, timetable, week_grid


def _ms(fn: Callable[[], object], repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _line(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"| {name} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} |"


def main() -> None:
    """Print a markdown table: median and p95 milliseconds of each operation."""
    snapshot, placed = demo_planted()
    rows = [
        _line(
            "Timetable.from_snapshot (no cache)",
            _ms(lambda: Timetable.from_snapshot(snapshot, placed), 20),
        )
    ]
    tt = timetable(snapshot, placed)
    for kind in ("class", "teacher", "room"):
        times = [
            t
            for owner in tt.owners(kind)
            for t in _ms(lambda o=owner, k=kind: week_grid(snapshot, placed, kind=k, code=o.code))
        ]
        rows.append(_line(f"week_grid {kind} (cached timetable)", times))
    rows.append(_line("master_grid", _ms(lambda: master_grid(snapshot, placed), 10)))
    first = tt.owners("class")[0].code
    when = date(2026, 9, 14)
    rows.append(
        _line(
            "day_view class",
            _ms(lambda: day_view(snapshot, placed, kind="class", code=first, date=when), 50),
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "t.pdf"
        rows.append(
            _line(
                "write_pdf 1 class page",
                _ms(lambda: write_pdf(snapshot, placed, out, kind="class", codes=[first]), 5),
            )
        )
        rows.append(
            _line(
                "write_pdf all 27 classes + A3 chart",
                _ms(lambda: write_pdf(snapshot, placed, out, kind="class", master=True), 3),
            )
        )
        rows.append(
            _line(
                "write_pdf all 66 teachers",
                _ms(lambda: write_pdf(snapshot, placed, out, kind="teacher"), 3),
            )
        )
    print("| operation | runs | median ms | p95 ms |")
    print("|---|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
