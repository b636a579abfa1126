"""The guide's files: every role in every language, the same sections, and every mapped section."""

from __future__ import annotations

from litestar import Litestar

from tests.web.test_authorization import _handlers
from web.app import create_app
from web.help import GUIDE_ROLES, HELP_LANGUAGES, PAGE_SECTIONS, guide, search_guide, tour
from web.help.context import FALLBACK, section_for
from web.help.guide import HERE, split_sections


def test_every_role_has_a_guide_and_a_tour_in_every_language() -> None:
    for role in GUIDE_ROLES:
        for lang in HELP_LANGUAGES:
            assert (HERE / lang / f"{role}.md").exists(), (role, lang)
            assert (HERE / lang / "tour" / f"{role}.md").exists(), (role, lang)
            book = guide(role, lang)
            assert {FALLBACK, "support", "account"} <= book.ids, (role, lang)
            assert 3 <= len(tour(role, lang)) <= 5, (role, lang)
            for section in book.sections:
                assert section.title and section.html.strip(), (role, lang, section.id)


def test_the_three_languages_have_the_same_sections_in_the_same_order() -> None:
    for role in GUIDE_ROLES:
        english = [s.id for s in guide(role, "en").sections]
        for lang in ("kk", "ru"):
            assert [s.id for s in guide(role, lang).sections] == english, (role, lang)
            assert [s.id for s in tour(role, lang)] == [s.id for s in tour(role, "en")]


def test_kazakh_and_russian_guides_are_not_english() -> None:
    for role in GUIDE_ROLES:
        for lang in ("kk", "ru"):
            text = " ".join(s.source for s in guide(role, lang).sections)
            cyrillic = sum("а" <= c.lower() <= "я" or c in "әғқңөұүһі" for c in text)
            assert cyrillic > len(text) / 3, (role, lang)
        assert any("ә" in s.source or "қ" in s.source for s in guide(role, "kk").sections), role


def test_every_section_the_map_names_exists_for_some_role() -> None:
    every = set().union(*(guide(r, "en").ids for r in GUIDE_ROLES))
    for prefix, sections in PAGE_SECTIONS.items():
        assert set(sections) <= every, prefix


# Pages that open a role's overview on purpose: the pages before logging in, the public school
# site and the app's plumbing for everyone, the timetables that are the specialists' start page,
# and a few pages a role only reaches through a link (a scoreboard, a certificate, the atlas).
DELIBERATE = (
    "/login",
    "/register",
    "/password",
    "/manifest",
    "/sw.js",
    "/schema",
    "/s/",
    # addresses for machines and one-time links, not pages a person reads
    "/lti/login",
    "/lti/jwks.json",
    "/lti/enter",
    "/calendar/feed",
)
ROLE_DELIBERATE = {
    "psychologist": ("/timetables", "/my/timetable", "/exports", "/calendar", "/ical"),
    "counsellor": ("/timetables", "/my/timetable", "/exports", "/calendar", "/ical"),
    "platform_admin": ("/ical",),
    "timetabler": ("/atlas", "/admissions", "/expert"),
}
LINKED = ("/learn/leaderboard", "/certificates", "/contests", "/learn", "/registers/files")


def test_every_get_route_of_every_role_has_a_section_in_three_languages() -> None:
    app: Litestar = create_app()
    unexplained = []
    for path, method, handler in _handlers(app):
        roles = handler.opt["roles"]
        if method != "GET":
            continue
        for role in GUIDE_ROLES if roles == "public" else roles:
            section = section_for(role, path)
            for lang in HELP_LANGUAGES:
                assert section in guide(role, lang).ids, (path, role, lang)
            deliberate = DELIBERATE + ROLE_DELIBERATE.get(role, ()) + LINKED
            if section == FALLBACK and path != "/" and not path.startswith(deliberate):
                unexplained.append((role, path))
    assert unexplained == []


def test_context_sections_for_known_pages() -> None:
    assert section_for("teacher", "/registers/2026-11-20/3/1") == "register"
    assert section_for("school_admin", "/office/data/settings") == "data"
    assert section_for("school_admin", "/office/versions/2") == "timetable"
    assert section_for("parent", "/cases") == FALLBACK  # not a parent's page
    assert section_for("student", "/tasks/4") == "learn"
    assert section_for("school_admin", "/support/queue") == "support-queue"
    assert section_for("teacher", "/support/queue") == "support"


def test_sections_split_and_render_safely() -> None:
    sections = split_sections(
        "intro\n## One {#one}\nText <script>x</script> [a](javascript:alert(1))\n## Two {#two}\n- b"
    )
    assert [s.id for s in sections] == ["one", "two"]
    assert "<script>" not in sections[0].html and 'href="javascript' not in sections[0].html
    assert "<li>b</li>" in sections[1].html


def test_search_finds_by_word_prefixes_in_each_language() -> None:
    assert search_guide("teacher", "en", "homework")[0].id in {"register", "start"}
    assert "register" in [s.id for s in search_guide("teacher", "ru", "посещаемост")]
    assert "register" in [s.id for s in search_guide("teacher", "kk", "журнал")]
    assert search_guide("teacher", "en", "zzzz nothing") == []
    assert search_guide("teacher", "en", "  ") == []
