"""The yearly programme (template copied in the school's language, edited, done, completion),
methodical materials (links and files) and the news feed."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from guidance.work.errors import WorkError, WorkNotFound
from guidance.work.library import (
    NewsDraft,
    add_file,
    add_link,
    add_news,
    get_material,
    list_materials,
    materials_dir,
    news_feed,
    remove_news,
)
from guidance.work.programme import (
    add_item,
    completion,
    copy_template,
    copy_year,
    month_day,
    school_year,
    set_done,
    year_items,
)
from guidance.work.programme_template import TEMPLATE
from models.guidance_work import CAREER, PSYCHOLOGY
from models.settings import get_settings
from tests.guidance.work_support import World
from tests.guidance.work_support import db as db
from tests.guidance.work_support import world as world

KAZAKH = {
    "RIASEC interest inventory and individual results for each student":
        "RIASEC қызығушылық сауалнамасы және әр оқушының нәтижесі",
}  # fmt: skip


def test_the_template_covers_grades_5_to_11_in_both_tracks() -> None:
    cells = {(t.grade, t.track) for t in TEMPLATE}
    assert cells == {(g, t) for g in range(5, 12) for t in (CAREER, PSYCHOLOGY)}
    assert len({t.key for t in TEMPLATE}) == len(TEMPLATE)
    assert all(t.month in (9, 10, 11, 12, 1, 2, 3, 4, 5) for t in TEMPLATE)
    # the example: 8th grade, RIASEC diagnostics in October
    assert any(t.grade == 8 and t.month == 10 and "RIASEC" in t.title for t in TEMPLATE)


def test_school_year_and_its_months() -> None:
    assert school_year(date(2026, 11, 27)) == 2026
    assert school_year(date(2027, 3, 1)) == 2026
    assert month_day(2026, 10) == date(2026, 10, 1)
    assert month_day(2026, 2) == date(2027, 2, 1)


def test_copy_edit_done_and_completion(db: Session, world: World) -> None:
    sid = world.school_id
    added = copy_template(db, school_id=sid, year=2026, translate=lambda t: KAZAKH.get(t, t))
    assert added == len(TEMPLATE)
    assert copy_template(db, school_id=sid, year=2026, translate=str) == 0  # once
    eighth = year_items(db, school_id=sid, year=2026, grade=8, track=CAREER)
    assert eighth[0].month == 10  # the school year starts in September
    assert "RIASEC қызығушылық сауалнамасы және әр оқушының нәтижесі" in [i.title for i in eighth]
    own = add_item(db, school_id=sid, year=2026, grade=8, track=CAREER, month=11,
                   title="Колледжге экскурсия")  # fmt: skip
    with pytest.raises(WorkError) as bad:
        add_item(db, school_id=sid, year=2026, grade=4, track="music", month=13, title=" ")
    assert len(bad.value.messages) == 4
    for item in eighth[:2]:
        set_done(db, school_id=sid, item_id=item.id or 0, done=True, user_id=1)
    with pytest.raises(WorkNotFound):
        set_done(db, school_id=world.other_school_id, item_id=own.id or 0, done=True, user_id=1)
    lines = completion(db, school_id=sid, year=2026, today=date(2026, 12, 1))
    grade8 = next(c for c in lines if (c.grade, c.track) == (8, CAREER))
    # October and December template items plus the school's own November one; two done
    assert (grade8.planned, grade8.done) == (len(eighth) + 1, 2)
    # by 1 December, September to November are over: the November item is overdue
    assert grade8.overdue == 1
    total = lines[-1]
    assert (total.grade, total.track) == (None, None)
    assert (total.planned, total.done) == (len(TEMPLATE) + 1, 2)
    assert copy_year(db, school_id=sid, from_year=2026, to_year=2027) == len(TEMPLATE) + 1
    assert not any(i.done for i in year_items(db, school_id=sid, year=2027))
    with pytest.raises(WorkError):
        copy_year(db, school_id=sid, from_year=2026, to_year=2027)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    saved = os.environ.get("SABAQ_DATA_DIR")
    os.environ["SABAQ_DATA_DIR"] = str(tmp_path / "data")
    get_settings.cache_clear()
    yield tmp_path / "data"
    if saved is None:
        os.environ.pop("SABAQ_DATA_DIR", None)
    else:
        os.environ["SABAQ_DATA_DIR"] = saved
    get_settings.cache_clear()


def test_materials_links_and_files_by_grade(db: Session, world: World, data_dir: Path) -> None:
    sid, user = world.school_id, world.accounts["counsellor"]
    link = add_link(db, school_id=sid, title="Атлас профессий", track=CAREER, grades=[8, 9, 99],
                    url="https://atlas.example.kz", description="", user_id=user)  # fmt: skip
    assert link.grades == [8, 9]
    made = add_file(db, school_id=sid, title="Алгоритм беседы", track=PSYCHOLOGY, grades=[],
                    file_name="беседа.pdf", data=b"%PDF-1.4", content_type="application/pdf",
                    description="", user_id=user)  # fmt: skip
    assert (materials_dir(sid) / made.stored_as).read_bytes() == b"%PDF-1.4"
    assert str(materials_dir(sid)).startswith(str(data_dir))
    with pytest.raises(WorkError) as bad:
        add_file(db, school_id=sid, title="", track=CAREER, grades=[], file_name="x.exe",
                 data=b"", content_type="", description="", user_id=user)  # fmt: skip
    assert len(bad.value.messages) == 3
    with pytest.raises(WorkError):
        add_link(db, school_id=sid, title="x", track=CAREER, grades=[], url="javascript:alert(1)",
                 description="", user_id=user)  # fmt: skip
    assert [m.title for m in list_materials(db, school_id=sid, grade=10)] == ["Алгоритм беседы"]
    assert len(list_materials(db, school_id=sid, grade=9)) == 2
    assert [m.title for m in list_materials(db, school_id=sid, track=CAREER)] == ["Атлас профессий"]
    with pytest.raises(WorkNotFound):
        get_material(db, school_id=world.other_school_id, material_id=made.id or 0)


def test_news_feed_by_day_grade_and_topic(db: Session, world: World) -> None:
    sid, user = world.school_id, world.accounts["counsellor"]
    today = date(2026, 11, 27)
    unt = NewsDraft("unt", "ҰБТ-2027: тіркеу басталды", published_on=date(2026, 11, 20),
                    grades=(11,))  # fmt: skip
    add_news(db, school_id=sid, user_id=user, draft=unt)
    add_news(db, school_id=sid, user_id=user, draft=NewsDraft(
        "professions", "IT-мамандықтар", published_on=date(2026, 11, 25)))  # fmt: skip
    later = add_news(db, school_id=sid, user_id=user, draft=NewsDraft(
        "universities", "Ашық есік күні", published_on=date(2026, 12, 5)))  # fmt: skip
    assert [n.title for n in news_feed(db, school_id=sid, today=today, grade=11)] == [
        "IT-мамандықтар", "ҰБТ-2027: тіркеу басталды",
    ]  # fmt: skip
    assert [n.title for n in news_feed(db, school_id=sid, today=today, grade=9)] == [
        "IT-мамандықтар"
    ]
    assert len(news_feed(db, school_id=sid, today=today, drafts=True)) == 3
    assert [n.topic for n in news_feed(db, school_id=sid, today=today, topic="unt")] == ["unt"]
    remove_news(db, school_id=sid, news_id=later.id or 0)
    assert len(news_feed(db, school_id=sid, today=today, drafts=True)) == 2
    assert news_feed(db, school_id=world.other_school_id, today=today) == []
    with pytest.raises(WorkError) as bad:
        add_news(db, school_id=sid, user_id=user, draft=NewsDraft("gossip", " ", link="ftp://x"))
    assert len(bad.value.messages) == 3
