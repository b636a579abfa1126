"""The search index: one row per searchable thing, matched by SQLite FTS5 or PostgreSQL.

Rows hold *analysed* terms (folded, stemmed words separated by spaces, made by lms.search), so
both back-ends index the same words and answer the same query alike:

- SQLite: an FTS5 table `search_fts` over the rows (external content, kept in step by triggers).
  It is not part of the metadata (Alembic and `create_all` know no virtual tables, and the
  migration test compares the database with the metadata), so `ensure_index` creates it on first
  use and rebuilds it whenever its triggers are missing (a restore recreates `search_doc`).
- PostgreSQL: the `tsv` column (to_tsvector('simple', terms), titles weighted A) with a GIN
  index, filled when rows are written. On SQLite `tsv` stays empty and its index is empty too
  (a partial index WHERE 0), so one metadata serves both stores.

A query is a list of word groups; a row matches when every group has one of its prefixes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Float, Index, Integer, Text, bindparam, delete, insert, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.sql.selectable import Subquery
from sqlmodel import Field, Session, SQLModel, col, select

# SearchDoc.kind
COURSE, LESSON, STEP, TASK = "course", "lesson", "step", "task"
COURSE_KINDS: tuple[str, ...] = (COURSE, LESSON, STEP)
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0  # bm25 column weights (PostgreSQL: weights A and B)

_FTS_OBJECTS = ("search_fts", "search_doc_ai", "search_doc_ad", "search_doc_au")
_FTS_DDL = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title_terms, body_terms, content='search_doc', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN INSERT INTO search_fts"
    "(rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms); END",
    "CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN INSERT INTO search_fts"
    "(search_fts, rowid, title_terms, body_terms) VALUES "
    "('delete', old.id, old.title_terms, old.body_terms); END",
    "CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN INSERT INTO search_fts"
    "(search_fts, rowid, title_terms, body_terms) VALUES "
    "('delete', old.id, old.title_terms, old.body_terms); INSERT INTO search_fts"
    "(rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
)
_PG_VECTOR = (
    "setweight(to_tsvector('simple', title_terms), 'A') || "
    "setweight(to_tsvector('simple', body_terms), 'B')"
)


class SearchDoc(SQLModel, table=True):
    """One searchable thing: a course, a lesson, a step (of a course version) or a task.

    `source_id` and `version` say what it was made from: a course id and its version's id, or a
    task id and the task's version; a row whose version is no longer current is never shown.
    """

    __tablename__ = "search_doc"
    __table_args__ = (
        Index("ix_search_doc_source", "kind", "source_id", "version"),
        Index("ix_search_doc_tsv", "tsv", postgresql_using="gin", sqlite_where=text("0")),
    )

    id: int | None = Field(default=None, primary_key=True)
    # None: a platform task (shared by every school)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    kind: str
    source_id: int
    version: int
    module: str = ""  # the module's slug (a student may see only some modules)
    lesson_id: int | None = None
    step_id: int | None = None
    position: int = 0  # the step's place in its lesson, from 1
    title_terms: str = Field(default="", sa_type=Text)
    body_terms: str = Field(default="", sa_type=Text)
    tsv: str | None = Field(default=None, sa_type=Text().with_variant(TSVECTOR(), "postgresql"))


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def index_ready(session: Session) -> bool:
    """Whether the store can answer queries (on SQLite: the FTS5 table and its triggers exist).

    Args:
        session: an open session (reading is enough).

    Returns:
        True on PostgreSQL; on SQLite, True once `ensure_index` has run on this database.
    """
    if not _is_sqlite(session):
        return True
    names = ", ".join(f"'{name}'" for name in _FTS_OBJECTS)
    found = session.execute(text(f"SELECT count(*) FROM sqlite_master WHERE name IN ({names})"))
    return int(found.scalar_one()) == len(_FTS_OBJECTS)


def ensure_index(session: Session) -> bool:
    """Creates (or re-creates) SQLite's FTS5 table and triggers and fills it from the rows.

    Args:
        session: a session that may write.

    Returns:
        True when it had to build the index, False when it was ready.
    """
    if index_ready(session):
        return False
    for statement in ("DROP TABLE IF EXISTS search_fts", *_FTS_DDL):
        if statement.startswith("CREATE TRIGGER"):
            name = statement.split()[2]
            session.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        session.execute(text(statement))
    return True


def replace_docs(
    session: Session, *, kinds: Sequence[str], source_id: int, rows: Iterable[dict[str, Any]]
) -> int:
    """Replaces every row of one source (a course's or a task's) with `rows`.

    Args:
        session: a session that may write (the caller commits); on SQLite the index must exist.
        kinds: the kinds the source's rows have (COURSE_KINDS, or (TASK,)).
        source_id: the course's or task's id.
        rows: SearchDoc columns as dicts (no `id`, no `tsv`).

    Returns:
        How many rows were written.
    """
    remove_docs(session, kinds=kinds, source_ids=[source_id])
    batch = list(rows)
    if batch:
        session.execute(insert(SearchDoc), batch)
    if batch and not _is_sqlite(session):
        session.execute(
            text(
                f"UPDATE search_doc SET tsv = {_PG_VECTOR} "
                "WHERE kind IN :kinds AND source_id = :source AND tsv IS NULL"
            ).bindparams(bindparam("kinds", expanding=True)),
            {"kinds": list(kinds), "source": source_id},
        )
    return len(batch)


def remove_docs(session: Session, *, kinds: Sequence[str], source_ids: Sequence[int]) -> None:
    """Deletes the rows of these sources (courses' or tasks')."""
    if source_ids:
        session.execute(
            delete(SearchDoc).where(
                col(SearchDoc.kind).in_(kinds), col(SearchDoc.source_id).in_(source_ids)
            )
        )


def indexed_versions(session: Session, *, kind: str, source_ids: Sequence[int]) -> dict[int, int]:
    """The version each source is indexed at (sources without rows are missing)."""
    if not source_ids:
        return {}
    rows = session.exec(
        select(SearchDoc.source_id, SearchDoc.version)
        .where(SearchDoc.kind == kind, col(SearchDoc.source_id).in_(source_ids))
        .distinct()
    ).all()
    return dict(rows)


def match_query(groups: Sequence[Sequence[str]], dialect: str) -> str:
    """The back-end's query text: every group, each one of its prefixes.

    Args:
        groups: per query word, the prefixes that may stand for it (letters and digits only).
        dialect: "sqlite" (an FTS5 MATCH expression) or "postgresql" (a tsquery).

    Returns:
        The query; terms are quoted, so nothing in them is read as the back-end's syntax.
    """
    clean = [[t for t in group if t.isalnum()] for group in groups]
    clean = [group for group in clean if group]
    if dialect == "sqlite":
        return " AND ".join("(" + " OR ".join(f'"{t}"*' for t in g) + ")" for g in clean)
    return " & ".join("(" + " | ".join(f"'{t}':*" for t in g) + ")" for g in clean)


def matches(session: Session, groups: Sequence[Sequence[str]]) -> Subquery:
    """The rows matching the groups with their rank (lower is better), as a subquery.

    Args:
        session: an open session (reading is enough); on SQLite the index must be ready.
        groups: per query word, the prefixes that may stand for it.

    Returns:
        A subquery with columns `doc_id` and `rank`, to join to search_doc and filter.
    """
    if _is_sqlite(session):
        query = text(
            f"SELECT rowid AS doc_id, bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rank "
            "FROM search_fts WHERE search_fts MATCH :q"
        ).bindparams(q=match_query(groups, "sqlite"))
    else:
        # weights {D, C, B, A}: titles (A) count ten times the text (B); rank / (1 + log(length))
        query = text(
            f"SELECT d.id AS doc_id, -ts_rank('{{0, 0, {BODY_WEIGHT / TITLE_WEIGHT}, 1}}', "
            "d.tsv, q.query, 1) AS rank FROM search_doc d, to_tsquery('simple', :q) AS q(query) "
            "WHERE d.tsv @@ q.query"
        ).bindparams(q=match_query(groups, "postgresql"))
    return query.columns(doc_id=Integer, rank=Float).subquery("search_match")
