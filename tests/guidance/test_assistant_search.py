"""The virtual expert's search in Kazakh, Russian and English: stems, prefixes, ё/е, codes."""

from __future__ import annotations

import pytest

from guidance.admissions.l10n import L10n
from guidance.admissions.loader import shipped_admissions
from guidance.assistant.documents import Document
from guidance.assistant.expert import ask
from guidance.assistant.search import ExpertIndex, shipped_index
from guidance.assistant.text import fold, words
from guidance.atlas.loader import shipped_atlas


def _keys(question: str, n: int = 3) -> list[str]:
    return [h.document.key for h in shipped_index().search(question)[:n]]


def test_folding_and_stems() -> None:
    assert fold("Ёжик ЁЛКА") == "ежик елка"
    assert words("программистом") == words("программисты") == ["программист"]
    assert words("дәрігерлер") == words("дәрігер") == ["дәрігер"]
    assert words("бағдарламашылар") == words("бағдарламашы")
    assert words("тілдері") == words("тілі")
    assert words("Какие предметы нужны?", question=True) == words("предметы")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("программист", "profession:software_developer"),  # Russian, another name
        ("программистом", "profession:software_developer"),  # an inflected form
        ("бағдарламашы", "profession:software_developer"),  # Kazakh
        ("бағдарламашылар", "profession:software_developer"),  # Kazakh plural
        ("дәрігерлер", "profession:general_practitioner"),
        ("мұнайшы", "profession:petroleum_engineer"),
        ("нефтян", "profession:petroleum_engineer"),  # half-typed: a prefix
        ("Software developer", "profession:software_developer"),
        ("B057", "group:B057"),
        ("казну", "university:kaznu"),
        ("Болашак", "scholarship:bolashak"),
        ("NUET", "topic:nuet"),
    ],
)
def test_questions_find_their_documents(question: str, expected: str) -> None:
    assert expected in _keys(question), _keys(question)


def test_yo_and_ye_are_the_same_letter() -> None:
    doc = Document("topic:t", "topic", L10n("Ёлка", "Ёлка", "Fir"), L10n("x", "x", "x"), "/t",
                   "новогодняя ёлка в школе")  # fmt: skip
    index = ExpertIndex([doc])
    assert [h.document.key for h in index.search("елка")] == ["topic:t"]
    assert [h.document.key for h in index.search("ЁЛКА")] == ["topic:t"]
    assert [h.document.key for h in index.search("школ")] == ["topic:t"]


def test_all_words_first_then_any() -> None:
    # both words: the maths teachers' group ranks before the profession that only says teacher
    assert _keys("учитель математики")[0] == "group:B009"
    assert _keys("совсем-несуществующее программист")  # any word when not all are found
    assert _keys("") == [] and _keys("??") == []


def test_the_answer_spells_out_the_best_match() -> None:
    answer = ask("кем работать врачом какие предметы", shipped_atlas(), shipped_admissions())
    assert answer.best is not None and answer.best.kind == "profession"
    facts = [str(f) for f in answer.facts]
    assert facts[0] == "UNT profile subjects: Biology – Chemistry."
    assert any(f.startswith("Groups of educational programmes: B08") for f in facts)
    assert answer.best.url.startswith("/atlas/")
    group = ask("B086", shipped_atlas(), shipped_admissions())
    assert any("illustrative" in str(f) for f in group.facts)
    assert ask("xyzzy", shipped_atlas(), shipped_admissions()).best is None
