"""Moodle's embedded answers (cloze): blanks in a text, `{1:SHORTANSWER:=Astana#Yes~%50%Almaty}`.

Short and numerical answers become blanks of a fill-in-the-blanks step with their accepted
answers. A choice inside the text becomes a blank too, accepting the right option, with its
options listed in brackets after it; several right options (MULTIRESPONSE) cannot be kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lms.quizimport.html import escape, to_markdown
from lms.quizimport.steps import Answer, Notes, accepted_numbers, accepted_texts
from models.i18n import N_

ITEM = re.compile(r"\{(\d*):([A-Za-z_]+):((?:\\.|[^\\}])*)\}")
SHORT = {"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"}
NUMERICAL = {"NUMERICAL", "NM"}
CHOICE = {"MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH", "MULTICHOICE_S",
          "MCS", "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS"}  # fmt: skip
TOKEN = "QZBLANK{n}QZ"


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _answers(raw: str) -> list[Answer]:
    """`=right#fb~%50%half#fb~wrong` as answers (credit in percent, feedback)."""
    out = []
    for part in re.split(r"(?<!\\)~", raw):
        part = part.strip()
        if not part:
            continue
        credit = 0.0
        if part.startswith("="):
            credit, part = 100.0, part[1:]
        elif weight := re.match(r"%(-?\d+(?:\.\d+)?)%", part):
            credit, part = float(weight.group(1)), part[weight.end() :]
        text, _, feedback = part.partition("#")
        out.append(Answer(_unescape(text).strip(), credit, _unescape(feedback).strip()))
    return out


def _numbers(answers: list[Answer], notes: Notes) -> list[str]:
    values = []
    for a in answers:
        value, _, tolerance = a.text.partition(":")
        try:
            values.append((float(value), float(tolerance or 0), a.fraction))
        except ValueError:
            notes.problem(N_("{answer} is not a number"), answer=a.text)
    return accepted_numbers(values, notes)


def _blank(kind: str, raw: str, notes: Notes) -> tuple[list[str], str]:
    """One embedded question: its accepted answers and what is written after its blank."""
    answers = _answers(raw)
    if kind in SHORT:
        return accepted_texts(answers, kind.endswith("C"), notes), ""
    if kind in NUMERICAL:
        return _numbers(answers, notes), ""
    if kind in CHOICE:
        right = [a.text for a in answers if a.fraction >= 100]
        if not right:
            notes.problem(N_("a choice in the text has no right option"))
            return [], ""
        notes.warn(N_("a choice in the text becomes a blank; its options are listed beside it"))
        return right, " (" + " / ".join(escape(a.text) for a in answers) + ")"
    notes.problem(N_("{kind} answers inside the text cannot be imported"), kind=kind)
    return [], ""


def read_cloze(
    html: str, notes: Notes, image: Callable[[str], str | None] = lambda _s: None
) -> tuple[str, list[list[str]]]:
    """The text as Markdown with {{answer}} blanks, and each blank's accepted answers.

    Args:
        html: the question's text with its embedded answers.
        notes: where problems and warnings go.
        image: as for `lms.quizimport.html.to_markdown`.

    Returns:
        The text and the accepted answers per blank (empty when a blank has a problem).
    """
    accepted: list[list[str]] = []
    after: list[str] = []

    def hold(match: re.Match[str]) -> str:
        found, tail = _blank(match.group(2).upper(), match.group(3), notes)
        accepted.append(found)
        after.append(tail)
        return TOKEN.format(n=len(accepted) - 1)

    marked = to_markdown(ITEM.sub(hold, html), image)
    if not accepted:
        notes.problem(N_("the text has no embedded answers"))
    for n, answers in enumerate(accepted):
        blank = "{{" + (answers[0] if answers else "").replace("}", "") + "}}"
        marked = marked.replace(TOKEN.format(n=n), blank + after[n])
    return marked, accepted
