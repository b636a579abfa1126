"""Quiz questions as steps of our kinds (tables as in lesson.toml), whatever file they came from.

    multiple choice, one answer right      -> single (per-answer feedback: the option's `why`)
    multiple choice, several right         -> multiple
    true/false                             -> single with the two statements
    short answer, numerical, cloze         -> blanks (accepted answers listed)
    matching                               -> matching
    essay                                  -> open (the grader's information as its rubric)
    description                            -> text
General feedback (and Moodle's feedback for a wrong answer) becomes the step's explanation:
what the student reads after a wrong answer. What cannot be kept exactly (partial credit, a
numerical tolerance, matching distractors) is said in a warning the preview shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lms.quizimport.html import escape
from models.i18n import N_, Message, message

TRUE_FALSE = {"kk": ("Дұрыс", "Бұрыс"), "ru": ("Верно", "Неверно"), "en": ("True", "False")}
MAX_RANGE = 21  # a numerical answer with a tolerance is listed as whole numbers up to this many


@dataclass
class Answer:
    """One answer of a question: its Markdown, the credit in percent and the feedback."""

    text: str
    fraction: float
    feedback: str = ""


@dataclass
class Notes:
    """What converting one question found: problems stop the import, warnings are shown."""

    problems: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)

    def problem(self, text: str, **values: Any) -> None:
        self.problems.append(message(text, **values))

    def warn(self, text: str, **values: Any) -> None:
        self.warnings.append(message(text, **values))


def _t(lang: str, text: str) -> dict[str, str]:
    return {lang: text}


def _inline(text: str) -> str:
    """An option or a side of a pair is shown on one line."""
    return " ".join(text.split())


def _explained(step: dict[str, Any], lang: str, *parts: str) -> dict[str, Any]:
    text = "\n\n".join(p for p in parts if p.strip())
    if text:
        step["explanation"] = _t(lang, text)
    return step


def choice(
    lang: str, question: str, answers: list[Answer], single: bool, general: str, notes: Notes
) -> dict[str, Any] | None:
    """A single or multiple choice; answers with credit are the right ones."""
    if len(answers) < 2:
        notes.problem(N_("a choice needs at least two answers"))
        return None
    best = max(a.fraction for a in answers)
    if best <= 0:
        notes.problem(N_("no answer gives credit, so none is right"))
        return None
    if single:
        right = [a for a in answers if a.fraction == best]
        if len(right) > 1:
            single = False
            notes.warn(N_("several answers give full credit: imported as a multiple choice"))
        if any(0 < a.fraction < best for a in answers) or best < 100:
            notes.warn(N_("partial credit is not kept: only the best answer counts as right"))
    elif (
        any(0 < a.fraction < 100 for a in answers) and sum(max(a.fraction, 0) for a in answers) < 99
    ):
        notes.warn(N_("partial credit is not kept: every answer with credit counts as right"))
    options = []
    for a in answers:
        option: dict[str, Any] = {
            lang: _inline(a.text),
            "correct": a.fraction == best if single else a.fraction > 0,
        }
        if a.feedback.strip():
            option["why"] = _t(lang, a.feedback)
        options.append(option)
    step = {
        "kind": "single" if single else "multiple",
        "question": _t(lang, question),
        "options": options,
    }
    return _explained(step, lang, general)


def true_false(
    lang: str, question: str, truth: bool, feedback: tuple[str, str], general: str
) -> dict[str, Any]:
    """A statement to judge: a single choice between "true" and "false" in the quiz's language.

    `feedback` is what the file says for answering true and for answering false.
    """
    words = TRUE_FALSE.get(lang, TRUE_FALSE["en"])
    options: list[dict[str, Any]] = []
    for word, said, fb in ((words[0], True, feedback[0]), (words[1], False, feedback[1])):
        option: dict[str, Any] = {lang: word, "correct": said == truth}
        if fb.strip():
            option["why"] = _t(lang, fb)
        options.append(option)
    return _explained(
        {"kind": "single", "question": _t(lang, question), "options": options}, lang, general
    )


def _variants(text: str, case_sensitive: bool) -> list[str]:
    forms = [text] if case_sensitive else [text, text.lower(), text.upper(), text.capitalize()]
    return list(dict.fromkeys(f for f in forms if f))


def accepted_texts(answers: list[Answer], case_sensitive: bool, notes: Notes) -> list[str]:
    """The answers a short answer accepts (full credit only; wildcards cannot be kept)."""
    out: list[str] = []
    for a in answers:
        text = " ".join(a.text.replace("\\*", "*").split())
        if a.fraction < 100:
            if a.fraction > 0:
                notes.warn(
                    N_("{answer}: partial credit is not kept; the answer is left out"), answer=text
                )
            continue
        if "*" in text:
            notes.warn(
                N_("{answer}: the * wildcard cannot be kept; the answer is left out"), answer=text
            )
            continue
        out += _variants(text, case_sensitive)
    if not out:
        notes.problem(N_("no answer gives full credit"))
    return list(dict.fromkeys(out))


def _number(value: float) -> str:
    return f"{value:.10f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def accepted_numbers(values: list[tuple[float, float, float]], notes: Notes) -> list[str]:
    """The answers a numerical question accepts, as texts: (value, tolerance, credit) each.

    A whole number with a whole tolerance lists every whole number in the range (at most
    MAX_RANGE); any other tolerance cannot be kept: the exact value is accepted.
    """
    out: list[str] = []
    for value, tolerance, credit in values:
        if credit < 100:
            continue
        if (
            tolerance
            and value == int(value)
            and tolerance == int(tolerance)
            and 2 * tolerance < MAX_RANGE
        ):
            numbers = [value + d for d in range(-int(tolerance), int(tolerance) + 1)]
        else:
            if tolerance:
                notes.warn(N_("{value} ± {tolerance}: only {value} itself is accepted"),
                           value=_number(value), tolerance=_number(tolerance))  # fmt: skip
            numbers = [value]
        for number in sorted(numbers, key=lambda x: abs(x - value)):  # the value itself first
            text = _number(number)
            out += [text, text.replace(".", ",")]
    if not out:
        notes.problem(N_("no answer gives full credit"))
    return list(dict.fromkeys(out))


def blanks(
    lang: str, text: str, accepted: list[list[str]], general: str, wrong: str = ""
) -> dict[str, Any]:
    """Fill in the blanks: `text` marks each blank as {{first accepted answer}}."""
    step = {"kind": "blanks", "text": _t(lang, text), "answers": accepted}
    return _explained(step, lang, general, wrong)


def with_blank(before: str, answer: str, after: str = "") -> str:
    """A question with one blank: where the file put the answer, else at the end."""
    blank = "{{" + answer.replace("}", "") + "}}"
    tail = after.strip()
    joint = "" if not tail or tail[0] in ".,;:!?)»" else " "
    return " ".join(part for part in (before.strip(), blank) if part) + joint + tail


def matching(
    lang: str, question: str, pairs: list[tuple[str, str]], general: str, notes: Notes
) -> dict[str, Any] | None:
    """Left sides with their right sides; a right side without a left one cannot be kept."""
    kept = [(left, right) for left, right in pairs if left.strip()]
    if len(kept) < len(pairs):
        notes.warn(N_("answers without a question (distractors) are left out"))
    if len(kept) < 2:
        notes.problem(N_("a matching question needs at least two pairs"))
        return None
    step = {
        "kind": "matching",
        "question": _t(lang, question),
        "pairs": [{"left": _t(lang, _inline(a)), "right": _t(lang, _inline(b))} for a, b in kept],
    }
    return _explained(step, lang, general)


def open_answer(lang: str, question: str, rubric: str) -> dict[str, Any]:
    """An essay: answered in the student's own words, graded by a teacher."""
    step: dict[str, Any] = {"kind": "open", "question": _t(lang, question)}
    if rubric.strip():
        step["rubric"] = _t(lang, rubric)
    return step


def description(lang: str, text: str) -> dict[str, Any]:
    """A text to read (the file name is given when the step gets its key)."""
    return {"kind": "text", "texts": _t(lang, text)}


def wrong_feedback(answers: list[Answer]) -> str:
    """The feedback of answers without credit, as lines of the explanation."""
    wrong = [a for a in answers if a.fraction <= 0 and a.feedback.strip()]
    return "\n".join(f"- {escape(_inline(a.text))}: {_inline(a.feedback)}" for a in wrong)
