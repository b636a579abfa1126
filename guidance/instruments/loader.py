"""Reading an instrument file (TOML) into an Instrument, listing every problem it has.

The format (see guidance/instruments/data/*.toml for complete examples):

    id = "riasec"            version = "1.0"        kind = "interests"
    clinical = false         student_sees_result = true
    grades = [7, 11]         ages = [12, 18]?       licence = "..."   source = "..."
    attribution = "..."?     norms = "..."?
    title = {en = "...", ru = "..."}   description = {...}?   instructions = {...}?
    [languages]              en = {status = "original"}, ru = {status = "validated",
                             citation = "the published translation"}, kk = {status = "ours"}
    [answers.<id>]           options = [{value = 0, label = {en = "..."}}, ...]
    [[scales]]               id, name, method = sum|mean|correct, multiplier?, specialist?,
                             student?, [[scales.bands]] id, min, max, label, specialist?, student?
    [[items]]                id, text (a table by language, or one string for all), answers =
                             "<id>" or options = [...], scale = "R" or scales = [...] (none:
                             unscored), reverse?, weight?, correct?, tag?
    [[risk]]                 id, item = "<id>" or scale = "<id>", at_least (or at_most),
                             severity = urgent|high|moderate, reason?
    [summary]                kind = code|top, scales = [...], length?

Texts a student reads (title, instructions, items, answer labels) must be given in every language
the file declares; the specialist's texts (scale names, bands, reasons) in at least one.
"""

from __future__ import annotations

import tomllib
from typing import Any

from guidance.instruments.errors import InstrumentInvalid
from guidance.instruments.fields import (
    ID,
    ITEM_KEYS,
    MAX_ITEMS,
    TOP_KEYS,
    Problems,
    number,
    texts,
    unknown,
)
from guidance.instruments.loader_scoring import read_risks, read_scales, read_summary
from guidance.instruments.schema import (
    KINDS,
    LANGS,
    LANGUAGE_STATUSES,
    VALIDATED,
    AnswerScale,
    Instrument,
    Item,
    Language,
    Option,
)
from models.i18n import N_


def load_instrument(source: str | bytes, *, file: str = "instrument.toml") -> Instrument:
    """Reads and checks an instrument file.

    Args:
        source: the TOML text (bytes are read as UTF-8).
        file: the file's name, used in the problems.

    Returns:
        The instrument.

    Raises:
        InstrumentInvalid: with every problem found (file, item, field and what is wrong).
    """
    problems = Problems(file)
    try:
        text = source.decode("utf-8") if isinstance(source, bytes) else source
        table = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.add("-", N_("not valid TOML: {error}"), error=str(exc))
        raise InstrumentInvalid("instrument_invalid", problems.found) from exc
    instrument = _read(table, problems)
    if problems.found or instrument is None:
        raise InstrumentInvalid("instrument_invalid", problems.found)
    return instrument


def _read(table: dict[str, Any], problems: Problems) -> Instrument | None:
    unknown(table, TOP_KEYS, "-", problems)
    head = _head(table, problems)
    languages = _languages(table.get("languages"), problems)
    langs = tuple(languages)
    title = texts(table.get("title"), "title", problems, langs)
    description = texts(table.get("description", {}), "description", problems, langs, True)
    instructions = texts(table.get("instructions", {}), "instructions", problems, langs, True)
    answer_scales = _answer_scales(table.get("answers", {}), problems, langs)
    scales = read_scales(table.get("scales", []), problems)
    items = _items(table.get("items"), answer_scales, {s.id for s in scales}, problems, langs)
    risk = read_risks(table.get("risk", []), items, scales, problems)
    summary = read_summary(table.get("summary"), scales, problems)
    if problems.found or head is None:
        return None
    return Instrument(
        key=head["id"], version=head["version"], kind=head["kind"], title=title,
        languages=languages, items=items, scales=scales, licence=head["licence"],
        source=head["source"], description=description, instructions=instructions,
        attribution=head["attribution"], clinical=head["clinical"],
        student_sees_result=head["student_sees_result"], grades=head["grades"],
        ages=head["ages"], norms=head["norms"], risk=risk, summary=summary,
    )  # fmt: skip


def _head(table: dict[str, Any], problems: Problems) -> dict[str, Any] | None:
    head: dict[str, Any] = {}
    for key in ("id", "version", "licence", "source"):
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.add(key, N_("must be given as text"))
        head[key] = str(value or "").strip()
    if head["id"] and not ID.match(head["id"]):
        problems.add("id", N_("use letters, digits, dots, dashes and underscores only"))
    if table.get("kind") not in KINDS:
        problems.add("kind", N_("must be one of {allowed}"), allowed=", ".join(KINDS))
    head["kind"] = table.get("kind")
    for key in ("clinical", "student_sees_result"):
        if not isinstance(table.get(key, False), bool):
            problems.add(key, N_("must be true or false"))
        head[key] = table.get(key) is True
    for key in ("attribution", "norms"):
        if not isinstance(table.get(key, ""), str):
            problems.add(key, N_("must be given as text"))
        head[key] = str(table.get(key, ""))
    head["grades"] = _range(table.get("grades", [5, 11]), "grades", (1, 12), problems)
    head["ages"] = _range(table["ages"], "ages", (5, 99), problems) if "ages" in table else None
    return head if head["grades"] is not None else None


def _range(value: Any, where: str, bounds: tuple[int, int], problems: Problems) -> Any:
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and bounds[0] <= value[0] <= value[1] <= bounds[1]
    )
    if not ok:
        problems.add(
            where, N_("must be [from, to] with {low} ≤ from ≤ to ≤ {high}"),
            low=bounds[0], high=bounds[1],
        )  # fmt: skip
        return None
    return (value[0], value[1])


def _languages(value: Any, problems: Problems) -> dict[str, Language]:
    if not isinstance(value, dict) or not value:
        problems.add("languages", N_("list at least one language: kk, ru or en"))
        return {}
    found: dict[str, Language] = {}
    for code, entry in value.items():
        where = f"languages.{code}"
        if code not in LANGS:
            problems.add(where, N_("unknown language; use kk, ru or en"))
            continue
        entry = entry if isinstance(entry, dict) else {}
        status, citation = entry.get("status"), entry.get("citation", "")
        if status not in LANGUAGE_STATUSES:
            allowed = ", ".join(LANGUAGE_STATUSES)
            problems.add(where, N_("status must be one of {allowed}"), allowed=allowed)
            continue
        if not isinstance(citation, str) or (status == VALIDATED and not citation.strip()):
            problems.add(where, N_("a validated translation needs the citation of its source"))
            continue
        found[code] = Language(code, status, citation.strip())
    return found


def _options(value: Any, where: str, problems: Problems, langs: tuple[str, ...]) -> AnswerScale:
    options: list[Option] = []
    if not isinstance(value, list) or not value:
        problems.add(where, N_("options must be a list of tables with value and label"))
        return AnswerScale(where, ())
    for n, entry in enumerate(value, 1):
        entry = entry if isinstance(entry, dict) else {}
        number = entry.get("value")
        if not isinstance(number, int) or isinstance(number, bool):
            problems.add(f"{where}, option {n}", N_("value must be a whole number"))
            continue
        label = texts(entry.get("label"), f"{where}, option {n}, label", problems, langs)
        options.append(Option(number, label))
    if len({o.value for o in options}) != len(options):
        problems.add(where, N_("two options have the same value"))
    return AnswerScale(where, tuple(options))


def _answer_scales(
    value: Any, problems: Problems, langs: tuple[str, ...]
) -> dict[str, AnswerScale]:
    if not isinstance(value, dict):
        problems.add("answers", N_("must be tables of answer options by id"))
        return {}
    found = {}
    for key, entry in value.items():
        options = entry.get("options") if isinstance(entry, dict) else None
        scale = _options(options, f"answers.{key}", problems, langs)
        found[key] = AnswerScale(key, scale.options)
    return found


def _items(
    value: Any,
    answer_scales: dict[str, AnswerScale],
    scale_ids: set[str],
    problems: Problems,
    langs: tuple[str, ...],
) -> tuple[Item, ...]:
    if not isinstance(value, list) or not value or len(value) > MAX_ITEMS:
        problems.add("items", N_("must be 1 to {most} [[items]] tables"), most=MAX_ITEMS)
        return ()
    items: list[Item] = []
    for n, entry in enumerate(value, 1):
        entry = entry if isinstance(entry, dict) else {}
        item = _item(entry, n, answer_scales, scale_ids, problems, langs)
        if item is not None:
            if any(i.id == item.id for i in items):
                problems.add(f"item {item.id}", N_("the id is used twice"))
            items.append(item)
    return tuple(items)


def _item(
    entry: dict[str, Any],
    n: int,
    answer_scales: dict[str, AnswerScale],
    scale_ids: set[str],
    problems: Problems,
    langs: tuple[str, ...],
) -> Item | None:
    iid = str(entry.get("id", ""))
    where = f"item {iid or n}"
    unknown(entry, ITEM_KEYS, where, problems)
    if not ID.match(iid):
        problems.add(where, N_("id must be given: letters, digits, dots, dashes"))
    text = texts(entry.get("text"), f"{where}, text", problems, langs)
    if "options" in entry:
        answers = _options(entry["options"], f"{where}, options", problems, langs)
    elif entry.get("answers") in answer_scales:
        answers = answer_scales[entry["answers"]]
    else:
        problems.add(where, N_("answers must name an [answers.<id>] table, or give options"))
        return None
    scales = entry.get("scales", [entry["scale"]] if "scale" in entry else [])
    for sid in scales if isinstance(scales, list) else [scales]:
        if sid not in scale_ids:
            problems.add(where, N_("scale {scale} is not among [[scales]]"), scale=str(sid))
    weight, correct = entry.get("weight", 1), entry.get("correct")
    if not number(weight):
        problems.add(where, N_("weight must be a number"))
    if correct is not None and not (isinstance(correct, int) and answers.has(correct)):
        problems.add(where, N_("correct must be the value of one of its options"))
    if not isinstance(entry.get("reverse", False), bool):
        problems.add(where, N_("reverse must be true or false"))
    return Item(
        iid, text, answers, tuple(str(s) for s in scales) if isinstance(scales, list) else (),
        entry.get("reverse") is True, float(weight) if number(weight) else 1.0,
        correct if isinstance(correct, int) else None, str(entry.get("tag", "")),
    )  # fmt: skip
