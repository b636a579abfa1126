"""Students and parents from a roster workbook, imported into a school's current data.

The public names load on first use, so that `sabaq` starts without openpyxl and the store.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importers.roster.changes import RosterChange
    from importers.roster.reader import RosterFile, read_roster
    from importers.roster.service import RosterResult, import_roster
    from importers.roster.template import write_roster_workbook

_WHERE = {
    "RosterChange": "importers.roster.changes",
    "RosterFile": "importers.roster.reader",
    "read_roster": "importers.roster.reader",
    "RosterResult": "importers.roster.service",
    "import_roster": "importers.roster.service",
    "write_roster_workbook": "importers.roster.template",
}
__all__ = [
    "RosterChange",
    "RosterFile",
    "RosterResult",
    "import_roster",
    "read_roster",
    "write_roster_workbook",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(name)
    return getattr(import_module(_WHERE[name]), name)
