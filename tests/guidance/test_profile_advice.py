"""The profile as the recommendation engine's input: locked until the checklist is complete,
then professions with reasons, the UNT pair and universities; only what the reader may see."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from guidance.profile.access import Viewer
from guidance.profile.advice import advice_for, five_point, profile_input, subject_id
from guidance.profile.assemble import build_profile
from guidance.profile.sources import Academics, Outside, SubjectMark
from guidance.work.mock_tests import Sitting, record_class
from guidance.work.subjects import choose_subjects
from models.accounts import COUNSELLOR, TEACHER
from models.guidance import SHIPPED, SUBMITTED, InstrumentAssignment, InstrumentResponse
from tests.guidance.work_support import World
from tests.guidance.work_support import db as db
from tests.guidance.work_support import world as world

MARKS = (
    SubjectMark("Математика", "5", 92.0, 7), SubjectMark("Физика", "", 78.0, 5),
    SubjectMark("Информатика", "5", None, 4), SubjectMark("Дене шынықтыру", "", None, 0),
)  # fmt: skip


class Journal:
    def outside(self, *, school_id: int, student_id: int) -> Outside:
        return Outside(academics=Academics("2 term", MARKS))


def _took(db: Session, w: World, key: str, scores: dict[str, float], summary: dict) -> None:
    a = InstrumentAssignment(
        school_id=w.school_id, instrument_key=key, instrument_version="1", origin=SHIPPED,
        target_kind="student", student_id=w.students[0],
    )  # fmt: skip
    db.add(a)
    db.flush()
    db.add(InstrumentResponse(
        school_id=w.school_id, assignment_id=a.id or 0, student_id=w.students[0],
        instrument_key=key, instrument_version="1", status=SUBMITTED,
        submitted_at=datetime.now(UTC), scores=scores, summary=summary,
    ))  # fmt: skip
    db.flush()


def test_marks_and_subject_names_map_to_the_engines_terms() -> None:
    assert [five_point(m) for m in MARKS] == [5.0, 4.0, 5.0, None]
    assert five_point(SubjectMark("x", "", 39.9)) == 2.0
    assert subject_id("  МАТЕМАТИКА ") == "math"
    assert subject_id("Физика") == "physics"
    assert subject_id("Пение") is None


def test_recommendations_unlock_with_the_checklist(db: Session, world: World) -> None:
    me, counsellor = world.students[0], Viewer(world.accounts["counsellor"], "c", COUNSELLOR)
    # an investigative-realistic student with mathematics and physics
    _took(db, world, "riasec", {"R": 30, "I": 38, "A": 10, "S": 12, "E": 14, "C": 25},
          {"top": ["I", "R", "C"], "code": "IRC"})  # fmt: skip
    locked = build_profile(db, school_id=world.school_id, student_id=me, viewer=counsellor,
                           sources=Journal())  # fmt: skip
    assert advice_for(locked).unlocked is False and advice_for(locked).result is None
    choose_subjects(db, school_id=world.school_id, student_id=me, first="math", second="physics",
                    user_id=1)  # fmt: skip
    unt = {"history_kz": 15, "reading_literacy": 8, "math_literacy": 8, "profile_1": 42,
           "profile_2": 38}  # fmt: skip
    record_class(db, school_id=world.school_id, class_id=world.class_11a, kind="unt",
                 taken_on=date(2025, 12, 1), entered_by=None,
                 sittings={me: Sitting(unt, ["math", "physics"])})  # fmt: skip
    profile = build_profile(db, school_id=world.school_id, student_id=me, viewer=counsellor,
                            sources=Journal())  # fmt: skip
    given = profile_input(profile)
    assert given.grades == {"math": 5.0, "physics": 4.0, "informatics": 5.0}
    assert given.profile_subjects == ("math", "physics") and given.unt_mock_total == 111.0
    assert given.riasec is not None and given.riasec.i == 38.0 and given.grade == 11
    advice = advice_for(profile)
    assert advice.unlocked and advice.result is not None
    result = advice.result
    assert len(result.professions) >= 3
    assert all(p.reasons for p in result.professions[:3])
    assert result.holland_code.startswith("IR")
    chosen = [p for p in result.pairs if p.chosen]
    assert [p.subjects for p in chosen] == [("math", "physics")]
    assert result.universities  # with the mock total against their thresholds


def test_a_class_teachers_view_gives_the_engine_no_instrument(db: Session, world: World) -> None:
    _took(db, world, "riasec", {"R": 30, "I": 38, "A": 10, "S": 12, "E": 14, "C": 25}, {})
    teacher = Viewer(world.accounts["class_teacher"], "t", TEACHER,
                     teacher_id=world.class_teacher_id)  # fmt: skip
    profile = build_profile(db, school_id=world.school_id, student_id=world.students[0],
                            viewer=teacher, sources=Journal())  # fmt: skip
    assert profile_input(profile).riasec is None
    assert profile.audience.recommendations is False
