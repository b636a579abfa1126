"""Moodle XML quizzes (`<quiz><question type="...">`): questions, categories and their images.

Images are `<file name=... encoding="base64">` elements of the question, referred to from its
HTML as `@@PLUGINFILE@@/name`; each becomes a file of the lesson folder (`quiz/q3-name.png`)
and the Markdown points at it. Problems are named by the question's number and name.
"""

from __future__ import annotations

import base64
import binascii
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import defusedxml
import defusedxml.ElementTree as SafeET

from lms.quizimport import steps
from lms.quizimport.cloze import read_cloze
from lms.quizimport.html import as_markdown
from lms.quizimport.model import Question, Quiz, image_path
from lms.quizimport.steps import Answer, Notes
from models.i18n import N_, message

PLUGINFILE = "@@PLUGINFILE@@/"
Step = dict[str, Any]
KINDS = ("multichoice", "truefalse", "shortanswer", "numerical", "matching", "essay",
         "description", "multianswer")  # fmt: skip


class _Images:
    """A question's attached files, and the ones its Markdown uses (kept for the lesson)."""

    def __init__(self, question: ET.Element, notes: Notes) -> None:
        self.notes = notes
        self.attached: dict[str, bytes] = {}
        self.used: dict[str, bytes] = {}
        for element in question.iter("file"):
            name = (element.get("path", "/").strip("/") + "/" + element.get("name", "")).strip("/")
            try:
                self.attached[name] = base64.b64decode((element.text or "").strip(), validate=True)
            except (binascii.Error, ValueError):
                notes.problem(N_("the file {name} is not valid base64"), name=name)

    def __call__(self, src: str) -> str | None:
        if not src.startswith(PLUGINFILE):
            self.notes.warn(N_("images from other sites are not shown: {src}"), src=src[:80])
            return None
        name = unquote(src[len(PLUGINFILE) :]).split("?")[0].strip("/")
        content = self.attached.get(name)
        if content is None:
            self.notes.problem(N_("the image {name} is not in the file"), name=name)
            return None
        path = image_path(name, content, self.notes)
        if path:
            self.used[path] = content
        return path


def _text(element: ET.Element | None, image: Callable[[str], str | None]) -> str:
    """An element's <text> as Markdown, in the element's format."""
    if element is None:
        return ""
    inner = element.find("text")
    raw = inner.text if inner is not None and inner.text else ""
    return as_markdown(raw, element.get("format", "html"), image)


def _plain(element: ET.Element | None) -> str:
    inner = element.find("text") if element is not None else None
    return " ".join((inner.text or "").split()) if inner is not None else ""


def _credit(answer: ET.Element) -> float:
    try:
        return float(answer.get("fraction", "0") or 0)
    except ValueError:
        return 0.0


def _answers(
    q: ET.Element, image: Callable[[str], str | None], *, plain: bool = False
) -> list[Answer]:
    """The answers with their credit and feedback; as plain text for short answers."""
    return [
        Answer(
            _plain(a) if plain else _text(a, image), _credit(a), _text(a.find("feedback"), image)
        )
        for a in q.findall("answer")
    ]


def _category(q: ET.Element) -> str:
    path = _plain(q.find("category"))
    parts = [p for p in path.split("/") if p and not p.startswith("$") and p != "top"]
    return "/".join(parts)


def read_moodle(content: bytes, lang: str) -> Quiz:
    """Reads a Moodle XML quiz.

    Args:
        content: the file's bytes.
        lang: the language the questions are written in (their texts are stored under it).

    Returns:
        The quiz: every question with its step (or None when it is left out), notes and images;
        problems of the file as a whole (not XML, a DOCTYPE) in `problems`.
    """
    quiz = Quiz("moodle")
    if b"<!DOCTYPE" in content[:4096].upper() or b"<!ENTITY" in content.upper():
        quiz.problems.append(
            message(N_("the file declares a DOCTYPE or entities; Moodle's do not"))
        )
        return quiz
    try:
        root = SafeET.fromstring(content)  # also catches entities the scan above cannot see
    except defusedxml.DefusedXmlException:  # e.g. a UTF-16 file the byte scan reads past
        quiz.problems.append(
            message(N_("the file declares a DOCTYPE or entities; Moodle's do not"))
        )
        return quiz
    except ET.ParseError as exc:
        quiz.problems.append(message(N_("not valid XML: {error}"), error=str(exc)))
        return quiz
    if root.tag != "quiz":
        quiz.problems.append(
            message(N_("not a Moodle XML quiz (the root element is {tag})"), tag=root.tag)
        )
        return quiz
    category, number = "", 0
    for q in root.findall("question"):
        kind = q.get("type", "")
        if kind == "category":
            category = _category(q)
            continue
        number += 1
        name = _plain(q.find("name")) or "—"
        notes = Notes()
        place = message(N_("question {n} ({name})"), n=number, name=name)
        images = _Images(q, notes)
        step = _step(q, kind, lang, images, notes)
        quiz.questions.append(Question(place, name, kind, step, notes, category))
        if step is not None:
            quiz.files.update(images.used)
    if not quiz.questions:
        quiz.problems.append(message(N_("the file has no questions")))
    return quiz


def _step(q: ET.Element, kind: str, lang: str, image: _Images, notes: Notes) -> Step | None:
    if kind not in KINDS:
        notes.warn(N_("questions of the type {type} cannot be imported; it is left out"), type=kind)
        return None
    text = _text(q.find("questiontext"), image)
    general = _text(q.find("generalfeedback"), image)
    if kind == "description":
        return steps.description(lang, text)
    if kind == "essay":
        return steps.open_answer(lang, text, _text(q.find("graderinfo"), image))
    if kind == "multianswer":
        marked, accepted = read_cloze(q.findtext("questiontext/text") or "", notes, image)
        return steps.blanks(lang, marked, accepted, general) if all(accepted) else None
    if kind == "multichoice":
        single = (q.findtext("single") or "true").strip().lower() in ("true", "1")
        wrong = _text(q.find("incorrectfeedback"), image)
        explanation = "\n\n".join(x for x in (general, wrong) if x)
        return steps.choice(lang, text, _answers(q, image), single, explanation, notes)
    if kind == "truefalse":
        return _true_false(q, lang, text, general, image, notes)
    if kind == "shortanswer":
        case = (q.findtext("usecase") or "0").strip() == "1"
        answers = _answers(q, image, plain=True)
        texts = steps.accepted_texts(answers, case, notes)
        if not texts:
            return None
        question = steps.with_blank(text, texts[0])
        return steps.blanks(lang, question, [texts], general, steps.wrong_feedback(answers))
    if kind == "numerical":
        return _numerical(q, lang, text, general, notes)
    pairs = [(_text(s, image), _plain(s.find("answer"))) for s in q.findall("subquestion")]
    return steps.matching(lang, text, pairs, general, notes)


def _true_false(
    q: ET.Element, lang: str, text: str, general: str, image: _Images, notes: Notes
) -> Step | None:
    said = {
        _plain(a).lower(): (_credit(a), _text(a.find("feedback"), image))
        for a in q.findall("answer")
    }
    if set(said) != {"true", "false"}:
        notes.problem(N_("a true/false question needs the answers true and false"))
        return None
    truth = said["true"][0] > said["false"][0]
    return steps.true_false(lang, text, truth, (said["true"][1], said["false"][1]), general)


def _numerical(q: ET.Element, lang: str, text: str, general: str, notes: Notes) -> Step | None:
    values = []
    for a in q.findall("answer"):
        raw = _plain(a)
        if raw == "*":
            continue  # "any other answer": there is nothing to accept
        try:
            value = float(raw.replace(",", "."))
            tolerance = float((a.findtext("tolerance") or "0").replace(",", "."))
        except ValueError:
            notes.problem(N_("{answer} is not a number"), answer=raw)
            continue
        values.append((value, tolerance, _credit(a)))
    if notes.problems:
        return None
    accepted = steps.accepted_numbers(values, notes)
    if not accepted:
        return None
    return steps.blanks(lang, steps.with_blank(text, accepted[0]), [accepted], general)
