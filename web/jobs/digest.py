"""Scheduled notices about published covers: the morning digest and the reminder to a substitute.

Both read what a publication told (`CoverPlan.meta["published"]`, written by
`substitutions.publish`: per cover its sentence and its readers), so they repeat exactly what
people were told, not a draft changed since. Every notice has a stable key (the school, the day
or cover, the reader), so running a job twice, or two workers running it, writes nothing new.
Texts are rendered in each reader's language: the account's own, else the school's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from models.accounts import UserAccount
from models.curriculum import Bell
from models.db import session_scope
from models.i18n import N_, Message, message
from models.notices import queue_notice
from models.outbox import EMAIL, IN_APP, Notice
from models.school import School
from models.substitutions import COVER, STUDY, Cover, CoverPlan
from substitutions.messages import from_json
from substitutions.published import PublishedCover, published_covers
from substitutions.recipients import People, Reader
from substitutions.store_plan import row_identity
from web.i18n import translator
from web.jobs.context import JobContext

DIGEST = "notice_digest"  # job kind: params {"day": ISO date}
REMINDER = "notice_reminder"  # job kind: params {"cover_id", "tz", "minutes"}
REMINDED = (COVER, STUDY)  # a substitute stands in the classroom: they get a reminder


@dataclass(frozen=True, slots=True)
class Told:
    """One cover as its last publication told it: where it sits, what it said, to whom."""

    slot: tuple[str, int]  # (shift, period), for ordering a digest
    summary: Message
    readers: tuple[Reader, ...]


def _slot(ident: str) -> tuple[str, int]:
    """(shift, period) of a published cover's identity "lesson.unit.shift.period.role"."""
    parts = ident.split(".")
    try:
        return ".".join(parts[2:-2]), int(parts[-2])
    except (IndexError, ValueError):
        return "", 0


def _reader(data: Any) -> Reader | None:
    if not isinstance(data, list) or len(data) != 4:
        return None
    account = data[0] if isinstance(data[0], int) else None
    return Reader(account, str(data[1] or ""), str(data[2] or ""), bool(data[3]))


def told_covers(plan: CoverPlan) -> dict[str, Told]:
    """What the plan's last publication said, per cover identity (empty before publishing)."""
    published = plan.meta.get("published") if isinstance(plan.meta, dict) else None
    out: dict[str, Told] = {}
    for ident, entry in dict(published or {}).items():
        if not isinstance(entry, dict):
            continue
        readers = tuple(r for r in map(_reader, entry.get("readers") or []) if r is not None)
        out[str(ident)] = Told(_slot(str(ident)), from_json(entry.get("summary")), readers)
    return out


def cover_ident(cover: Cover) -> str:
    """The identity under which a publication records a cover (see `substitutions.publish`)."""
    return ".".join(str(x) for x in row_identity(cover))


def published_plan(session: Session, *, school_id: int, day: date) -> CoverPlan | None:
    """The school's plan of `day` once published (revision 1 or more)."""
    return session.exec(
        select(CoverPlan).where(
            CoverPlan.school_id == school_id, CoverPlan.day == day, col(CoverPlan.revision) >= 1
        )
    ).first()


class Languages:
    """Each reader's language now: the account's own (it may have changed since publishing),
    else the language recorded for the reader, else the school's."""

    def __init__(self, session: Session, school: School, accounts: Iterable[int]) -> None:
        wanted = sorted(set(accounts))
        rows = session.exec(
            select(UserAccount.id, UserAccount.language).where(
                UserAccount.school_id == school.id, col(UserAccount.id).in_(wanted)
            )
        ).all()
        self.school = school.language
        self.accounts = {int(i): lang for i, lang in rows if i is not None and lang}

    def of(self, reader: Reader) -> str:
        if reader.account is not None and reader.account in self.accounts:
            return self.accounts[reader.account]
        return reader.language or self.school


def _address(reader: Reader) -> str:
    """The reader in a notice key: the account, or the e-mail address."""
    return f"u{reader.account}" if reader.account is not None else reader.email


def _queue(
    session: Session, school_id: int, reader: Reader, subject: str, body: str, key: str
) -> None:
    queue_notice(
        session, school_id=school_id, user_id=reader.account,
        channel=IN_APP if reader.account is not None else EMAIL, address=reader.email,
        subject=subject, body=body, key=key,
    )  # fmt: skip


def _school(session: Session, school_id: int) -> School:
    school = session.get(School, school_id)
    if school is None:
        raise LookupError(f"no school {school_id}")
    return school


def send_digest(session: Session, *, school_id: int, day: date) -> int:
    """Queues the morning digest of `day`: to each reader of its published covers, the
    sentences of the covers that concern them, in their language; nothing for a day without
    a publication. The caller commits.

    Returns:
        How many notices were written (0 when run again: the keys exist).
    """
    plan = published_plan(session, school_id=school_id, day=day)
    if plan is None:
        return 0
    per_reader: dict[tuple[int | None, str], list[Told]] = defaultdict(list)
    readers: dict[tuple[int | None, str], Reader] = {}
    for told in sorted(told_covers(plan).values(), key=lambda t: t.slot):
        for r in told.readers:
            per_reader[(r.account, r.email)].append(told)
            readers.setdefault((r.account, r.email), r)
    school = _school(session, school_id)
    languages = Languages(session, school, (r.account for r in readers.values() if r.account))
    written = 0
    for who, items in per_reader.items():
        reader = readers[who]
        key = f"digest:{school_id}:{day.isoformat()}:{_address(reader)}"
        if _exists(session, key):
            continue
        subject, body = _digest_text(day, items, languages.of(reader))
        _queue(session, school_id, reader, subject, body, key)
        written += 1
    return written


def _digest_text(day: date, items: list[Told], language: str) -> tuple[str, str]:
    t = translator(language)
    when = t.format_date(day, "long")
    subject = t.render(message(N_("Lesson changes today, {date}"), date=when))
    heading = t.render(message(N_("Today's lesson changes that concern you ({n}):"), n=len(items)))
    lines = [heading, *(f"• {t.render(item.summary)}" for item in items)]
    return subject, "\n".join(lines)


def _exists(session: Session, key: str) -> bool:
    return session.exec(select(Notice.id).where(Notice.key == key)).first() is not None


def lesson_starts(session: Session, school_id: int) -> dict[tuple[str, int], time]:
    """The clock time each period of each shift starts at, from the school's bell schedule."""
    rows = session.exec(
        select(Bell).where(Bell.school_id == school_id, col(Bell.deleted_at).is_(None))
    ).all()
    out: dict[tuple[str, int], time] = {}
    for b in rows:
        try:
            out[(b.shift, b.number)] = time.fromisoformat(b.starts_at)
        except ValueError:  # a bell without a readable time gets no reminder
            continue
    return out


def reminder_covers(session: Session, *, low: date, high: date) -> list[tuple[int, PublishedCover]]:
    """Covers a reminder may be due for, in every school, with their school: as the last
    publication told them (`substitutions.published`), taken by a substitute, on a day from
    `low` to `high`."""
    schools = session.exec(
        select(CoverPlan.school_id).where(
            col(CoverPlan.revision) >= 1, col(CoverPlan.day) >= low, col(CoverPlan.day) <= high
        )
    ).all()
    out: list[tuple[int, PublishedCover]] = []
    for school_id in sorted(set(schools)):
        told = published_covers(session, school_id=school_id, start=low, end=high)
        out.extend(
            (school_id, c) for c in told if c.action in REMINDED and c.substitute_id is not None
        )
    return out


def lesson_start(
    starts: Mapping[tuple[str, int], time], shift: str, period: int, day: date, tz: ZoneInfo
) -> datetime | None:
    """When a lesson of `day` in this shift and period begins (school time); None when its
    bell is unknown."""
    clock = starts.get((shift, period))
    return None if clock is None else datetime.combine(day, clock, tzinfo=tz)


def send_reminder(
    session: Session,
    *,
    school_id: int,
    cover_id: int,
    now: datetime,
    tz: ZoneInfo,
    lead: timedelta = timedelta(minutes=15),
) -> int:
    """Queues the reminder of one cover to its substitute (in the app and by e-mail), unless
    the publication no longer tells it (replaced and published again), its lesson has begun,
    or it was first told less than `lead` before the lesson (that notice is still fresh).
    The caller commits.

    Returns:
        How many notices were written.
    """
    row = session.get(Cover, cover_id)
    plan = None if row is None else session.get(CoverPlan, row.plan_id)
    if row is None or plan is None or row.school_id != school_id or plan.school_id != school_id:
        return 0
    standing = published_covers(session, school_id=school_id, start=plan.day, end=plan.day)
    cover = next((c for c in standing if c.id == cover_id), None)
    told = told_covers(plan).get(cover_ident(row))
    if cover is None or told is None or cover.substitute_id is None:
        return 0
    start = lesson_start(lesson_starts(session, school_id), cover.shift, cover.period, plan.day, tz)
    if start is None or now >= start or cover.action not in REMINDED:
        return 0
    published = plan.published_at
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)  # SQLite returns naive UTC
    if row.published_revision == plan.revision and published and published >= start - lead:
        return 0  # first told by a publication inside the reminder's window: no echo of it
    school = _school(session, school_id)
    readers = People.read(session, school_id, school.language).readers({cover.substitute_id}, [])
    languages = Languages(session, school, (r.account for r in readers if r.account))
    at = start.strftime("%H:%M")
    written = 0
    for reader in readers:
        key = f"reminder:{school_id}:{cover_id}:{_address(reader)}"
        if _exists(session, key):
            continue
        t = translator(languages.of(reader))
        subject = t.render(message(N_("Reminder: you take a lesson at {time}"), time=at))
        body = t.render(
            message(N_("{summary} It begins at {time}."), summary=told.summary, time=at)
        )
        _queue(session, school_id, reader, subject, body, key)
        written += 1
    return written


def run_digest(ctx: JobContext) -> dict[str, Any]:
    """The "notice_digest" job: the digest of `params["day"]` for the job's school."""
    assert ctx.school_id is not None
    day = date.fromisoformat(str(ctx.params["day"]))
    with session_scope(ctx.url) as session:
        written = send_digest(session, school_id=ctx.school_id, day=day)
        result = {"notices": written, "day": day.isoformat()}
        ctx.complete(session, result)  # the notices and the job's end commit together
    return result


def run_reminder(ctx: JobContext, clock: Callable[[], datetime] | None = None) -> dict[str, Any]:
    """The "notice_reminder" job: the reminder of `params["cover_id"]` to its substitute.

    `clock` gives the current time (the scheduler passes its own; default: now).
    """
    assert ctx.school_id is not None
    cover_id = int(ctx.params["cover_id"])
    tz = ZoneInfo(str(ctx.params.get("tz") or "UTC"))
    lead = timedelta(minutes=int(ctx.params.get("minutes") or 15))
    now = clock() if clock is not None else datetime.now(tz)
    with session_scope(ctx.url) as session:
        written = send_reminder(
            session, school_id=ctx.school_id, cover_id=cover_id, now=now, tz=tz, lead=lead
        )
        result = {"notices": written, "cover_id": cover_id}
        ctx.complete(session, result)
    return result
