"""The scheduler's tick reminds students of tomorrow's consultations, once, in every school."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from models.outbox import Notice
from tests.guidance.test_work_consultations import SOON, _book, _slot
from tests.guidance.work_support import World
from tests.guidance.work_support import db as db
from tests.guidance.work_support import world as world
from web.jobs.consult_reminders import remind_consultations


def test_the_tick_reminds_once_a_day_before(db: Session, world: World) -> None:
    _book(db, world, _slot(db, world))
    db.commit()
    url = db.get_bind().engine.url.render_as_string(hide_password=False)
    almaty = ZoneInfo("Asia/Almaty")
    assert remind_consultations(url, SOON - timedelta(days=2), almaty) == 0  # too early
    almost = SOON - timedelta(hours=20)
    assert remind_consultations(url, almost, almaty) == 1
    assert remind_consultations(url, almost, almaty) == 1  # looked at again, not sent again
    db.expire_all()
    student = world.accounts["student"]
    mine = select(Notice).where(Notice.user_id == student, col(Notice.key).contains(":reminder:"))
    reminders = db.exec(mine).all()
    assert len(reminders) == 1  # in the student's language, from the web's catalogues
    assert "204" in reminders[0].body
