"""GIFT quizzes (Moodle's text format), read as Moodle reads them; problems named by line.

    // a comment                       $CATEGORY: loops/while
    ::Title:: Question text {=right#why ~wrong#why ~%50%half ####general feedback}
    Python is {~slow =interpreted ~compiled} by design.     (the missing-word form)
    Capital of Kazakhstan? {=Astana =Астана}                 short answer
    2 + 2 = {#4} / {#3.14:0.01} / {#1..5}                    numerical
    {T} / {FALSE#feedback when answered false}              true/false
    Match: {=cat -> animal =oak -> tree}                     matching
    Essay question {}                                        open answer
    A text without an answer block                           description
    [html] / [markdown] / [plain] / [moodle] before a text: its format.
Questions are separated by blank lines; \\~ \\= \\# \\{ \\} \\: \\\\ escape those characters, \\n is
a line break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lms.quizimport import steps
from lms.quizimport.html import as_markdown
from lms.quizimport.model import Question, Quiz
from lms.quizimport.steps import Answer, Notes
from models.i18n import N_, message

FORMAT = re.compile(r"^\s*\[(html|moodle|markdown|plain)\]", re.IGNORECASE)
TITLE = re.compile(r"^\s*::((?:\\.|[^\\])*?)::", re.DOTALL)
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
TRUE_FALSE = re.compile(r"^(T|TRUE|F|FALSE)\s*((?:#.*)?)$", re.IGNORECASE | re.DOTALL)
Step = dict[str, Any]


@dataclass
class _Chunk:
    line: int  # where the question starts, from 1
    text: str


def _chunks(text: str) -> list[_Chunk]:
    """The questions: runs of lines between blank lines, comment lines left out."""
    out: list[_Chunk] = []
    lines: list[str] = []
    start = 0
    for n, line in enumerate([*text.splitlines(), ""], 1):
        if line.lstrip().startswith("//"):
            continue
        if line.strip():
            if not lines:
                start = n
            lines.append(line)
        elif lines:
            out.append(_Chunk(start, "\n".join(lines)))
            lines = []
    return out


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def _split(raw: str, marks: str) -> list[str]:
    """`raw` cut before every unescaped character of `marks` (each piece keeps its mark)."""
    return [p for p in re.split(rf"(?<!\\)(?=[{re.escape(marks)}])", raw) if p.strip()]


def _find_block(text: str) -> tuple[int, int] | None:
    """Where the answer block's braces are (unescaped), or None when there is no block."""
    start = next((m.start() for m in re.finditer(r"(?<!\\)\{", text)), None)
    if start is None:
        return None
    end = next((m.start() for m in re.finditer(r"(?<!\\)\}", text[start:])), None)
    return (start, start + end) if end is not None else (start, -1)


class _Reader:
    """One question's texts in the file's format (the question's [format], else "moodle")."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt

    def md(self, raw: str) -> str:
        return as_markdown(_unescape(raw.strip()), self.fmt)


def read_gift(content: bytes, lang: str) -> Quiz:
    """Reads a GIFT quiz.

    Args:
        content: the file's bytes (UTF-8).
        lang: the language the questions are written in (their texts are stored under it).

    Returns:
        The quiz: every question with its step (or None), notes and place ("line N").
    """
    quiz = Quiz("gift")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        quiz.problems.append(message(N_("the file is not UTF-8 text")))
        return quiz
    category = ""
    for chunk in _chunks(text):
        head = chunk.text.strip()
        if head.upper().startswith("$CATEGORY:"):
            category = head.split(":", 1)[1].strip().removeprefix("$course$/").removeprefix("top/")
            continue
        notes = Notes()
        name, step, source = _question(chunk.text, lang, notes)
        place = message(N_("line {line}"), line=chunk.line)
        quiz.questions.append(Question(place, name, source, step, notes, category))
    if not quiz.questions and not quiz.problems:
        quiz.problems.append(message(N_("the file has no questions")))
    return quiz


def _question(text: str, lang: str, notes: Notes) -> tuple[str, Step | None, str]:
    """A question's name, step and kind (in GIFT's words)."""
    name = ""
    title = TITLE.match(text)
    if title:
        name, text = _unescape(title.group(1)).strip(), text[title.end() :]
    fmt = FORMAT.match(text)
    reader = _Reader(fmt.group(1).lower() if fmt else "moodle")
    text = text[fmt.end() :] if fmt else text
    block = _find_block(text)
    if block is None:
        return name, steps.description(lang, reader.md(text)), "description"
    start, end = block
    if end < 0:
        notes.problem(N_("the answer block opened with {{ is not closed"))
        return name, None, "?"
    before, raw, after = text[:start], text[start + 1 : end], text[end + 1 :]
    return name, *_block(raw, reader.md(before), reader.md(after), reader, lang, notes)


def _block(
    raw: str, before: str, after: str, reader: _Reader, lang: str, notes: Notes
) -> tuple[Step | None, str]:
    """The step of an answer block, and the question's kind."""
    body, general = _general(raw)
    explanation = reader.md(general)
    question = " ".join(p for p in (before, "_____" if after else "", after) if p)
    if not body.strip():
        return steps.open_answer(lang, before + (" " + after if after else ""), ""), "essay"
    if body.lstrip().startswith("#"):
        return _numerical(body.lstrip()[1:], before, after, explanation, lang, notes), "numerical"
    tf = TRUE_FALSE.match(body.strip())
    if tf:
        parts = re.split(r"(?<!\\)#", tf.group(2))[1:] if tf.group(2) else []
        feedback = [reader.md(f) for f in parts] + ["", ""]
        truth = tf.group(1).upper().startswith("T")
        # GIFT: the first feedback is for a wrong answer, the second for a right one
        wrong, right = feedback[0], feedback[1]
        said = (right, wrong) if truth else (wrong, right)
        return steps.true_false(lang, question, truth, said, explanation), "truefalse"
    answers = _split(body, "=~")
    if any("->" in a for a in answers):
        pairs = [tuple(_unescape(p).strip() for p in a[1:].split("->", 1)) for a in answers]
        if any(len(p) != 2 for p in pairs):
            notes.problem(N_("every pair of a matching question is written left -> right"))
            return None, "matching"
        kept = [(reader.md(a), reader.md(b)) for a, b in pairs]
        return steps.matching(lang, question, kept, explanation, notes), "matching"
    parsed = [_answer(a, reader) for a in answers]
    if all(a.startswith("=") for a in answers):
        texts = steps.accepted_texts([Answer(_plain(a), c, f) for a, c, f in parsed], False, notes)
        if not texts:
            return None, "shortanswer"
        text = steps.with_blank(before, texts[0], after)
        return steps.blanks(lang, text, [texts], explanation), "shortanswer"
    options = [Answer(reader.md(a), c, f) for a, c, f in parsed]
    single = sum(1 for o in options if o.fraction > 0) <= 1 or any(
        a.startswith("=") for a in answers
    )
    return steps.choice(lang, question, options, single, explanation, notes), "multichoice"


def _plain(raw: str) -> str:
    return " ".join(_unescape(raw).split())


def _general(raw: str) -> tuple[str, str]:
    """The block without its general feedback (####...), and that feedback."""
    found = re.search(r"(?<!\\)####", raw)
    return (raw[: found.start()], raw[found.end() :]) if found else (raw, "")


def _answer(raw: str, reader: _Reader) -> tuple[str, float, str]:
    """One `=text#feedback` / `~%50%text#feedback`: its text (raw), credit and feedback."""
    mark, rest = raw[0], raw[1:]
    credit = 100.0 if mark == "=" else 0.0
    weight = WEIGHT.match(rest.strip())
    if weight:
        credit, rest = float(weight.group(1)), rest.strip()[weight.end() :]
    parts = re.split(r"(?<!\\)#", rest, maxsplit=1)
    feedback = parts[1] if len(parts) > 1 else ""
    return parts[0], credit, reader.md(feedback) if feedback.strip() else ""


def _numerical(
    body: str, before: str, after: str, general: str, lang: str, notes: Notes
) -> Step | None:
    values: list[tuple[float, float, float]] = []
    items = _split(body, "=~") if re.search(r"(?<!\\)[=~]", body) else ["=" + body]
    for item in items:
        if item.startswith("~"):
            continue  # feedback for any other answer
        spec = item[1:].strip()
        credit = 100.0
        weight = WEIGHT.match(spec)
        if weight:
            credit, spec = float(weight.group(1)), spec[weight.end() :]
        spec = re.split(r"(?<!\\)#", spec)[0].strip()
        try:
            values.append((*_range(spec), credit))
        except ValueError:
            notes.problem(
                N_("{answer} is not a number, a number:tolerance or a range low..high"), answer=spec
            )
    if notes.problems:
        return None
    accepted = steps.accepted_numbers(values, notes)
    if not accepted:
        return None
    return steps.blanks(lang, steps.with_blank(before, accepted[0], after), [accepted], general)


def _range(spec: str) -> tuple[float, float]:
    """`3.14:0.01` or `1..5` (a range: its middle and half its width) or `4`."""
    if ".." in spec:
        low, high = (float(x) for x in spec.split("..", 1))
        return (low + high) / 2, (high - low) / 2
    value, _, tolerance = spec.partition(":")
    return float(value), float(tolerance or 0)
