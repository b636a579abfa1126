"""What every part of an instrument file's check shares: the problem list and text fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from guidance.instruments.schema import LANGS, Texts
from models.i18n import N_, Message, message

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")
MAX_ITEMS = 500


def keys(text: str) -> frozenset[str]:
    return frozenset(text.split())


TOP_KEYS = keys(
    "id version kind clinical student_sees_result grades ages licence source attribution norms "
    "title description instructions languages answers scales items risk summary"
)
ITEM_KEYS = keys("id text answers options scale scales reverse weight correct tag")
SCALE_KEYS = keys("id name method multiplier specialist student bands")
BAND_KEYS = keys("id min max label specialist student")
RISK_KEYS = keys("id item scale at_least at_most severity reason")


@dataclass
class Problems:
    """Every problem found, each naming the file and where in it (item, field)."""

    file: str
    found: list[Message] = field(default_factory=list)

    def add(self, where: str, text: str, **values: Any) -> None:
        problem = message(text, **values)
        self.found.append(
            message(N_("{file}, {where}: {problem}"), file=self.file, where=where, problem=problem)
        )


def unknown(table: dict[str, Any], known: frozenset[str], where: str, problems: Problems) -> None:
    for key in sorted(set(table) - known):
        problems.add(where, N_("unknown field {field}"), field=key)


def texts(
    value: Any, where: str, problems: Problems, required: tuple[str, ...], optional: bool = False
) -> Texts:
    """A text by language; `required` languages must all be there (none: any one will do)."""
    if isinstance(value, str) and value.strip():
        return {lang: value for lang in (required or ("en",))}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        problems.add(where, N_("must be text, or a table of texts by language"))
        return {}
    found = {k: v.strip() for k, v in value.items() if v.strip()}
    for lang in sorted(set(found) - set(LANGS)):
        problems.add(where, N_("unknown language {language}; use kk, ru or en"), language=lang)
    if optional and not found:
        return {}
    missing = [lang for lang in required if lang not in found]
    if missing:
        problems.add(where, N_("the text is missing in {languages}"), languages=", ".join(missing))
    elif not found:
        problems.add(where, N_("must give the text in at least one language"))
    return {k: v for k, v in found.items() if k in LANGS}


def number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
