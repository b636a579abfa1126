"""`sabaq solve` starts without the store, the journal, the LMS or the web app: it is timed as
a whole process against fet-cl, and importing every package costs over a second."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("journal", "lms", "guidance", "sqlalchemy", "sqlmodel", "pandas", "web.i18n", "models")

PROBE = """
import sys
from web.cli import build_parser
build_parser(sys.argv[1:])
print(" ".join(m for m in {heavy!r} if m in sys.modules))
"""


def loaded_after_parsing(*argv: str) -> set[str]:
    code = PROBE.format(heavy=HEAVY)
    out = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True
    )
    return set(out.stdout.split())


def test_the_file_commands_parse_without_importing_the_platform() -> None:
    assert loaded_after_parsing("solve", "school.fet", "--json") == set()
    assert loaded_after_parsing("-v", "check", "a.xlsx", "b.json") == set()


def test_every_other_command_gets_the_whole_parser() -> None:
    assert {"journal", "sqlalchemy"} <= loaded_after_parsing("worker", "--processes", "2")
