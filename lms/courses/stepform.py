"""The editor's form of a step, both ways: a step's table as flat form fields, and back.

Texts are one field per language (`question.kk`, `question.ru`); lists are numbered rows
(`option-0.ru`, `option-0-correct`, `option-0-why.ru`, `item-1.kk`, `left-2.ru`, `image-0-alt.kk`).
A row left empty in every language is dropped, so a form shows each list with a few empty rows
to add to. What comes back is a step table of the package format; nothing is checked here:
the editor saves it and runs the package's checks on it (lms.courses.content.check_step_data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lms.courses.checks import BLANK, option_text
from lms.courses.sniff import UPLOAD_TYPES
from models.lms import (
    AUDIO,
    BLANKS,
    GALLERY,
    GLOSSARY,
    MATCHING,
    MULTIPLE,
    OPEN,
    ORDERING,
    SINGLE,
    TASK,
    TEXT,
    UPLOAD,
    VIDEO,
)

LANGUAGES = ("kk", "ru", "en")
SPARE_ROWS = 2  # empty rows under a list, to add to it
MIN_ROWS = 4  # a new list shows this many
LISTS = {SINGLE: "options", MULTIPLE: "options", ORDERING: "items", MATCHING: "pairs",
         GLOSSARY: "terms", GALLERY: "images"}  # fmt: skip


def course_languages(table: Mapping[str, Any]) -> list[str]:
    """The languages a course is written in: its `languages`, else its title's, else kk, ru."""
    said = table.get("languages")
    if isinstance(said, list) and any(lang in LANGUAGES for lang in said):
        return [lang for lang in LANGUAGES if lang in said]
    title = table.get("title")
    found = [lang for lang in LANGUAGES if isinstance(title, dict) and title.get(lang)]
    return found or ["kk", "ru"]


def rows(step: Mapping[str, Any]) -> int:
    """How many rows the form shows for the step's list (its own and a few empty ones)."""
    name = LISTS.get(str(step.get("kind")))
    have = step.get(name) if name else None
    return max((len(have) if isinstance(have, list) else 0) + SPARE_ROWS, MIN_ROWS)


def _texts(fields: Mapping[str, str], name: str, langs: list[str]) -> dict[str, str]:
    # browsers send a textarea's lines with CRLF
    return {
        lang: v.replace("\r\n", "\n").strip()
        for lang in langs
        if (v := fields.get(f"{name}.{lang}", "")).strip()
    }


def _markdown(fields: Mapping[str, str], langs: list[str]) -> dict[str, str]:
    """A text step's Markdown by language: as written, ending with one line break."""
    return {lang: text + "\n" for lang, text in _texts(fields, "md", langs).items()}


def _put(fields: dict[str, str], name: str, texts: Any) -> None:
    if isinstance(texts, dict):
        for lang, value in texts.items():
            if isinstance(value, str):
                fields[f"{name}.{lang}"] = value


def _optional(table: dict[str, Any], key: str, texts: dict[str, str]) -> None:
    if texts:
        table[key] = texts


def _number(raw: str) -> int | str:
    """A whole number, or the text as given (the step's checks then name the field)."""
    raw = raw.strip()
    return int(raw) if re.fullmatch(r"-?\d{1,6}", raw) else raw


def _row_indexes(fields: Mapping[str, str], prefix: str) -> list[int]:
    found = {int(m[1]) for key in fields if (m := re.match(rf"{prefix}-(\d+)[.-]", key))}
    return sorted(found)


def step_of(kind: str, fields: Mapping[str, str], langs: list[str]) -> dict[str, Any]:
    """The step's table (without `kind`) from the editor's form.

    Args:
        kind: the step's kind.
        fields: the form's fields (uploaded files already saved and named in them).
        langs: the course's languages (fields in other languages are ignored).

    Returns:
        The table as the package holds it.
    """
    table: dict[str, Any] = {}
    if kind == TEXT:
        table["texts"] = _markdown(fields, langs)
    elif kind in (SINGLE, MULTIPLE, ORDERING, MATCHING, OPEN, UPLOAD):
        table["question"] = _texts(fields, "question", langs)
    builder = BUILDERS.get(kind)
    if builder is not None:
        builder(table, fields, langs)
    if kind in (SINGLE, MULTIPLE, BLANKS, ORDERING, MATCHING):
        _optional(table, "explanation", _texts(fields, "explanation", langs))
    if fields.get("points", "").strip():
        table["points"] = _number(fields["points"])
    return table


def _choice(table: dict[str, Any], fields: Mapping[str, str], langs: list[str]) -> None:
    options = []
    for i in _row_indexes(fields, "option"):
        texts = _texts(fields, f"option-{i}", langs)
        if not texts:
            continue
        right = fields.get("correct") == str(i) or fields.get(f"option-{i}-correct") == "1"
        option: dict[str, Any] = {**texts, "correct": right}
        _optional(option, "why", _texts(fields, f"option-{i}-why", langs))
        options.append(option)
    table["options"] = options


def _blanks(table: dict[str, Any], fields: Mapping[str, str], langs: list[str]) -> None:
    text = _texts(fields, "text", langs)
    table["text"] = text
    lines = [line for line in fields.get("answers", "").splitlines() if line.strip()]
    if not lines and text:  # the marks themselves: {{print | print()}}
        lines = BLANK.findall(next(iter(text.values())))
    table["answers"] = [[a.strip() for a in line.split("|") if a.strip()] for line in lines]


def _ordering(table: dict[str, Any], fields: Mapping[str, str], langs: list[str]) -> None:
    items = [_texts(fields, f"item-{i}", langs) for i in _row_indexes(fields, "item")]
    table["items"] = [item for item in items if item]


def _matching(table: dict[str, Any], fields: Mapping[str, str], langs: list[str]) -> None:
    pairs = []
    for i in sorted(set(_row_indexes(fields, "left")) | set(_row_indexes(fields, "right"))):
        left, right = _texts(fields, f"left-{i}", langs), _texts(fields, f"right-{i}", langs)
        if left or right:
            pairs.append({"left": left, "right": right})
    table["pairs"] = pairs


def _glossary(table: dict[str, Any], fields: Mapping[str, str], langs: list[str]) -> None:
    terms = []
    for i in sorted(set(_row_indexes(fields, "term")) | set(_row_indexes(fields, "meaning"))):
        term, meaning = _texts(fields, f"term-{i}", langs), _texts(fields, f"meaning-{i}", langs)
        if term or meaning:
            terms.append({"term": term, "meaning": meaning})
    table["terms"] = terms


def _open(table: dict[str, Any], fields: Mapping[str, str], langs: list[str]) -> None:
    _optional(table, "rubric", _texts(fields, "rubric", langs))


def _upload(table: dict[str, Any], fields: Mapping[str, str], langs: list[str]) -> None:
    _open(table, fields, langs)
    table["types"] = [ext for ext in UPLOAD_TYPES if fields.get(f"type{ext}") == "1"]
    table["max_mb"] = _number(fields.get("max_mb", ""))


def _task(table: dict[str, Any], fields: Mapping[str, str], langs: list[str]) -> None:
    table["task"] = fields.get("task", "").strip()


def _media(table: dict[str, Any], fields: Mapping[str, str], langs: list[str]) -> None:
    if fields.get("source") == "url":
        table["url"] = fields.get("url", "").strip()
    else:
        table["file"] = fields.get("file", "").strip()
    if fields.get("captions", "").strip() and fields.get("captions-remove") != "1":
        table["captions"] = fields["captions"].strip()
    _optional(table, "text", _texts(fields, "text", langs))


def _gallery(table: dict[str, Any], fields: Mapping[str, str], langs: list[str]) -> None:
    images = []
    for i in _row_indexes(fields, "image"):
        file = fields.get(f"image-{i}-file", "").strip()
        if not file or fields.get(f"image-{i}-remove") == "1":
            continue
        image: dict[str, Any] = {"file": file, "alt": _texts(fields, f"image-{i}-alt", langs)}
        _optional(image, "caption", _texts(fields, f"image-{i}-caption", langs))
        images.append(image)
    table["images"] = images
    _optional(table, "text", _texts(fields, "text", langs))


BUILDERS = {
    SINGLE: _choice, MULTIPLE: _choice, BLANKS: _blanks, ORDERING: _ordering,
    MATCHING: _matching, GLOSSARY: _glossary, OPEN: _open, UPLOAD: _upload, TASK: _task,
    VIDEO: _media, AUDIO: _media, GALLERY: _gallery,
}  # fmt: skip


def fields_of(step: Mapping[str, Any]) -> dict[str, str]:
    """The editor's form fields of a step (the inverse of `step_of`)."""
    fields: dict[str, str] = {}
    for name in ("question", "explanation", "rubric", "text"):
        _put(fields, name, step.get(name))
    _put(fields, "md", step.get("texts"))
    for i, option in enumerate(step.get("options") or []):
        if isinstance(option, dict):
            _put(fields, f"option-{i}", option_text(option))
            _put(fields, f"option-{i}-why", option.get("why"))
            if option.get("correct") is True:
                fields[f"option-{i}-correct"] = "1"
                fields["correct"] = str(i)
    for i, item in enumerate(step.get("items") or []):
        _put(fields, f"item-{i}", item)
    for i, pair in enumerate(step.get("pairs") or []):
        if isinstance(pair, dict):
            _put(fields, f"left-{i}", pair.get("left"))
            _put(fields, f"right-{i}", pair.get("right"))
    for i, term in enumerate(step.get("terms") or []):
        if isinstance(term, dict):
            _put(fields, f"term-{i}", term.get("term"))
            _put(fields, f"meaning-{i}", term.get("meaning"))
    for i, image in enumerate(step.get("images") or []):
        if isinstance(image, dict):
            fields[f"image-{i}-file"] = str(image.get("file", ""))
            _put(fields, f"image-{i}-alt", image.get("alt"))
            _put(fields, f"image-{i}-caption", image.get("caption"))
    _more_fields(step, fields)
    return fields


def _more_fields(step: Mapping[str, Any], fields: dict[str, str]) -> None:
    answers = step.get("answers")
    if isinstance(answers, list):
        fields["answers"] = "\n".join(
            " | ".join(str(a) for a in line) for line in answers if isinstance(line, list)
        )
    for ext in step.get("types") or []:
        fields[f"type{ext}"] = "1"
    for key in ("max_mb", "points", "task", "url", "file", "captions"):
        if key in step and not isinstance(step[key], dict | list):
            fields[key] = str(step[key])
    fields["source"] = "url" if "url" in step else "file"
