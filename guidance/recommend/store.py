"""The latest recommendations per student, kept as a compact summary (for lists and reports).

The reasons are not stored: `recommend` recomputes them in milliseconds, in the reader's
language. What is stored is what lists and aggregate reports need, with the hash of the inputs
it came from, so a changed profile, engine version or school figure is noticed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from sqlmodel import Session, select

from guidance.admissions.schemas import Admissions
from guidance.atlas.schemas import Atlas
from guidance.recommend.engine import VERSION, recommend
from guidance.recommend.schemas import ProfileInput, Recommendations
from models.base import utcnow
from models.guidance_atlas import RecommendationCache


def inputs_hash(profile: ProfileInput, figures_stamp: str = "") -> str:
    """A stable hash of the profile, the engine version and the school's figures' stamp."""
    raw = asdict(profile)
    raw["grades"] = sorted(dict(profile.grades).items())
    text = json.dumps([raw, VERSION, figures_stamp], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def summary_of(result: Recommendations) -> dict[str, Any]:
    """The parts of the recommendations that lists and reports use (no sentences)."""
    return {
        "complete": result.complete,
        "holland_code": result.holland_code,
        "professions": [[m.profession_id, m.score] for m in result.professions],
        "pairs": [p.pair_id for p in result.pairs],
        "groups": [g.code for g in result.groups],
        "universities": [[u.university_id, u.group_code, u.chance] for u in result.universities],
        "nu": bool(result.nu and result.nu.fits),
        "electives": [[e.course_id, e.difficulty, e.mode] for e in result.electives],
    }


def store_recommendations(
    session: Session, *, school_id: int, student_id: int, result: Recommendations, digest: str
) -> RecommendationCache:
    """Keep a student's latest recommendations (one row per student, replaced).

    Args:
        session: an open session.
        school_id: the student's school.
        student_id: the student.
        result: what `recommend` returned.
        digest: `inputs_hash` of the profile it was computed from.

    Returns:
        The row.
    """
    query = select(RecommendationCache).where(
        RecommendationCache.school_id == school_id, RecommendationCache.student_id == student_id
    )
    row = session.exec(query).first() or RecommendationCache(
        school_id=school_id, student_id=student_id, inputs_hash="", version=VERSION
    )
    summary = summary_of(result)
    row.inputs_hash, row.version, row.payload = digest, result.version, summary
    row.summary = " ".join(p for p, _ in summary["professions"])
    row.computed_at = utcnow()
    session.add(row)
    session.flush()
    return row


def latest_recommendations(
    session: Session, *, school_id: int, student_id: int
) -> RecommendationCache | None:
    """The stored summary of a student's recommendations in this school, if any."""
    query = select(RecommendationCache).where(
        RecommendationCache.school_id == school_id, RecommendationCache.student_id == student_id
    )
    return session.exec(query).first()


def recompute_school(
    session: Session, *, school_id: int, profiles: Iterable[tuple[int, ProfileInput]],
    atlas: Atlas, admissions: Admissions, figures_stamp: str = "",
) -> Mapping[str, int]:  # fmt: skip
    """Recommendations for every given student whose inputs changed since the last run.

    Args:
        session: an open session.
        school_id: the school.
        profiles: (student id, the student's engine input) pairs.
        atlas: the atlas; admissions: the school's admissions data.
        figures_stamp: changes when the school's figures change (e.g. figures_changed_at).

    Returns:
        {"computed": n, "unchanged": m}.
    """
    stored = {
        row.student_id: row.inputs_hash
        for row in session.exec(
            select(RecommendationCache).where(RecommendationCache.school_id == school_id)
        ).all()
    }
    computed = unchanged = 0
    for student_id, profile in profiles:
        digest = inputs_hash(profile, figures_stamp)
        if stored.get(student_id) == digest:
            unchanged += 1
            continue
        result = recommend(profile, atlas, admissions)
        store_recommendations(session, school_id=school_id, student_id=student_id,
                              result=result, digest=digest)  # fmt: skip
        computed += 1
    return {"computed": computed, "unchanged": unchanged}
