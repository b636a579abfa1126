"""Write the example workbooks from code: `python -m examples.build [OUT_DIR]`.

demo-school.xlsx  the demo school (27 classes, three buildings, students and parents)
demo-school.planted.json  a timetable planted in it (`sabaq check` confirms it is valid)
small-school.xlsx a four-class school on two buildings and two shifts
tiny-school.xlsx  a three-class school on two buildings and two shifts
"""

from __future__ import annotations

import sys
from pathlib import Path

from examples.demo_school import SMALL, demo_planted, small_planted

HERE = Path(__file__).resolve().parent


def build(out_dir: Path = HERE) -> list[Path]:
    """Write every example workbook into `out_dir`; returns the paths written."""
    from bench.generate import write_planted
    from importers.excel import write_workbook

    written = []
    demo, locked = demo_planted()
    write_planted(out_dir / "demo-school.planted.json", demo, locked)
    written.append(out_dir / "demo-school.planted.json")
    schools = {"demo-school": demo}
    schools.update({name: small_planted(name)[0] for name in SMALL})
    for name, snapshot in schools.items():
        path = out_dir / f"{name}.xlsx"
        write_workbook(path, snapshot)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Build the workbooks and name them."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else HERE
    out.mkdir(parents=True, exist_ok=True)
    for path in build(out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
