"""The virtual expert's full-text search: an in-memory SQLite FTS5 index of our own data.

Built once per process from the atlas and the admissions data (a few hundred documents, tens of
milliseconds). Questions match on stems and prefixes, in any of the three languages, whatever
language the page is in; titles weigh more than bodies.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from functools import cache

from guidance.admissions.loader import shipped_admissions
from guidance.assistant.documents import Document, documents
from guidance.assistant.text import indexed, words
from guidance.atlas.loader import shipped_atlas

TITLE_WEIGHT, BODY_WEIGHT = 8.0, 1.0
LIMIT = 10
MIN_PREFIX = 2  # a one-letter word matches too much to be worth a prefix search


@dataclass(frozen=True, slots=True)
class Hit:
    document: Document
    rank: float


class ExpertIndex:
    """Documents in an FTS5 table; safe to share between threads (one lock)."""

    def __init__(self, docs: list[Document]) -> None:
        self.docs = docs
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE doc USING fts5(title, body, "
            "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4')"
        )
        self._db.executemany(
            "INSERT INTO doc (rowid, title, body) VALUES (?, ?, ?)",
            [
                (i, indexed(" ".join([d.label, *d.title.all()])), indexed(d.text))
                for i, d in enumerate(docs)
            ],
        )

    def _query(self, expression: str, limit: int) -> list[Hit]:
        sql = (
            "SELECT rowid, bm25(doc, ?, ?) AS r FROM doc WHERE doc MATCH ? "
            "ORDER BY r, rowid LIMIT ?"
        )
        with self._lock:
            rows = self._db.execute(sql, (TITLE_WEIGHT, BODY_WEIGHT, expression, limit)).fetchall()
        return [Hit(self.docs[rowid], rank) for rowid, rank in rows]

    def search(self, question: str, limit: int = LIMIT) -> list[Hit]:
        """The documents that answer a question best: all its words first, then any of them.

        Args:
            question: what the reader typed (Kazakh, Russian or English; ё or е).
            limit: at most this many hits.

        Returns:
            Hits, best first; empty for a question without words.
        """
        terms = [self._term(w) for w in dict.fromkeys(words(question, question=True))]
        terms = [t for t in terms if t]
        if not terms:
            return []
        hits = self._query(" AND ".join(terms), limit)
        if not hits and len(terms) > 1:
            hits = self._query(" OR ".join(terms), limit)
        return hits

    @staticmethod
    def _term(word: str) -> str:
        quoted = '"' + word.replace('"', "") + '"'
        # the whole word or a word it begins; a whole-word match counts twice, so it ranks first
        return f"({quoted} OR {quoted}*)" if len(word) >= MIN_PREFIX else quoted


@cache
def shipped_index() -> ExpertIndex:
    """The index of the shipped atlas and admissions data (built once per process)."""
    return ExpertIndex(documents(shipped_atlas(), shipped_admissions()))
