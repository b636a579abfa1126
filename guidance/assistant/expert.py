"""The virtual expert: a question answered from our own data, with the facts of the best match
spelled out and links to every page it comes from."""

from __future__ import annotations

from dataclasses import dataclass

from guidance.admissions.schemas import Admissions
from guidance.assistant.documents import GROUP, PROFESSION, UNIVERSITY, Document
from guidance.assistant.search import ExpertIndex, shipped_index
from guidance.atlas.schemas import Atlas
from guidance.recommend.words import DEMAND, joined, pair_words, word
from models.i18n import N_, Message, message

MAX_LISTED = 5


@dataclass(frozen=True, slots=True)
class ExpertAnswer:
    question: str
    best: Document | None
    facts: tuple[Message, ...]  # what the best match says, as sentences
    others: tuple[Document, ...]


def _pairs(codes: tuple[str, ...], data: Admissions) -> object:
    pairs = [p for p in data.pairs.values() if set(codes) & set(p.groups)]
    return joined([pair_words([data.subjects[s].name for s in p.subjects]) for p in pairs], "; ")


def _groups(codes: tuple[str, ...], data: Admissions) -> object:
    """Groups as "B057 Information technology", in the reader's language."""
    return joined([joined([code, data.groups[code].name], " ") for code in codes])


def _threshold(code: str, data: Admissions) -> Message | None:
    figure = data.groups[code].latest()
    if figure is None:
        return None
    if figure.illustrative:
        return message(
            N_(
                "Grant pass score {score} in {year} (an illustrative figure, not the "
                "published one)."
            ),
            score=figure.score,
            year=figure.year,
        )
    return message(N_("Grant pass score {score} in {year}."), score=figure.score, year=figure.year)


def _profession_facts(pid: str, atlas: Atlas, data: Admissions) -> list[Message]:
    p = atlas.by_id[pid]
    facts = [
        message(N_("UNT profile subjects: {pairs}."), pairs=_pairs(p.groups, data)),
        message(N_("Groups of educational programmes: {groups}."), groups=_groups(p.groups, data)),
        message(
            N_("Demand in Kazakhstan: {demand}. {why}"),
            demand=word(DEMAND, p.outlook.demand),
            why=p.outlook.reason,
        ),
    ]
    teaching = {u.id for u in data.universities.values() if set(u.groups) & set(p.groups)}
    facts.append(message(N_("Universities in our list that teach it: {n}."), n=len(teaching)))
    if p.college:
        facts.append(message(N_("It can also be learned at a college after grade 9 or 11.")))
    return facts


def _group_facts(code: str, atlas: Atlas, data: Admissions) -> list[Message]:
    facts = [message(N_("UNT profile subjects: {pairs}."), pairs=_pairs((code,), data))]
    threshold = _threshold(code, data)
    if threshold is not None:
        facts.append(threshold)
    names = [u.name for u in data.universities.values() if code in u.groups]
    facts.append(message(N_("Taught at: {universities}."), universities=joined(names[:MAX_LISTED])))
    leads = [p.title for p in atlas.professions if code in p.groups]
    if leads:
        facts.append(message(N_("It prepares for: {professions}."), professions=joined(leads)))
    return facts


def _university_facts(uid: str, data: Admissions) -> list[Message]:
    u = data.universities[uid]
    groups = _groups(u.groups, data)
    facts = [
        message(N_("City: {city}."), city=u.city),
        message(N_("Groups of educational programmes: {groups}."), groups=groups),
    ]
    if u.national:
        facts.append(message(N_("A national university: the minimum UNT total is higher here.")))
    return facts


def facts_of(doc: Document, atlas: Atlas, data: Admissions) -> list[Message]:
    """The facts a document's page gives, as sentences (its summary for prose topics)."""
    _, key = doc.key.split(":", 1)
    if doc.kind == PROFESSION:
        return _profession_facts(key, atlas, data)
    if doc.kind == GROUP:
        return _group_facts(key, atlas, data)
    if doc.kind == UNIVERSITY:
        return _university_facts(key, data)
    return [message(N_("{text}"), text=doc.summary)]


def ask(
    question: str, atlas: Atlas, admissions: Admissions, index: ExpertIndex | None = None
) -> ExpertAnswer:
    """The expert's answer to a question.

    Args:
        question: what the reader typed.
        atlas: the atlas; admissions: the reader's school's admissions data (its own figures).
        index: the search index (the shipped one by default).

    Returns:
        The best match with its facts and the other matches, or no match.
    """
    hits = (index or shipped_index()).search(question)
    if not hits:
        return ExpertAnswer(question, None, (), ())
    best = hits[0].document
    return ExpertAnswer(
        question,
        best,
        tuple(facts_of(best, atlas, admissions)),
        tuple(h.document for h in hits[1:]),
    )
