"""Term grades for a whole school: 1,000 students, a full year of grades (about 200,000).

    python -m bench.journal_grades [--students 1000] [--subjects 10] [--seed 1]
                                   [--url DATABASE_URL]

Builds a fresh store (a temporary SQLite file; with SABAQ_TEST_POSTGRES_URL set, the same again
in a fresh PostgreSQL database, dropped afterwards; or the empty database at --url): 40 classes
of 25 (grades 1-11, so grade-1 classes get levels), 10 subjects (PE pass/fail), 4 terms; per
class, subject and term 4 ФО, 1 СОР and 1 СОЧ (no СОЧ in term 1 for half the subjects), about
5 % of grades missing (absent). Grades are written with executemany, not timed. Then, timed,
each with its commit:

- the term grades of the whole school for each term, computed the first time (inserts);
- the same again with nothing changed (reads and compares only);
- again after the school changes its rules (СОР as the mean of percents: every row rewritten);
- the year grades of the whole school;
- one teacher's grade entry through `set_grade` (which recomputes that student's term and year
  grade in the subject), median and max of 50.

Issue 6's target: a term-grade recomputation for the whole school < 5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, select

import models.tables  # noqa: F401 - every table in the metadata
from bench.postgres import drop_postgres, fresh_postgres
from journal import recompute_term_grades, recompute_year_grades, save_rule_set, set_grade
from models.classes import SchoolClass
from models.curriculum import Subject
from models.db import dispose_engines, get_engine
from models.journal import Assessment, FinalGrade, Grade
from models.people import Student
from models.school import AcademicYear, School, Term

TARGET_S = 5.0
TERMS = (
    ("1 четверть", date(2026, 9, 1), date(2026, 10, 26)),
    ("2 четверть", date(2026, 11, 3), date(2026, 12, 28)),
    ("3 четверть", date(2027, 1, 8), date(2027, 3, 19)),
    ("4 четверть", date(2027, 3, 30), date(2027, 5, 25)),
)
SUBJECTS = ("MATH", "KAZ", "RUS", "ENG", "HIST", "BIO", "PHYS", "CHEM", "GEO", "PE", "INF", "ART")
RULES = {"preset": "kz-criteria", "pass_fail": {"subjects": ["PE"]}}


@dataclass
class Built:
    school_id: int
    year_id: int
    term_ids: list[int]
    grades: int
    assessments: int
    students: list[tuple[int, int]]  # (student id, class id)


def build(session: Session, *, students: int, subjects: int, rng: random.Random) -> Built:
    school = School(code="BENCH", name="Бенчмарк мектебі", city="Астана")
    session.add(school)
    session.flush()
    sid = school.id or 0
    year = AcademicYear(
        school_id=sid, name="2026-2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 8, 31)
    )
    session.add(year)
    session.flush()
    terms = [
        Term(school_id=sid, academic_year_id=year.id or 0, name=n, starts_on=a, ends_on=b)
        for n, a, b in TERMS
    ]
    classes = [
        SchoolClass(school_id=sid, code=f"{1 + i % 11}-{i}", grade=1 + i % 11, shift="1", size=25)
        for i in range((students + 24) // 25)
    ]
    subject_rows = [Subject(school_id=sid, code=c, name=c) for c in SUBJECTS[:subjects]]
    session.add_all([*terms, *classes, *subject_rows])
    session.flush()
    people = [
        Student(
            school_id=sid, code=f"S{i}", name=f"Оқушы {i:04d}", class_id=classes[i // 25].id or 0
        )
        for i in range(students)
    ]
    session.add_all(people)
    session.flush()
    save_rule_set(session, school_id=sid, name="bench", rules=RULES, actor="bench")
    members: dict[int, list[int]] = {}
    for p in people:
        members.setdefault(p.class_id, []).append(p.id or 0)
    n_grades, n_assessments = _assessments_and_grades(
        session, sid, terms, classes, subject_rows, members, rng
    )
    session.commit()
    return Built(
        sid,
        year.id or 0,
        [t.id or 0 for t in terms],
        n_grades,
        n_assessments,
        [(p.id or 0, p.class_id) for p in people],
    )


def _assessments_and_grades(
    session: Session,
    sid: int,
    terms: list[Term],
    classes: list[SchoolClass],
    subjects: list[Subject],
    members: dict[int, list[int]],
    rng: random.Random,
) -> tuple[int, int]:
    plan = [
        {
            "school_id": sid,
            "class_id": klass.id,
            "subject_id": subject.id,
            "kind": kind,
            "day": day,
            "title": "",
            "section": "",
            "max_points": maximum,
        }
        for t_index, term in enumerate(terms)
        for klass in classes
        for s_index, subject in enumerate(subjects)
        for kind, maximum, day in _term_plan(term, with_soch=not (t_index == 0 and s_index % 2))
    ]
    session.execute(insert(Assessment), plan)
    rows = session.execute(
        select(Assessment.id, Assessment.class_id, Assessment.kind, Assessment.max_points).where(
            Assessment.school_id == sid
        )
    ).all()
    grades = [
        {
            "school_id": sid,
            "assessment_id": assessment_id,
            "student_id": student_id,
            "value": _value(rng, kind, maximum),
            "comment": "",
        }
        for assessment_id, class_id, kind, maximum in rows
        for student_id in members.get(class_id, [])
        if rng.random() >= 0.05  # else away that day
    ]
    for start in range(0, len(grades), 20_000):
        session.execute(insert(Grade), grades[start : start + 20_000])
    return len(grades), len(rows)


def _term_plan(term: Term, *, with_soch: bool) -> list[tuple[str, float, date]]:
    """4 ФО and a СОР spread over the term, then the СОЧ (kind, maximum, day)."""
    kinds = [("fo", 10.0)] * 4 + [("sor", 20.0)] + ([("soch", 25.0)] if with_soch else [])
    span = (term.ends_on - term.starts_on).days
    start = term.starts_on.toordinal()
    return [
        (kind, maximum, date.fromordinal(start + span * (n + 1) // (len(kinds) + 1)))
        for n, (kind, maximum) in enumerate(kinds)
    ]


def _value(rng: random.Random, kind: str, maximum: float) -> float:
    if kind == "fo":  # a 10-point mark, mostly 6-8
        return float(rng.choices(range(1, 11), weights=(1, 1, 2, 4, 6, 8, 9, 8, 6, 4))[0])
    return float(round(rng.betavariate(4, 2) * maximum))  # points, about 67 % on average


def timed(url: str, work: Callable[[Session], Any]) -> tuple[float, Any]:
    with Session(get_engine(url), expire_on_commit=False) as session:
        started = time.perf_counter()
        result = work(session)
        session.commit()
        return time.perf_counter() - started, result


def run(url: str, label: str, args: argparse.Namespace) -> list[str]:
    rng = random.Random(args.seed)
    SQLModel.metadata.create_all(get_engine(url))
    started = time.perf_counter()
    with Session(get_engine(url), expire_on_commit=False) as session:
        b = build(session, students=args.students, subjects=args.subjects, rng=rng)
    print(
        f"[{label}] built in {time.perf_counter() - started:.1f} s: {len(b.students)} students, "
        f"{b.assessments:,} assessments, {b.grades:,} grades"
    )
    lines: list[str] = []

    def whole_term(term_id: int) -> Callable[[Session], int]:
        return lambda s: recompute_term_grades(s, school_id=b.school_id, term_id=term_id)

    for phase in ("first (inserts)", "again, unchanged", "after a rule change (updates)"):
        if phase.startswith("after"):
            timed(
                url,
                lambda s: save_rule_set(
                    s,
                    school_id=b.school_id,
                    name="mean of percents",
                    rules={**RULES, "sections": {"combine": "mean_percent"}},
                    actor="bench",
                ),
            )
        times, count = [], 0
        for term_id in b.term_ids:
            seconds, count = timed(url, whole_term(term_id))
            times.append(seconds)
        lines.append(
            f"| {label} | term grades, {phase} | {count:,} per term | "
            f"{statistics.median(times):.2f} | {max(times):.2f} |"
        )
    seconds, count = timed(
        url, lambda s: recompute_year_grades(s, school_id=b.school_id, academic_year_id=b.year_id)
    )
    lines.append(f"| {label} | year grades | {count:,} | {seconds:.2f} | {seconds:.2f} |")
    lines.append(_single_entries(url, b, rng, label))
    with Session(get_engine(url)) as session:
        total = session.exec(select(func.count()).select_from(FinalGrade)).one()
    print(f"[{label}] final grade rows: {total:,}")
    return lines


def _single_entries(url: str, b: Built, rng: random.Random, label: str) -> str:
    with Session(get_engine(url)) as session:
        fo = session.exec(
            select(Assessment).where(
                Assessment.school_id == b.school_id,
                Assessment.kind == "fo",
                Assessment.day >= TERMS[1][1],
                Assessment.day <= TERMS[1][2],
            )
        ).all()
    times = []
    for _ in range(50):
        assessment = rng.choice(fo)
        student = rng.choice([s for s, c in b.students if c == assessment.class_id])
        work = partial(
            set_grade,
            school_id=b.school_id,
            assessment_id=assessment.id or 0,
            student_id=student,
            value=rng.randint(1, 10),
            actor="bench",
        )
        seconds, _ = timed(url, work)
        times.append(seconds * 1000)
    return (
        f"| {label} | one grade entered (`set_grade`, with that student's term and year "
        f"grade), ms | 50 | {statistics.median(times):.1f} | {max(times):.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--subjects", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", default="", help="an empty database instead of the temp stores")
    args = parser.parse_args()
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    lines = ["| store | what | rows | median s | max s |", "|---|---|---:|---:|---:|"]
    if args.url:
        lines += run(args.url, make_url(args.url).get_backend_name(), args)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            lines += run(f"sqlite:///{Path(tmp) / 'bench.db'}", "SQLite", args)
            dispose_engines()
        base = os.environ.get("SABAQ_TEST_POSTGRES_URL", "")
        if base:
            url = fresh_postgres(base)
            try:
                lines += run(url, "PostgreSQL", args)
            finally:
                drop_postgres(base, url)
    print(
        f"load average after {os.getloadavg()[0]:.1f}; target: a whole-school term < {TARGET_S} s"
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
