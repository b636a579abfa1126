"""Catalogues cover every msgid of the tree; pages, sentences and dates follow the language."""

from __future__ import annotations

import re
import string
from contextlib import chdir
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po
from jinja2 import DictLoader, Environment, select_autoescape

from models.changes import Change
from models.i18n import N_, message, noun
from solver.messages import msg
from web import i18n
from web.i18n import (
    LANGUAGES,
    Translator,
    accepted_languages,
    catalogue_path,
    install_jinja,
    load_translations,
    negotiate,
    translator,
    use_locale,
)

ROOT = Path(__file__).resolve().parents[2]
PERCENT = re.compile(r"%\((\w+)\)[sdif]")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The msgids of the current tree, extracted as scripts/i18n.sh does (babel.cfg)."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    argv = ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(pot), "."]
    with chdir(ROOT):  # babel.cfg's patterns are relative to the repository root
        CommandLineInterface().run(argv)  # type: ignore[no-untyped-call]
    with pot.open("rb") as fh:
        return read_po(fh)


@cache  # the files do not change while the tests run
def _catalogue(locale: str) -> Catalog:
    with catalogue_path(locale).open("rb") as fh:
        return read_po(fh, locale=locale)


def _key(m: Message) -> str:
    return str(m.id[0] if isinstance(m.id, (list, tuple)) else m.id)


def _strings(m: Message) -> list[str]:
    return [s or "" for s in (m.string if isinstance(m.string, (list, tuple)) else [m.string])]


def _ids(m: Message) -> list[str]:
    return [str(i) for i in (m.id if isinstance(m.id, (list, tuple)) else [m.id])]


def _braces(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _placeholders(text: str) -> tuple[set[str], set[str]]:
    """The {named} and %(named)s placeholders of a text."""
    return _braces(text), set(PERCENT.findall(text))


def test_extraction_finds_the_domain_and_template_msgids(template: Catalog) -> None:
    ids = {_key(m) for m in template if m.id}
    assert "The school has no code." in ids  # message(N_(...)) in models
    assert "teacher" in ids  # N_() in a table of nouns
    assert "Lesson {lesson} is not placed" in ids  # msg("...") in the solver
    assert "Log in" in ids  # _() in a Jinja template


@pytest.mark.parametrize("locale", list(LANGUAGES))
def test_every_extracted_msgid_is_in_the_catalogue(template: Catalog, locale: str) -> None:
    catalogue = _catalogue(locale)
    missing = [_key(m) for m in template if m.id and _key(m) not in catalogue]
    assert missing == [], f"run scripts/i18n.sh and translate: {missing}"
    for m in template:
        if m.id and m.pluralizable:
            assert catalogue[_key(m)].pluralizable, f"{_key(m)!r} lost its plural in {locale}"


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_every_translation_is_done_and_keeps_its_placeholders(locale: str) -> None:
    problems = []
    for m in _catalogue(locale):
        if not m.id:
            continue
        strings = _strings(m)
        if m.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {_key(m)!r}")
            continue
        wanted = _placeholders(_ids(m)[-1])
        for text in strings:
            if _placeholders(text) != wanted:
                problems.append(f"placeholders differ: {_key(m)!r} -> {text!r}")
    assert problems == []


@pytest.mark.parametrize("locale", list(LANGUAGES))
def test_every_translation_formats_like_its_msgid(locale: str) -> None:
    """A stray brace or percent sign would break the page at the moment it is shown."""
    for m in _catalogue(locale):
        if not m.id or m.fuzzy:  # a fuzzy guess is never shown; the test above lists it
            continue
        for text in _strings(m):
            if not text:
                continue
            # a plural's singular may leave out the count ("once"), its plural has it
            braces, percents = set(), set()
            for msgid in _ids(m):
                more_braces, more_percents = _placeholders(msgid)
                braces, percents = braces | more_braces, percents | more_percents
            from_template = any(path.startswith("web/templates/") for path, _ in m.locations)
            if percents or from_template:  # Jinja's new-style gettext always applies `%`
                text % dict.fromkeys(percents, "x")
            else:
                text.format(**dict.fromkeys(braces, "x"))


def test_plural_forms_follow_each_language() -> None:
    assert _catalogue("kk").num_plurals == 2
    assert _catalogue("ru").num_plurals == 3
    assert _catalogue("en").num_plurals == 2
    for locale in LANGUAGES:
        for m in _catalogue(locale):
            if m.id and m.pluralizable and any(_strings(m)):
                assert len(_strings(m)) == _catalogue(locale).num_plurals


def test_plural_choice_in_russian_uses_three_forms(tmp_path: Path) -> None:
    catalog = Catalog(locale="ru")
    catalog.add(("{n} lesson", "{n} lessons"), ("{n} урок", "{n} урока", "{n} уроков"), flags=())
    po = tmp_path / "messages.po"
    with po.open("wb") as fh:
        write_po(fh, catalog)
    ru = Translator("ru", load_translations(po, "ru"))
    forms = [ru.ngettext("{n} lesson", "{n} lessons", n).format(n=n) for n in (1, 3, 5, 21)]
    assert forms == ["1 урок", "3 урока", "5 уроков", "21 урок"]
    assert translator("en").ngettext("{n} lesson", "{n} lessons", 2) == "{n} lessons"


def test_negotiate_prefers_the_person_then_cookie_then_browser_then_school() -> None:
    browser = "en-US,en;q=0.9,ru;q=0.8"
    assert negotiate("kk", "ru", browser, "en") == "kk"
    assert negotiate(None, "ru", browser, "kk") == "ru"
    assert negotiate("", "", browser, "kk") == "en"
    assert negotiate(None, None, "fr-FR,de;q=0.9", "kk") == "kk"
    assert negotiate(None, None, None, None) == "ru"
    # a code we do not have is skipped, not obeyed
    assert negotiate("fr", "de", "kk-KZ", None) == "kk"
    assert negotiate(None, None, None, "tr") == "ru"


def test_accept_language_weights() -> None:
    assert accepted_languages("ru;q=0.5, kk;q=0.9, en;q=0.1") == ["kk", "ru", "en"]
    assert accepted_languages("en;q=0, ru") == ["ru"]  # q=0 refuses a language
    assert accepted_languages("kk-KZ, ru-RU;q=0.8, kk;q=0.7") == ["kk", "ru"]
    assert accepted_languages("ru;q=bad, en") == ["en"]
    assert accepted_languages("*, fr") == []
    assert accepted_languages("") == []


def test_a_domain_message_renders_in_kazakh_and_russian() -> None:
    text = message(N_("The school has no code."))
    assert translator("kk").render(text) == "Мектептің коды жоқ."
    assert translator("ru").render(text) == "У школы нет кода."
    assert translator("en").render(text) == "The school has no code."
    # the noun inside the sentence is translated too
    change = Change(entity="teacher", key="Т-14", action="created").message()
    assert translator("kk").render(change) == "Жаңа мұғалім: Т-14."
    assert translator("ru").render(change) == "Добавлено (учитель): Т-14."
    assert translator("ru").render(noun("room")) == "кабинет"
    # the solver's sentences use the same catalogue
    unplaced = msg("Lesson {lesson} is not placed", lesson="7А Алгебра")
    assert translator("kk").render(unplaced) == "7А Алгебра сабағы кестеге қойылмаған"


def test_an_unknown_locale_falls_back_to_russian() -> None:
    assert translator("fr").locale == "ru"
    assert translator(None).locale == "ru"
    assert translator("kk-KZ").locale == "kk"


def _environment() -> Environment:
    env = Environment(
        loader=DictLoader(
            {
                "page.html": (
                    "{{ _('Log in') }}|{{ _('Published: version %(n)s', n=version) }}|"
                    "{% trans %}Save{% endtrans %}|{{ who }}|{{ render(problem) }}"
                ),
                "plural.html": "{{ ngettext('%(num)s lesson', '%(num)s lessons', n) }}",
                "dates.html": (
                    "{{ day|format_date('long') }}|{{ day_name(0) }}|{{ 1234.5|format_number }}"
                ),
            }
        ),
        autoescape=select_autoescape(["html"]),
    )
    install_jinja(env)
    return env


def test_jinja_renders_in_the_language_of_the_render() -> None:
    env = _environment()
    page = env.get_template("page.html")
    values = {"version": 3, "who": "<b>Әсел</b>", "problem": message(N_("The school has no code."))}
    kk = page.render(lang="kk", **values)
    ru = page.render(lang="ru", **values)
    assert kk == "Кіру|Жарияланған: 3-нұсқа|Сақтау|&lt;b&gt;Әсел&lt;/b&gt;|Мектептің коды жоқ."
    assert ru == "Войти|Опубликовано: версия 3|Сохранить|&lt;b&gt;Әсел&lt;/b&gt;|У школы нет кода."
    with use_locale("kk"):  # without `lang` in the context, the request's language applies
        assert page.render(**values).startswith("Кіру|")
    assert page.render(**values).startswith("Войти|")  # the default outside any request


def test_jinja_plural_and_dates_follow_the_language() -> None:
    env = _environment()
    assert env.get_template("plural.html").render(lang="en", n=2) == "2 lessons"
    assert env.get_template("plural.html").render(lang="en", n=1) == "1 lesson"
    first_of_september = date(2025, 9, 1)
    kk = env.get_template("dates.html").render(lang="kk", day=first_of_september)
    ru = env.get_template("dates.html").render(lang="ru", day=first_of_september)
    assert "қыркүйек" in kk and "дүйсенбі" in kk
    assert "сентября" in ru and "понедельник" in ru
    assert kk.endswith("1\xa0234,5")


def test_day_and_month_names_in_kazakh() -> None:
    kk = translator("kk")
    assert [kk.day_name(d) for d in range(7)] == [
        "дүйсенбі",
        "сейсенбі",
        "сәрсенбі",
        "бейсенбі",
        "жұма",
        "сенбі",
        "жексенбі",
    ]
    assert kk.month_name(9) == "Қыркүйек"
    assert kk.format_date(date(2025, 9, 1), "long").endswith("1 қыркүйек")


def test_language_names_are_their_own() -> None:
    assert tuple(LANGUAGES) == ("kk", "ru", "en")
    assert dict(LANGUAGES) == {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def test_reload_reads_the_catalogues_again() -> None:
    before = translator("kk")
    i18n.reload_catalogues()
    assert translator("kk") is not before
    assert translator("kk").gettext("Log in") == "Кіру"


def test_names_sort_by_the_alphabet_of_the_language() -> None:
    names = [
        "Бауыржан",
        "Zhanna",
        "Әсел",
        "10А",
        "Ёлкин",
        "Асқар",
        "Елена",
        "Іңкәр",
        "Ыбырай",
        "9Б",
    ]
    kazakh = [
        "9Б",
        "10А",
        "Асқар",
        "Әсел",
        "Бауыржан",
        "Елена",
        "Ёлкин",
        "Ыбырай",
        "Іңкәр",
        "Zhanna",
    ]
    assert sorted(names, key=i18n.sort_key("kk")) == kazakh
    assert sorted(names, key=i18n.sort_key("ru")) == kazakh
    english = sorted(names, key=i18n.sort_key("en"))
    assert english[2] == "Zhanna" and english[3:] == kazakh[2:-1]
