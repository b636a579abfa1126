"""The two stores' queries over the index: SQLite FTS5 and PostgreSQL full-text search.

Ranking every match costs time in proportion to the matches (bm25 and ts_rank score each row),
so a word found in tens of thousands of steps would cost far too much. Below `DENSE` matches the
search ranks them all; above it, it takes the title matches and then the other matches, each
newest first, which both stores read straight from their index without scoring anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Float, Integer, column, func, literal_column, table, text
from sqlalchemy.sql.selectable import Select, Subquery
from sqlmodel import Session, col

from models.search import BODY_WEIGHT, COURSE, LESSON, TASK, TITLE_WEIGHT, SearchDoc

DENSE = 500
Stmt = TypeVar("Stmt", bound=Select[Any])
Groups = Sequence[Sequence[str]]
_FTS = table("search_fts", column("rowid"), column("search_fts"))


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def match_query(
    groups: Groups, dialect: str, *, scope: Sequence[str] = (), titles: bool = False
) -> str:
    """The store's query text: every group, each one of its prefixes.

    Args:
        groups: per query word, the prefixes that may stand for it (letters and digits only).
        dialect: "sqlite" (an FTS5 MATCH expression) or "postgresql" (a tsquery).
        scope: SQLite: scope tokens a row must have one of (the student's courses and modules).
        titles: only rows whose title matches.

    Returns:
        The query; terms are quoted, so nothing in them is read as the store's syntax.
    """
    clean = [[t for t in group if t.isalnum()] for group in groups]
    clean = [group for group in clean if group]
    tokens = [t for t in scope if t.isalnum()]
    if dialect != "sqlite":
        label = "A" if titles else ""
        query = " & ".join("(" + " | ".join(f"'{t}':*{label}" for t in g) + ")" for g in clean)
        return f"({query}) & (" + " | ".join(f"'{t}'" for t in tokens) + ")" if tokens else query
    query = " AND ".join("(" + " OR ".join(f'"{t}"*' for t in g) + ")" for g in clean)
    if titles:
        query = f"title_terms : ({query})"
    if tokens:
        query = f"({query}) AND scope_terms : (" + " OR ".join(f'"{t}"' for t in tokens) + ")"
    return query


def dense(session: Session, groups: Groups, scope: Sequence[str]) -> bool:
    """Whether more than DENSE rows match (read from the index: nothing is scored)."""
    if _sqlite(session):
        probe = text(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH :q ORDER BY rowid DESC "
            "LIMIT 1 OFFSET :n"
        )
        q = match_query(groups, "sqlite", scope=scope)
    else:
        probe = text(
            "SELECT id FROM search_doc WHERE tsv @@ to_tsquery('simple', :q) LIMIT 1 OFFSET :n"
        )
        q = match_query(groups, "postgresql")
    return session.execute(probe, {"q": q, "n": DENSE}).first() is not None


def ranked(session: Session, groups: Groups, scope: Sequence[str], *, titles: bool) -> Subquery:
    """The matching rows with their rank (lower is better), as a subquery (doc_id, rank).

    Args:
        session: an open session; on SQLite the index must be ready.
        groups: per query word, the prefixes that may stand for it.
        scope: SQLite: the scope tokens a row must have one of (none: every row).
        titles: only rows whose title matches.
    """
    if _sqlite(session):
        query = text(
            f"SELECT rowid AS doc_id, bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}, 0) AS rank "
            "FROM search_fts WHERE search_fts MATCH :q"
        ).bindparams(q=match_query(groups, "sqlite", scope=scope, titles=titles))
    else:
        # weights {D, C, B, A}: titles (A) count ten times the text (B); rank / (1 + log(length))
        query = text(
            f"SELECT d.id AS doc_id, -ts_rank('{{0, 0, {BODY_WEIGHT / TITLE_WEIGHT}, 1}}', "
            "d.tsv, q.query, 1) AS rank FROM search_doc d, to_tsquery('simple', :q) AS q(query) "
            "WHERE d.tsv @@ q.query"
        ).bindparams(q=match_query(groups, "postgresql", titles=titles))
    return query.columns(doc_id=Integer, rank=Float).subquery("search_match")


def newest(
    session: Session, statement: Stmt, groups: Groups, scope: Sequence[str], *, titles: bool
) -> Stmt:
    """`statement` (a select from search_doc) kept to matching rows, newest first, unscored
    (only rows whose title matches, with `titles`).

    SQLite reads FTS5 in rowid order and stops at the statement's limit. PostgreSQL walks the
    rows by id and checks their vectors, or, for a student (a scope: a few courses, maybe far
    back), takes the matches of the scope from the GIN index and sorts them; for titles it
    looks among the rows that have one (courses, lessons, tasks: a step's title is empty),
    since a weighted query ('word':*A) makes GIN read every matching row.
    """
    if _sqlite(session):
        q = match_query(groups, "sqlite", scope=scope, titles=titles)
        return (
            statement.join(_FTS, _FTS.c.rowid == col(SearchDoc.id))
            .where(_FTS.c.search_fts.op("MATCH")(q))
            .order_by(_FTS.c.rowid.desc())
        )
    query = func.to_tsquery("simple", match_query(groups, "postgresql", scope=scope))
    if titles:
        statement = statement.where(col(SearchDoc.kind).in_((COURSE, LESSON, TASK)))
    # "id + 0" is no longer the primary key's order: the planner then reads the GIN index
    order = (col(SearchDoc.id) + 0) if scope else col(SearchDoc.id)
    return statement.where(literal_column("search_doc.tsv").op("@@")(query)).order_by(order.desc())
