"""The school's extra rules (rule rows: kind, JSON parameters, weight, on/off) in a form.

Each row is checked by the solver's rule codec (`solver.store.rule_problems`) against the
edited data, and every problem is put next to the cell of its row that needs fixing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, cast

from sqlmodel import Session

from importers.excel.rule_help import KIND_HELP
from models.i18n import N_, Message, message
from models.snapshot import RuleRow
from solver.rule_codec import KINDS
from solver.store import rule_problems
from web.services.data_edit import Saved, SchoolData
from web.services.data_edit_calendar import fingerprint, save_collection
from web.services.data_edit_fields import Fields, FormValues

LABELS = {"kind": N_("Kind"), "params": N_("Parameters"), "weight": N_("Weight")}
MAX_WEIGHT = 1_000_000
_LANGS = ("kk", "ru", "en")


def rules_form(data: SchoolData) -> FormValues:
    """Every rule row as the form shows it (r0_kind, r0_params, r0_weight, r0_active)."""
    values = FormValues(_form="rules", _stamp=fingerprint(data.snapshot.rules))
    for i, rule in enumerate(data.snapshot.rules):
        values.update({
            f"r{i}_kind": rule.kind,
            f"r{i}_params": json.dumps(rule.params, ensure_ascii=False),
            f"r{i}_weight": "" if rule.weight is None else str(rule.weight),
            f"r{i}_active": "on" if rule.active else "",
        })  # fmt: skip
    return values


def kind_help(locale: str) -> list[dict[str, Any]]:
    """Each kind of rule with its parameters, what it means (in `locale`) and an example."""
    column = _LANGS.index(locale) if locale in _LANGS else _LANGS.index("en")
    out = []
    for name, kind in KINDS.items():
        about = KIND_HELP.get(name)
        out.append({
            "name": name, "params": kind.params, "soft_only": kind.soft_only,
            "about": about[column] if about else "", "example": about[3] if about else "{}",
        })  # fmt: skip
    return out


def _params(fields: Fields, name: str) -> dict[str, Any]:
    text = fields.raw(name) or "{}"
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        text = N_("{field}: write a JSON object (see the examples below the rules).")
        fields.add(name, message(text, field=Message(LABELS["params"])))
        return {}
    return value


def _row(fields: Fields, prefix: str, active: bool) -> RuleRow:
    return RuleRow(
        kind=fields.text(f"{prefix}_kind", LABELS["kind"], required=True, limit=40),
        params=_params(fields, f"{prefix}_params"),
        weight=fields.whole(f"{prefix}_weight", LABELS["weight"], 1, MAX_WEIGHT),
        active=active,
    )


def _read_rows(data: SchoolData, fields: Fields) -> tuple[list[RuleRow], list[str]]:
    """The edited rows, and the form prefix of each (to put the codec's problems beside it)."""
    rows, prefixes = [], []
    for i, _ in enumerate(data.snapshot.rules):
        if not fields.flag(f"r{i}_remove"):
            rows.append(_row(fields, f"r{i}", fields.flag(f"r{i}_active")))
            prefixes.append(f"r{i}")
    if any(fields.raw(f"new_{n}") for n in ("kind", "params", "weight")):
        rows.append(_row(fields, "new", True))
        prefixes.append("new")
    return rows, prefixes


def _read(data: SchoolData, fields: Fields) -> tuple[RuleRow, ...]:
    rows, prefixes = _read_rows(data, fields)
    if fields.errors:
        return tuple(rows)
    for problem in rule_problems(replace(data.snapshot, rules=tuple(rows))):
        name = f"{prefixes[problem.index]}_{problem.column}"
        # a solver sentence renders like a Message; the hint ("did you mean ...") follows
        for sentence in (problem.text, problem.hint):
            if sentence is not None:
                fields.add(name, cast(Message, sentence))
    return tuple(rows)


def save_rules(
    session: Session, *, data: SchoolData, form: dict[str, Any], actor: str
) -> Saved | None:
    """The edited rule rows (changed, added, switched off or removed), each checked by the
    solver's rule codec with its problems beside its row: `save_collection`."""
    return save_collection(session, data, form, actor, "rules", _read)
