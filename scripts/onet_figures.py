"""Copy the O*NET figures the atlas needs into guidance/atlas/data/onet_figures.json.

usage: python scripts/onet_figures.py [--onet ../shared/data/onet] [--out PATH]

Reads the O*NET-SOC codes our professions name (guidance/atlas/data/professions/*.toml) and, for
each, takes from the O*NET text files only figures: the title, the six occupational interest
scores (RIASEC, 1-7), the interest high-points and the job zone. O*NET descriptions and task
statements are never read: our descriptions and key tasks are written by us. The output carries
the CC BY 4.0 attribution, so a clone without ../shared still has the figures and their source.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ATLAS = ROOT / "guidance" / "atlas" / "data"
RIASEC = {"1.B.1.a": "R", "1.B.1.b": "I", "1.B.1.c": "A", "1.B.1.d": "S", "1.B.1.e": "E",
          "1.B.1.f": "C"}  # fmt: skip
HIGH_POINTS = ("1.B.1.g", "1.B.1.h", "1.B.1.i")  # first, second, third; 0 = none
LETTER = {1: "R", 2: "I", 3: "A", 4: "S", 5: "E", 6: "C"}
ATTRIBUTION = (
    "O*NET 30.2 Database (Occupation Data, Interests) and O*NET 27.0 Database (Job Zones) by the "
    "U.S. Department of Labor, Employment and Training Administration (USDOL/ETA), used under the "
    "CC BY 4.0 license (https://creativecommons.org/licenses/by/4.0/). Sabaq selected occupations "
    "and copied these figures into this file; it has not been endorsed by USDOL/ETA. "
    "O*NET(R) is a trademark of USDOL/ETA."
)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def wanted_codes(atlas: Path = ATLAS) -> list[str]:
    """Every O*NET-SOC code a profession of the atlas names, sorted."""
    codes: set[str] = set()
    for path in sorted((atlas / "professions").glob("*.toml")):
        with path.open("rb") as fh:
            codes.update(p["onet"] for p in tomllib.load(fh).get("professions", ()))
    return sorted(codes)


def build(onet: Path, codes: list[str]) -> dict[str, object]:
    """The figures of `codes` from the O*NET text files in `onet`."""
    titles = {r["O*NET-SOC Code"]: r["Title"] for r in _rows(onet / "Occupation Data.txt")}
    zones = {r["O*NET-SOC Code"]: int(r["Job Zone"]) for r in _rows(onet / "Job Zones.txt")}
    interests: dict[str, dict[str, float]] = {}
    for r in _rows(onet / "Interests.txt"):
        interests.setdefault(r["O*NET-SOC Code"], {})[r["Element ID"]] = float(r["Data Value"])
    occupations = {}
    missing = [c for c in codes if c not in interests or c not in titles]
    if missing:
        raise SystemExit(f"not in the O*NET files: {', '.join(missing)}")
    for code in codes:
        values = interests[code]
        high = "".join(LETTER[int(values[e])] for e in HIGH_POINTS if int(values.get(e, 0)))
        occupations[code] = {
            "title": titles[code],
            "riasec": {letter: values[element] for element, letter in RIASEC.items()},
            "high_points": high,
            "job_zone": zones.get(code),
        }
    return {
        "attribution": ATTRIBUTION,
        "release": "O*NET 30.2 (interests, titles); O*NET 27.0 (job zones)",
        "occupations": occupations,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onet", type=Path, default=ROOT.parent / "shared" / "data" / "onet")
    parser.add_argument("--out", type=Path, default=ATLAS / "onet_figures.json")
    args = parser.parse_args(argv)
    codes = wanted_codes()
    data = build(args.onet, codes)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(f"{len(codes)} occupations written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
