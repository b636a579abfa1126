"""The search index: one row per searchable thing, matched by SQLite FTS5 or PostgreSQL.

Rows hold *analysed* terms (folded, stemmed words separated by spaces, made by lms.search), so
both back-ends index the same words and answer the same query alike:

- SQLite: an FTS5 table `search_fts` over the rows (external content, kept in step by triggers).
  It is not part of the metadata (Alembic and `create_all` know no virtual tables, and the
  migration test compares the database with the metadata), so `ensure_index` creates it on first
  use and rebuilds it whenever its triggers are missing (a restore recreates `search_doc`).
- PostgreSQL: the `tsv` column (to_tsvector('simple', terms), titles weighted A, the scope's
  tokens D) with a GIN index, filled when rows are written. On SQLite `tsv` stays empty and
  its index is empty too (a partial index WHERE 0), so one metadata serves both stores.

Queries are built in lms.search.backends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Index, Text, bindparam, delete, insert, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlmodel import Field, Session, SQLModel, col, select

# SearchDoc.kind
COURSE, LESSON, STEP, TASK = "course", "lesson", "step", "task"
COURSE_KINDS: tuple[str, ...] = (COURSE, LESSON, STEP)
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0  # bm25 column weights (PostgreSQL: weights A and B)

# A document's scope, from its own columns: its school; for a course's rows the course, and the
# course's top (the course row) or the lesson's module (hex of the slug: letters and digits only,
# as the tokenizer keeps them); "task" for tasks. A student's query keeps to their scope, so FTS5
# never ranks what they may not see.
_SCOPE = (
    "CASE WHEN {p}.kind = 'task' THEN 'task s' || coalesce({p}.school_id, 0) "
    "ELSE 's' || coalesce({p}.school_id, 0) || ' c' || {p}.source_id || ' c' || {p}.source_id "
    "|| CASE WHEN {p}.kind = 'course' THEN 'top' ELSE 'm' || hex({p}.module) END END"
)
_FTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title_terms, body_terms, scope_terms, "
    "content='search_doc_fts', content_rowid='id', tokenize='unicode61 remove_diacritics 0', "
    "prefix='2 3 4 5 6')"  # prefix queries read one list instead of merging every word's
)
_FTS_OBJECTS = ("search_doc_fts", "search_fts", "search_doc_ai", "search_doc_ad", "search_doc_au")
_INSERT = (
    "INSERT INTO search_fts(rowid, title_terms, body_terms, scope_terms) VALUES "
    "(new.id, new.title_terms, new.body_terms, " + _SCOPE.format(p="new") + ");"
)
_DELETE = (
    "INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms, scope_terms) VALUES "
    "('delete', old.id, old.title_terms, old.body_terms, " + _SCOPE.format(p="old") + ");"
)
_FTS_DDL = (
    "CREATE VIEW search_doc_fts AS SELECT id, title_terms, body_terms, "
    + _SCOPE.format(p="search_doc")
    + " AS scope_terms FROM search_doc",
    _FTS,
    f"CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN {_INSERT} END",
    f"CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN {_DELETE} END",
    f"CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN {_DELETE} {_INSERT} END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
)
# PostgreSQL: titles weighted A, texts B, and the scope's tokens (as SQLite's, the module's
# slug in hex) weighted D, which ranking counts for nothing
_PG_SCOPE = (
    "CASE WHEN kind = 'task' THEN 'task s' || coalesce(school_id, 0) "
    "ELSE 's' || coalesce(school_id, 0) || ' c' || source_id || ' c' || source_id "
    "|| CASE WHEN kind = 'course' THEN 'top' "
    "ELSE 'm' || encode(convert_to(module, 'UTF8'), 'hex') END END"
)
_PG_VECTOR = (
    "setweight(to_tsvector('simple', title_terms), 'A') || "
    "setweight(to_tsvector('simple', body_terms), 'B') || "
    f"setweight(to_tsvector('simple', {_PG_SCOPE}), 'D')"
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
    """Whether the store can answer queries (on SQLite: the FTS5 table as this code defines it,
    its content view and its triggers exist).

    Args:
        session: an open session (reading is enough).

    Returns:
        True on PostgreSQL; on SQLite, True once `ensure_index` has run on this database.
    """
    if not _is_sqlite(session):
        return True
    # the schema's version changes with every CREATE and DROP (a restore, ensure_index): while
    # it stays, the answer does (searches then skip reading sqlite_master)
    key = str(session.get_bind().engine.url)
    version = session.execute(text("PRAGMA schema_version")).scalar()
    known = _READY.get(key)
    if known is not None and known[0] == version:
        return known[1]
    names = ", ".join(f"'{name}'" for name in _FTS_OBJECTS)
    found = dict(
        session.execute(text(f"SELECT name, sql FROM sqlite_master WHERE name IN ({names})")).all()
    )
    ready = len(found) == len(_FTS_OBJECTS) and found["search_fts"] == _FTS
    _READY[key] = (version, ready)
    return ready


_READY: dict[str, tuple[Any, bool]] = {}  # database -> (schema version, index ready)


def ensure_index(session: Session) -> bool:
    """Creates (or re-creates) SQLite's FTS5 table, its view and triggers, filled from the rows.

    Args:
        session: a session that may write.

    Returns:
        True when it had to build the index, False when it was ready.
    """
    if index_ready(session):
        return False
    for name in _FTS_OBJECTS[2:]:
        session.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    session.execute(text("DROP TABLE IF EXISTS search_fts"))
    session.execute(text("DROP VIEW IF EXISTS search_doc_fts"))
    for statement in _FTS_DDL:
        session.execute(text(statement))
    return True


def update_statistics(session: Session) -> None:
    """PostgreSQL: ANALYZE the index's table after many rows changed, so the next searches are
    planned with its real sizes (before autovacuum gets to it, a fresh table is planned as if
    empty: seconds instead of milliseconds). SQLite plans without statistics.

    Args:
        session: a session that may write.
    """
    if not _is_sqlite(session):
        session.execute(text("ANALYZE search_doc"))


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
