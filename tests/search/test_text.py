"""Words as the index and the query see them; highlighting; what steps give to the index."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lms.search.backends import match_query
from lms.search.extract import plain, step_texts
from lms.search.text import fold, index_terms, kazakh_stem, marked, parse_query, snippet


def test_folding_and_index_terms() -> None:
    assert fold("ЁЛКА Ёжик") == "елка ежик"
    stressed = "Переме\u0301нная"  # Cyrillic has no precomposed stressed vowels
    assert index_terms(stressed) == "переменная"
    assert [p for p, hit in marked(f"{stressed} x", parse_query("переменных")) if hit] == [stressed]
    assert index_terms("Happy variables, my_var; ПЕРЕМЕННЫЕ") == (
        "happy happi variables variabl my var переменные"
    )


def test_query_words_become_prefixes_with_their_stems() -> None:
    query = parse_query("Переменных loops  a  7 есептерді")
    assert query.words == ("переменных", "loops", "7", "есептерді")
    assert query.groups == (("перемен",), ("loop",), ("7",), ("есеп",))
    assert parse_query("  ?! ").empty


def test_kazakh_endings_are_dropped_only_as_a_second_try_without_kazakh_letters() -> None:
    query = parse_query("айнымалыны")
    assert query.groups == (("айнымалын",),)
    wider = query.wider()
    assert wider is not None and wider.groups == (("айнымал",),)
    assert parse_query("цикл").wider() is None
    assert kazakh_stem("циклдардың") == "цикл" and kazakh_stem("мән") == "мән"


def test_marked_words_and_snippets() -> None:
    query = parse_query("переменных")
    pieces = marked("Две переменные и «Переменная»: x", query)
    assert [p for p, hit in pieces if hit] == ["переменные", "Переменная"]
    text = "слово " * 60 + "здесь переменная стоит " + "слово " * 60
    cut = snippet(text, query, width=60)
    assert cut[0] == ("…", False) and cut[-1] == ("…", False)
    assert ("переменная", True) in cut and sum(len(p) for p, _ in cut) <= 64
    assert snippet("ничего нет", query) == [("ничего нет", False)]


@given(st.text(max_size=200), st.text(max_size=40))
def test_marked_pieces_give_the_text_back(text: str, typed: str) -> None:
    assert "".join(p for p, _ in marked(text, parse_query(typed))) == text


@given(st.text(max_size=80))
def test_any_typed_text_makes_a_query_of_quoted_letters_and_digits(typed: str) -> None:
    query = parse_query(typed)
    for dialect in ("sqlite", "postgresql"):
        made = match_query(query.groups, dialect)
        for group in query.groups:
            for term in group:
                assert term.isalnum() and term in made


def test_steps_give_what_a_student_sees_before_answering() -> None:
    matching = {
        "question": {"ru": "Соедините"},
        "pairs": [
            {"left": {"ru": "яблоко"}, "right": {"ru": "фрукт"}},
            {"left": {"ru": "морковь"}, "right": {"ru": "овощ"}},
        ],
    }
    assert step_texts("matching", matching)["ru"].split("\n") == [
        "Соедините", "морковь", "овощ", "фрукт", "яблоко"]  # fmt: skip
    ordering = {"question": {"ru": "По порядку"}, "items": [{"ru": "в"}, {"ru": "а"}, {"ru": "б"}]}
    assert step_texts("ordering", ordering)["ru"] == "По порядку\nа\nб\nв"
    assert step_texts("blanks", {"text": {"kk": "Жауап: {{print}}"}}) == {"kk": "Жауап: …"}
    assert step_texts("task", {"task": "sum"}) == {}
    assert plain("# Заголовок\n\nТекст с **жирным** и `кодом`.\n\n```\nprint(1)\n```") == (
        "Заголовок\nТекст с жирным и кодом.\nprint(1)"
    )
