"""Search over 100,000 steps (issue 8: p95 < 50 ms), on SQLite and on PostgreSQL.

    python -m bench.lms_search                               # SQLite, 100,000 steps
    python -m bench.lms_search --postgres "$SABAQ_TEST_POSTGRES_URL"
    python -m bench.lms_search --steps 20000 --queries 200   # a quicker look
    python -m bench.lms_search --keep /tmp/search.db         # built once, measured again

One school gets `--courses` courses of 50 lessons each, their steps (text, single and multiple
choice, fill in the blanks) written with the words of "Python: first steps" in Kazakh and
Russian: each step draws ~60 words per language at random, the frequent words of the real
course more often (Zipf), so common words match tens of thousands of steps and rare ones a few.
Rows are written with executemany (not timed); then the index is built as the first search
does it (`refresh`, timed). A query is what the page does without HTTP: the staleness check
and the search in a read scope, as a teacher (every course) and as a student (10 courses
opened to the class). Queries: word forms of the course's Russian words (their stems find
other forms), the first 5-7 letters of its Kazakh words, English words, two-word queries, and
"переменных" / "айнымал".
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from bench.postgres import drop_postgres, fresh_postgres
from lms.courses.content import read_folder
from lms.courses.opening import open_course
from lms.courses.starter import CONTENT
from lms.search import refresh, search, stale
from models.account_services import create_account
from models.accounts import STUDENT, TEACHER, UserAccount
from models.classes import SchoolClass
from models.db import dispose_engines, get_engine, normalize_url, read_scope, session_scope
from models.lms import Course, CourseLesson, CourseModule, CourseStep, CourseVersion
from models.migrate import upgrade_database
from models.people import Student
from models.school import School
from tests.search.helpers import Who

TARGET_MS = 50.0
LESSONS, MODULES = 50, 5
WORD = re.compile(r"[^\W\d_]{3,}")


def vocabulary() -> dict[str, list[tuple[str, int]]]:
    """The starter course's words per language with their counts, most frequent first."""
    data = read_folder(CONTENT / "python-first-steps")
    counts: dict[str, Counter[str]] = {"kk": Counter(), "ru": Counter(), "en": Counter()}

    def walk(value: Any, lang: str | None = None) -> None:
        if isinstance(value, str) and lang in counts:
            counts[lang].update(WORD.findall(value))
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, key if key in counts else lang)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, lang)

    for lesson in data.lessons.values():
        walk(lesson.table)
        walk(lesson.steps)
    return {lang: c.most_common() for lang, c in counts.items()}


class Writer:
    """Random texts by language, frequent words more often (weights 1 / rank)."""

    def __init__(self, words: dict[str, list[tuple[str, int]]], seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = {lang: [w for w, _ in found] for lang, found in words.items() if found}
        self.weights = {
            lang: [1 / (r + 1) for r in range(len(w))] for lang, w in self.words.items()
        }

    def text(self, lang: str, n: int) -> str:
        chosen = self.rng.choices(self.words[lang], self.weights[lang], k=n)
        return " ".join(chosen).capitalize() + "."

    def both(self, n: int) -> dict[str, str]:
        return {"kk": self.text("kk", n), "ru": self.text("ru", n)}


def _body(writer: Writer, kind: str) -> dict[str, Any]:
    if kind == "text":
        return {"file": "t", "texts": writer.both(60)}
    if kind == "blanks":
        blank = {k: f"{v} {{{{print}}}}" for k, v in writer.both(25).items()}
        return {"text": blank, "answers": [["print"]]}
    options = [{**writer.both(4), "correct": n == 0} for n in range(4)]
    return {"question": writer.both(15), "options": options}


def build(db: Session, courses: int, seed: int) -> tuple[int, Who, Who, int]:
    """The school, a teacher, a student whose class has 10 courses opened; the step count."""
    writer = Writer(vocabulary(), seed)
    school = School(code="BENCH", name="Bench school", city="Алматы")
    db.add(school)
    db.flush()
    sid = school.id or 0
    klass = SchoolClass(school_id=sid, code="7А", grade=7, shift="1", size=25)
    db.add(klass)
    db.flush()
    person = Student(school_id=sid, code="S1", name="Әлихан", class_id=klass.id or 0)
    db.add(person)
    db.flush()
    pupil = create_account(db, school_id=sid, login="s1", name="Әлихан", role=STUDENT,
                           password="bench-search-1", student_id=person.id)  # fmt: skip
    teacher = create_account(db, school_id=sid, login="t1", name="Мұғалім", role=TEACHER,
                             password="bench-search-1")  # fmt: skip
    steps = 0
    kinds = ["text"] * 8 + ["single"] * 6 + ["multiple"] * 3 + ["blanks"] * 3
    for c in range(courses):
        course = Course(school_id=sid, slug=f"c{c}", title=writer.both(3))
        db.add(course)
        db.flush()
        version = CourseVersion(school_id=sid, course_id=course.id or 0, number=1)
        db.add(version)
        db.flush()
        course.current_version_id = version.id
        rows: list[dict[str, Any]] = []
        for m in range(MODULES):
            module = CourseModule(school_id=sid, version_id=version.id or 0, position=m + 1,
                                  slug=f"m{m}", title=writer.both(3))  # fmt: skip
            db.add(module)
            db.flush()
            for n in range(LESSONS // MODULES):
                lesson = CourseLesson(
                    school_id=sid, version_id=version.id or 0, module_id=module.id or 0,
                    position=m * 10 + n + 1, slug=f"l{m}-{n}", title=writer.both(3),
                )  # fmt: skip
                db.add(lesson)
                db.flush()
                for p, kind in enumerate(kinds, 1):
                    rows.append({"school_id": sid, "version_id": version.id, "lesson_id": lesson.id,
                                 "position": p, "key": f"l{m}-{n}/{kind}-{p}", "kind": kind,
                                 "points": 0, "body": _body(writer, kind)})  # fmt: skip
        db.execute(insert(CourseStep), rows)
        version.steps = len(rows)
        steps += len(rows)
        if c < 10:
            open_course(db, school_id=sid, course_id=course.id or 0, class_id=klass.id or 0,
                        starts_on=date(2026, 9, 1))  # fmt: skip
    db.commit()
    return sid, Who(teacher.id or 0, TEACHER), Who(pupil.id or 0, STUDENT, person.id), steps


def queries(n: int, seed: int) -> list[str]:
    """Russian word forms, Kazakh prefixes, English words, pairs, and the issue's two examples."""
    words = vocabulary()
    rng = random.Random(seed)
    ru = [w for w, _ in words["ru"]]
    kk = [w for w, _ in words["kk"] if len(w) >= 6]
    en = [w for w, _ in words["en"]] or ["print"]
    out = ["переменных", "айнымал"]
    while len(out) < n:
        pick = rng.random()
        if pick < 0.35:
            out.append(rng.choice(ru).lower())
        elif pick < 0.7:
            word = rng.choice(kk)
            out.append(word[: rng.randint(5, min(7, len(word)))].lower())
        elif pick < 0.8:
            out.append(rng.choice(en).lower())
        else:
            out.append(f"{rng.choice(ru).lower()} {rng.choice(ru).lower()}")
    return out


def measure(url: str, sid: int, who: Who, asked: list[str]) -> dict[str, Any]:
    """Each query as the page runs it (staleness check, then the search), in milliseconds."""
    times, hits = [], []
    for typed in asked:
        start = time.perf_counter()
        with read_scope(url) as db:
            assert not stale(db, school_id=sid)
            found = search(db, sid, who, typed, 8)
        times.append((time.perf_counter() - start) * 1000)
        hits.append(len(found.hits))
    ordered = sorted(times)
    return {
        "role": who.role,
        "queries": len(times),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
        "with_hits": sum(1 for h in hits if h),
        "slowest": [asked[i] for i in sorted(range(len(times)), key=times.__getitem__)[-3:]],
    }


def _built(db: Session) -> tuple[int, Who, Who, int] | None:
    """The bench school of a kept store (--keep), or None when the store is new."""
    school = db.exec(select(School).where(School.code == "BENCH")).first()
    if school is None:
        return None
    accounts = {
        a.login: a for a in db.exec(select(UserAccount).where(UserAccount.school_id == school.id))
    }
    steps = db.exec(select(func.count()).select_from(CourseStep)).one()
    pupil = accounts["s1"]
    return (school.id or 0, Who(accounts["t1"].id or 0, TEACHER),
            Who(pupil.id or 0, STUDENT, pupil.student_id), int(steps))  # fmt: skip


def run(url: str, courses: int, n_queries: int, seed: int) -> dict[str, Any]:
    upgrade_database(url)
    start = time.perf_counter()
    with Session(get_engine(url), expire_on_commit=False) as db:
        sid, teacher, pupil, steps = _built(db) or build(db, courses, seed)
    built = time.perf_counter() - start
    start = time.perf_counter()
    with session_scope(url) as db:
        refresh(db, school_id=sid)
    indexed = time.perf_counter() - start
    asked = queries(n_queries, seed)
    measure(url, sid, teacher, asked[:20])  # warm the caches and the connection pool
    results = [measure(url, sid, who, asked) for who in (teacher, pupil)]
    return {
        "store": get_engine(url).dialect.name,
        "steps": steps,
        "build_s": round(built, 1),
        "index_s": round(indexed, 1),
        "results": results,
        "target_ms": TARGET_MS,
        "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }


def _postgres(base: str, keep: Path | None) -> str:
    """A fresh database on the server, or the kept one (made when missing)."""
    if keep is None:
        return fresh_postgres(base)
    url = make_url(normalize_url(base)).set(database=keep.name)
    with get_engine(base).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if not conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": keep.name}
        ).first():
            conn.execute(text(f'CREATE DATABASE "{keep.name}"'))
    return url.render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100_000, help="about this many steps")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default="", help="a PostgreSQL server URL (else SQLite)")
    parser.add_argument("--keep", type=Path,
                        help="built once and kept: a SQLite file, or with --postgres a database "
                             "name on that server")  # fmt: skip
    args = parser.parse_args()
    courses = max(1, round(args.steps / (LESSONS * 20)))
    with tempfile.TemporaryDirectory(prefix="sabaq-search-bench-") as tmp:
        store = args.keep.resolve() if args.keep else Path(tmp) / "store.db"
        url = _postgres(args.postgres, args.keep) if args.postgres else f"sqlite:///{store}"
        try:
            report = run(url, courses, args.queries, args.seed)
        finally:
            dispose_engines()
            if args.postgres and not args.keep:
                drop_postgres(args.postgres, url)
    for line in report["results"]:
        verdict = "met" if line["p95_ms"] < TARGET_MS else "MISSED"
        head = f"{report['store']} {report['steps']} steps, {line['role']}"
        print(f"{head}: {line['queries']} queries, p50 {line['p50_ms']} ms, p95 {line['p95_ms']}"
              f" ms ({verdict}), max {line['max_ms']} ms; slowest {line['slowest']}")  # fmt: skip
    print(f"built in {report['build_s']} s, indexed in {report['index_s']} s, "
          f"load {report['loadavg']}")  # fmt: skip
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
