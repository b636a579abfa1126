"""One iCalendar feed per person merging everything dated of theirs, behind a secret URL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from icalendar import Calendar, Event
from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template
from sqlmodel import Session, select

from models.accounts import CalendarToken, UserAccount
from models.base import utcnow
from models.db import read_scope, session_scope
from models.i18n import N_
from models.school import School
from web.auth import PUBLIC, SCHOOL_ROLES, require_school, require_viewer
from web.controllers.auth import Form
from web.controllers.calendar_feeds_items import FeedItem, person_items
from web.i18n import translator
from web.pages import flash, go, page, tr
from web.services.calendars import renew_token, token_for
from web.settings import get_web_settings

PERSON = "person"  # CalendarToken.kind of a person's merged feed (ref: the account id)
CATEGORIES = {
    "homework": N_("Homework"), "assessment": N_("Summative assessment"),
    "olympiad": N_("Olympiad"), "course": N_("Course"), "consultation": N_("Consultation"),
    "event": N_("School event"),
}  # fmt: skip


def _event(item: FeedItem, school_code: str, say: Any, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{item.uid}@{school_code}.sabaq")
    event.add("dtstamp", stamp)
    category = say(CATEGORIES[item.category])
    summary = f"{category}: {item.summary}" if item.summary else category
    event.add("summary", f"{summary} ({item.who})" if item.who else summary)
    event.add("dtstart", item.start)
    if item.end is not None:
        event.add("dtend", item.end)
    event.add("categories", [category])
    if item.description:
        event.add("description", item.description)
    return event


def person_feed(session: Session, *, token: str, today: date) -> bytes:
    """The merged feed of a token's account.

    Raises:
        NotFoundException: unknown or revoked token, or the account is gone.
    """
    row = session.exec(select(CalendarToken).where(CalendarToken.token == token)).first()
    if row is None or row.revoked_at is not None or row.kind != PERSON:
        raise NotFoundException()
    account = session.get(UserAccount, int(row.ref))
    school = session.get(School, row.school_id)
    if account is None or school is None or account.school_id != row.school_id:
        raise NotFoundException()
    if not account.active or account.deleted_at is not None:
        raise NotFoundException()
    say = translator(account.language or school.language).gettext
    calendar = Calendar()
    calendar.add("prodid", "-//Sabaq//calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{school.name}: {account.name}")
    stamp = utcnow().astimezone(UTC)
    for item in person_items(session, account, today):
        calendar.add_component(_event(item, school.code, say, stamp))
    return bytes(calendar.to_ical())


@get("/calendar/feed/{name:str}", opt={"roles": PUBLIC}, sync_to_thread=False,
     media_type="text/calendar")  # fmt: skip
def feed(name: FromPath[str]) -> Response[bytes]:
    """A person's merged feed: no login, the secret token is the key."""
    with read_scope() as db:
        body = person_feed(db, token=name.removesuffix(".ics"), today=date.today())
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"cache-control": "private, max-age=300"})  # fmt: skip


@get("/calendar/mine", opt={"roles": SCHOOL_ROLES}, sync_to_thread=False)
def mine(request: Request[Any, Any, Any]) -> Template:
    """The viewer's feed URL, with how to add it to a calendar app."""
    viewer = require_viewer(request)
    with session_scope() as db:
        token = token_for(db, school_id=require_school(viewer), kind=PERSON, ref=str(viewer.id))
        url = f"{get_web_settings().base_url}/calendar/feed/{token.token}.ics"
    webcal = url.replace("https://", "webcal://").replace("http://", "webcal://")
    return page(request, "lti/calendar_feed.html", url=url, webcal=webcal)


@post("/calendar/mine/renew", opt={"roles": SCHOOL_ROLES}, sync_to_thread=False)
def renew(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """A new secret URL for the viewer's feed; the old one stops working."""
    viewer = require_viewer(request)
    with session_scope() as db:
        renew_token(db, school_id=require_school(viewer), kind=PERSON, ref=str(viewer.id))
    flash(request, tr(request, "A new link is ready; the old one no longer works."), "ok")
    return go("/calendar/mine")


ROUTES = [feed, mine, renew]
