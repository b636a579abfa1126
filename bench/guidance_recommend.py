"""Recommendations for a whole school of 1,000 generated profiles, timed.

Run: python -m bench.guidance_recommend.

Target (issue 9): recomputed in < 10 s. Measures the pure engine (every profile, reasons
included), then recompute_school into a fresh SQLite store (summaries written), then a second
recompute with nothing changed (every profile skipped by its inputs hash).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from guidance.admissions.loader import shipped_admissions
from guidance.atlas.loader import shipped_atlas
from guidance.recommend import KlimovScores, ProfileInput, RiasecScores, recommend
from guidance.recommend.store import recompute_school
from models.classes import SchoolClass
from models.db import dispose_engines, get_engine
from models.migrate import upgrade_database
from models.people import Student
from models.school import School

SUBJECTS = ("math", "physics", "chemistry", "biology", "geography", "informatics",
            "world_history", "foreign_language", "kazakh_language", "history_kz")  # fmt: skip
PAIRS = (("math", "physics"), ("math", "informatics"), ("biology", "chemistry"),
         ("world_history", "law"), ("geography", "foreign_language"), ())  # fmt: skip


def profiles(n: int, seed: int = 1) -> list[ProfileInput]:
    """`n` varied, complete-looking profiles (the same ones for the same seed)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(ProfileInput(
            grade=rng.choice((8, 9, 10, 11)),
            riasec=RiasecScores(*(rng.randint(8, 40) for _ in range(6))),
            klimov=KlimovScores(*(rng.randint(0, 8) for _ in range(5))),
            grades={s: round(rng.uniform(2.8, 5.0), 1) for s in rng.sample(SUBJECTS, 7)},
            profile_subjects=rng.choice(PAIRS),
            unt_mock_total=rng.choice((None, *range(45, 135, 5))),
            perception=rng.choice(("audio", "visual", "hands_on", None)),
            english_level=rng.choice(("A2", "B1", "B2", "C1", None)),
            self_direction=rng.choice((None, 0.2, 0.5, 0.8)),
        ))  # fmt: skip
    return out


def _school(db: Session, n: int) -> tuple[int, list[int]]:
    school = School(code="BENCH", name="Bench school")
    db.add(school)
    db.flush()
    klass = SchoolClass(school_id=school.id or 0, code="11A", grade=11, shift="1", size=n)
    db.add(klass)
    db.flush()
    students = [Student(school_id=school.id or 0, code=f"S{i}", name=f"Student {i}",
                        class_id=klass.id or 0) for i in range(n)]  # fmt: skip
    db.add_all(students)
    db.commit()
    return school.id or 0, [s.id or 0 for s in students]


QUESTIONS = ("программист", "врач", "бағдарламашы", "дәрігерлер", "B057", "казну", "грант",
             "какие предметы сдавать на врача", "мұнай", "Болашак", "учитель математики", "IELTS",
             "нефтян", "engineer", "архитектура", "мал дәрігері")  # fmt: skip


def expert() -> None:
    """The virtual expert: building its index once, then questions as the box sends them."""
    from guidance.assistant.documents import documents
    from guidance.assistant.expert import ask
    from guidance.assistant.search import ExpertIndex

    atlas, data = shipped_atlas(), shipped_admissions()
    start = time.perf_counter()
    index = ExpertIndex(documents(atlas, data))
    print(f"expert index: {len(index.docs)} documents in {time.perf_counter() - start:.2f} s")
    times = []
    for _ in range(20):
        for q in QUESTIONS:
            for typed in range(3, len(q) + 1, 3):  # as typed, a few letters at a time
                t = time.perf_counter()
                ask(q[:typed], atlas, data, index)
                times.append(time.perf_counter() - t)
    times.sort()
    print(
        f"expert: {len(times)} questions, p50 {statistics.median(times) * 1000:.2f} ms, "
        f"p95 {times[int(0.95 * len(times))] * 1000:.2f} ms, max {times[-1] * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000)
    args = parser.parse_args()
    start = time.perf_counter()
    atlas, data = shipped_atlas(), shipped_admissions()
    print(f"data loaded in {time.perf_counter() - start:.2f} s "
          f"({len(atlas.professions)} professions)")  # fmt: skip
    inputs = profiles(args.profiles)
    each = []
    start, cpu = time.perf_counter(), time.process_time()
    for profile in inputs:
        t = time.perf_counter()
        recommend(profile, atlas, data)
        each.append(time.perf_counter() - t)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    each.sort()
    print(f"engine: {len(inputs)} profiles in {total:.2f} s ({cpu:.2f} s of CPU); per profile p50 "
          f"{statistics.median(each) * 1000:.1f} ms, p95 {each[int(0.95 * len(each))] * 1000:.1f}"
          f" ms, max {each[-1] * 1000:.1f} ms")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade_database(url)
        with Session(get_engine(url)) as db:
            school_id, students = _school(db, len(inputs))
            pairs = list(zip(students, inputs, strict=True))
            for label in ("recompute_school (all stored)", "recompute_school (none changed)"):
                start, cpu = time.perf_counter(), time.process_time()
                counts = recompute_school(db, school_id=school_id, profiles=pairs, atlas=atlas,
                                          admissions=data)  # fmt: skip
                db.commit()
                print(
                    f"{label}: {time.perf_counter() - start:.2f} s "
                    f"({time.process_time() - cpu:.2f} s of CPU) {dict(counts)}"
                )
        dispose_engines()
    expert()


if __name__ == "__main__":
    main()
