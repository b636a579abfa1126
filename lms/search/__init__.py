"""Search across a school's courses, lessons, steps and programming tasks (issue 8).

`search(session, school_id, viewer, query, limit)` answers from the index in `models.search`
(SQLite FTS5, or PostgreSQL full-text search); `stale` / `refresh` bring the index to the
current versions before a search (see lms.search.index for why that is the whole hook).
"""

from __future__ import annotations

from lms.search.index import Staleness, index_course, index_task, refresh, stale
from lms.search.service import Hit, Results, Searcher, search
from lms.search.text import Query, marked, parse_query, snippet

__all__ = [
    "Hit",
    "Query",
    "Results",
    "Searcher",
    "Staleness",
    "index_course",
    "index_task",
    "marked",
    "parse_query",
    "refresh",
    "search",
    "snippet",
    "stale",
]
