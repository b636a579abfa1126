"""What a roster import changes, in the school's words: new, changed, left the school."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from models.changes import CREATED, REMOVED, Change
from models.i18n import N_, Message, message
from models.snapshot import ParentInfo, SchoolSnapshot, StudentInfo

ADDED, CHANGED, LEFT = "added", "changed", "left"

# the fields of a student or parent as a sentence names them
FIELDS: dict[str, str] = {
    "code": N_("code"),
    "name": N_("full name"),
    "class_code": N_("class"),
    "subgroups": N_("subgroups"),
    "birth_date": N_("birth date"),
    "children": N_("children"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "relation": N_("relation"),
}

_TEMPLATES: dict[tuple[str, str], str] = {
    ("student", ADDED): N_("New student {who}, class {detail}."),
    ("student", LEFT): N_("{who} left the school (the record is kept in the history)."),
    ("student", CHANGED): N_("Student {who}: {field} changed from {old} to {new}."),
    ("parent", ADDED): N_("New parent {who}, children: {detail}."),
    ("parent", LEFT): N_("Parent {who} removed (the record is kept in the history)."),
    ("parent", CHANGED): N_("Parent {who}: {field} changed from {old} to {new}."),
}


@dataclass(frozen=True, slots=True)
class RosterChange:
    """One change to a student or parent: added, one field changed, or left the school."""

    entity: str  # student or parent
    key: str  # the code, or the full name of a person without one
    action: str  # added, changed, left
    name: str
    field: str | None = None
    old: Any = None
    new: Any = None
    detail: str = ""  # a new student's class, a new parent's children

    @property
    def who(self) -> str:
        """'Name (code)', or the name alone for a person without a code."""
        return self.name if self.key == self.name else f"{self.name} ({self.key})"

    def message(self) -> Message:
        """The change in a sentence."""
        template = _TEMPLATES[(self.entity, self.action)]
        field = Message(FIELDS.get(self.field or "", self.field or ""))
        return message(template, who=self.who, detail=self.detail, field=field,
                       old=shown(self.old), new=shown(self.new))  # fmt: skip


def shown(value: Any) -> str:
    """A stored value as people write it: lists joined, subgroups as eng/en1, nothing as —."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join("/".join(v) if isinstance(v, list) else str(v) for v in value)
    return str(value)


def _people(snapshot: SchoolSnapshot) -> dict[tuple[str, str], StudentInfo | ParentInfo]:
    out: dict[tuple[str, str], StudentInfo | ParentInfo] = {}
    out.update({("student", s.code or s.name): s for s in snapshot.students})
    out.update({("parent", p.code or p.name): p for p in snapshot.parents})
    return out


def describe(
    changes: Sequence[Change], before: SchoolSnapshot, after: SchoolSnapshot
) -> list[RosterChange]:
    """The import's changes to students and parents, with names, students first."""
    old, new = _people(before), _people(after)
    out: list[RosterChange] = []
    for change in changes:
        if change.entity not in ("student", "parent"):
            continue  # a roster changes nothing else; the data version keeps any such row
        person = (new if change.action != REMOVED else old)[(change.entity, change.key)]
        if change.action == CREATED:
            detail = (person.class_code if isinstance(person, StudentInfo)
                      else ", ".join(person.children))  # fmt: skip
            out.append(RosterChange(change.entity, change.key, ADDED, person.name, detail=detail))
        elif change.action == REMOVED:
            out.append(RosterChange(change.entity, change.key, LEFT, person.name))
        else:
            out.append(RosterChange(change.entity, change.key, CHANGED, person.name,
                                    change.field, change.old, change.new))  # fmt: skip
    return sorted(out, key=lambda c: c.entity != "student")
