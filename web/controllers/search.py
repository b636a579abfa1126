"""Search (/search): courses, lessons, steps and tasks the viewer may see, as a page and as JSON
for the search box's list of suggestions while typing."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import Template

from lms.search import Hit, Results, refresh, search, snippet, stale
from lms.search.text import Query, marked
from models.accounts import SCHOOL_ADMIN, STUDENT, TEACHER
from models.db import read_scope, session_scope
from models.i18n import N_
from web.auth import Viewer, require_school, require_viewer
from web.pages import page, request_locale, tr

SEARCHERS = {"roles": (STUDENT, TEACHER, SCHOOL_ADMIN)}
PAGE_HITS, SUGGESTED = 30, 8
MAX_QUERY = 200
KINDS = {
    "course": N_("Course"),
    "lesson": N_("Lesson"),
    "step": N_("Step"),
    "task": N_("Programming task"),
}
Pieces = list[tuple[str, bool]]


def found(request: Request[Any, Any, Any], query: str, limit: int) -> Results:
    """The viewer's hits, after bringing the school's index up to the current versions.

    Checking costs one query; indexing (a new course version, an edited task) is done in a
    write transaction of its own only when something is missing.
    """
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with read_scope() as db:
        missing = bool(stale(db, school_id=school_id))
    if missing:
        with session_scope() as db:
            refresh(db, school_id=school_id)
    with read_scope() as db:
        return search(db, school_id, viewer, query[:MAX_QUERY], limit)


def _in(texts: dict[str, str], lang: str) -> str:
    """A text in the reader's language, else in any language it has."""
    return texts.get(lang) or next((t for t in texts.values() if t), "")


def _matched_text(texts: dict[str, str], lang: str, query: Query) -> str:
    """The text to cut a snippet from: the reader's language if a word matched there, else a
    language where one did (a Russian word found in a Kazakh reader's course), else the
    reader's."""
    ordered = [lang, *sorted(k for k in texts if k != lang)]
    for key in ordered:
        if any(hit for _, hit in marked(texts.get(key, ""), query)):
            return texts[key]
    return _in(texts, lang)


def url_of(hit: Hit, viewer: Viewer) -> str:
    """Where a hit opens: the course page (staff: the course's own page), the lesson at the
    step, the task in the IDE."""
    if hit.kind == "task":
        return f"/tasks/{hit.task_id}"
    if hit.kind == "course":
        staff = viewer.role in (TEACHER, SCHOOL_ADMIN)
        return f"/courses/{hit.course_id}" if staff else f"/learn/courses/{hit.course_id}"
    step = f"?step={hit.position}" if hit.position else ""
    return f"/learn/lessons/{hit.lesson_id}{step}"


def view(request: Request[Any, Any, Any], hit: Hit, query: Query) -> dict[str, Any]:
    """A hit as the page and the JSON show it: pieces of text with the matched words marked."""
    lang = request_locale(request)
    viewer = require_viewer(request)
    title = _matched_text(hit.title, lang, query)
    where = _in(hit.course, lang)
    if hit.position:
        step = tr(request, N_("step %(n)s")) % {"n": hit.position}
        where = f"{where} · {step}" if where else step
    text = _matched_text(hit.texts, lang, query) if hit.texts else ""
    return {
        "kind": hit.kind,
        "label": tr(request, KINDS[hit.kind]),
        "url": url_of(hit, viewer),
        "title": marked(title, query) if title else [("—", False)],
        "where": where,
        "snippet": snippet(text, query) if text else [],
    }


@get("/search", opt=SEARCHERS, sync_to_thread=False)
def search_page(request: Request[Any, Any, Any], q: FromQuery[str] = "") -> Template:
    """The search page: the form and, for a query, what was found (works without a script)."""
    results = found(request, q, PAGE_HITS) if q.strip() else None
    hits = [view(request, h, results.query) for h in results.hits] if results else []
    return page(request, "search/index.html", q=q, hits=hits, searched=results is not None)


@get("/search/suggest", opt=SEARCHERS, sync_to_thread=False)
def suggest(request: Request[Any, Any, Any], q: FromQuery[str] = "") -> dict[str, Any]:
    """The first hits while typing, for the search box's list (JSON; pieces are plain text)."""
    results = found(request, q, SUGGESTED) if q.strip() else None
    hits = [view(request, h, results.query) for h in results.hits] if results else []
    return {
        "q": q,
        "hits": hits,
        "empty": tr(request, N_("Nothing found.")) if results is not None and not hits else "",
        "all": tr(request, N_("All results")),
    }


ROUTES = [search_page, suggest]
