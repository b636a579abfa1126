"""Publishing a day's covers: a new revision, and a notice to everyone each change concerns.

Notices go to the outbox (`models.notices.queue_notice`): in the app for every affected
teacher, the students of the lesson and their parents (accounts linked by teacher_id,
student_id, parent_id); by e-mail for teachers with an address. Texts are rendered when queued,
in each reader's language, through the `translate_for` callable the caller gives (the web
passes its catalogues; without it, English msgids). Each notice's key holds the cover, what it
says and the reader, so publishing an unchanged cover again writes nothing, and a changed one
sends a correction (to the old readers and the new), never a duplicate. What each cover said at
publication is kept in the plan's `meta["published"]` for the next one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models.audit import record_audit
from models.base import utcnow
from models.i18n import N_, Message, message
from models.notices import queue_notice
from models.outbox import EMAIL, IN_APP, Notice
from models.substitutions import (
    CANCEL,
    COVER,
    MERGE,
    MOVE,
    PUBLISHED,
    ROOM_CHANGE,
    STUDY,
    Cover,
    CoverPlan,
)
from substitutions.errors import SubstitutionError
from substitutions.explain import period_name
from substitutions.messages import from_json, to_json
from substitutions.recipients import People, Reader
from substitutions.schemas import PublishResult
from substitutions.store import DROPPED, Day, load_day, reason_of, role_of
from substitutions.store_plan import row_content, row_identity
from substitutions.validate import CLASS_DOUBLE, summarize, validate
from substitutions.views import current_choices, lesson_of_cover

Translate = Callable[[str], str]
TranslateFor = Callable[[str], Translate]


def _english(_language: str) -> Translate:
    return lambda text: text


def publish_day(
    session: Session,
    *,
    school_id: int,
    day: date,
    actor_id: int | None = None,
    actor: str = "system",
    translate_for: TranslateFor | None = None,
) -> PublishResult:
    """Publishes the day's plan as its next revision and queues the notices it calls for.

    Args:
        session: an open session; the caller commits (notices and plan in one transaction).
        school_id: the school.
        day: the date.
        actor_id: the account publishing.
        actor: who, for the audit log.
        translate_for: language code -> gettext-like function; English when None.

    Returns:
        The revision and how many notices (and corrections) were queued.

    Raises:
        NotFound: no such school or no published timetable.
        SubstitutionError: `nothing_to_publish` without a plan; `plan_has_clashes` while the
            plan double-books anyone or anything (every clash in a sentence).
    """
    d = load_day(session, school_id=school_id, day=day)
    plan = d.plan
    if plan is None:
        text = message(
            N_("There is no plan for {date} yet: plan the day first."), date=day.isoformat()
        )
        raise SubstitutionError("nothing_to_publish", [text])
    violations = validate(d.problem, current_choices(d))
    counts = summarize(violations)
    if counts["double_bookings"] or counts[CLASS_DOUBLE]:
        raise SubstitutionError("plan_has_clashes", [v.message for v in violations])
    if plan.status == PUBLISHED and not _changed(d, plan):
        return PublishResult(plan.revision, 0, 0, 0)  # nothing new to tell anyone
    plan.revision += 1
    plan.status, plan.published_at, plan.published_by = PUBLISHED, utcnow(), actor_id
    for c in d.covers:
        if c.published_revision is None:
            c.published_revision = plan.revision
            session.add(c)
    result = _notify(session, d, plan, translate_for or _english)
    session.add(plan)
    record_audit(
        session, school_id=school_id, actor=actor, action="publish_covers",
        entity=f"cover_plan:{plan.id}",
        details={"day": day.isoformat(), "revision": plan.revision, "notices": result.notices},
    )  # fmt: skip
    return result


def _ident(c: Cover) -> str:
    return ".".join(str(x) for x in row_identity(c))


def _digest(c: Cover) -> str:
    return hashlib.sha1(json.dumps(row_content(c)).encode()).hexdigest()[:12]


def _changed(d: Day, plan: CoverPlan) -> bool:
    """Whether any cover differs from what the last publication said."""
    before = dict(plan.meta.get("published") or {})
    now = {_ident(c): _digest(c) for c in d.covers}
    return now != {k: v.get("digest") for k, v in before.items()}


def _notify(
    session: Session, d: Day, plan: CoverPlan, translate_for: TranslateFor
) -> PublishResult:
    people = People.read(session, d.school.id or 0, d.school.language)
    before: dict[str, Any] = dict(plan.meta.get("published") or {})
    now: dict[str, Any] = {}
    out = _Queue(session, d, translate_for)
    for c in d.covers:
        ident, digest = _ident(c), _digest(c)
        summary = summarize_cover(d, c)
        readers = people.readers(_teachers(d, c), _audience(d, c))
        now[ident] = {
            "digest": digest,
            "summary": to_json(summary),
            "readers": [_dump(r) for r in readers],
        }
        old = before.get(ident)
        if old is not None and old.get("digest") == digest:
            continue
        out.changed += 1
        if old is None:
            out.send(readers, ident, digest, summary, reason_of(c))
        else:
            earlier = [_load(r) for r in old.get("readers", [])]
            out.correct(
                _union(readers, earlier), ident, digest, summary, from_json(old.get("summary"))
            )
    for ident, old in before.items():
        if ident not in now:
            out.changed += 1
            before_text = from_json(old.get("summary"))
            gone = message(N_("{before} This change no longer applies."), before=before_text)
            readers = [_load(r) for r in old.get("readers", [])]
            out.correct(readers, ident, "gone", gone, None)
    plan.meta = {**plan.meta, "published": now}
    return PublishResult(
        plan.revision, out.count, out.corrections, out.changed, tuple(sorted(out.accounts))
    )


class _Queue:
    """Writes notices, one per reader and channel, each under its own stable key."""

    def __init__(self, session: Session, d: Day, translate_for: TranslateFor) -> None:
        self.session, self.d, self.translate_for = session, d, translate_for
        self.count = self.corrections = self.changed = 0
        self.accounts: set[int] = set()

    def send(
        self, readers: Sequence[Reader], ident: str, digest: str, summary: Message, why: Message
    ) -> None:
        subject = message(N_("Lesson change on {date}"), date=self.d.problem.day.isoformat())
        for r in readers:
            body = (
                message(N_("{summary} {reason}"), summary=summary, reason=why)
                if r.teacher and why.template
                else summary
            )
            self._queue(r, ident, digest, subject, body)

    def correct(
        self,
        readers: Sequence[Reader],
        ident: str,
        digest: str,
        now: Message,
        before: Message | None,
    ) -> None:
        """A correction: what holds now and what was said before (None: `now` says it all)."""
        subject = message(
            N_("Correction: lesson change on {date}"), date=self.d.problem.day.isoformat()
        )
        body = now
        if before is not None:
            body = message(N_("Now: {now} Before: {before}"), now=now, before=before)
        for r in readers:
            if self._queue(r, ident, digest, subject, body):
                self.corrections += 1

    def _queue(self, r: Reader, ident: str, digest: str, subject: Message, body: Message) -> bool:
        """Queues one notice unless its key was queued before; True when it is new."""
        translate = self.translate_for(r.language)
        to = f"u{r.account}" if r.account is not None else r.email
        key = f"cover:{self.d.school.id}:{self.d.problem.day.isoformat()}:{ident}:{digest}:{to}"
        if self.session.exec(select(Notice.id).where(Notice.key == key)).first() is not None:
            return False
        queue_notice(
            self.session, school_id=self.d.school.id, user_id=r.account,
            channel=IN_APP if r.account is not None else EMAIL, address=r.email,
            subject=subject.render(translate), body=body.render(translate), key=key,
        )  # fmt: skip
        self.count += 1
        if r.account is not None:
            self.accounts.add(r.account)
        return True


def _dump(r: Reader) -> list[Any]:
    return [r.account, r.email, r.language, r.teacher]


def _load(data: list[Any]) -> Reader:
    return Reader(data[0], str(data[1]), str(data[2]), bool(data[3]))


def _union(a: Sequence[Reader], b: Sequence[Reader]) -> list[Reader]:
    seen: dict[tuple[int | None, str], Reader] = {}
    for r in (*a, *b):
        seen.setdefault((r.account, r.email), r)
    return list(seen.values())


def _lesson_teachers(
    d: Day, lesson_id: int | None, period: tuple[str, int] | None = None
) -> set[int]:
    """Teacher row ids of a lesson requirement as taught that day."""
    if lesson_id is None:
        return set()
    key = d.ids.lesson_key.get(lesson_id, "")
    cp = d.problem
    codes = {
        cp.teachers[t].code
        for ls in cp.lessons
        if ls.key == key and (period is None or cp.slot_of(ls.period) == period)
        for t in ls.teachers
    }
    return {d.ids.teacher[c] for c in codes if c in d.ids.teacher}


def _teachers(d: Day, c: Cover) -> set[int]:
    """Teachers a cover concerns: the absent one, the substitute, the lesson's and the partner's."""
    out = _lesson_teachers(d, c.lesson_id, (c.shift, c.period))
    out |= _lesson_teachers(d, c.merged_with)
    out |= {t for t in (c.absent_teacher_id, c.substitute_id) if t is not None}
    return out


def _audience(d: Day, c: Cover) -> list[tuple[str, str | None]]:
    """(class code, subgroup code or None) of the lesson a cover is about."""
    key = d.ids.lesson_key.get(c.lesson_id, "")
    cp = d.problem
    ls = next((x for x in cp.lessons if x.key == key), None)
    if ls is None:
        return []
    return [(cp.classes[k].code, None if g is None else cp.group_names[g]) for k, g in ls.audience]


def summarize_cover(d: Day, c: Cover) -> Message:
    """What a cover changes for the people it concerns (not why), in one sentence."""
    cp, ids = d.problem, d.ids
    ls = lesson_of_cover(d, c)
    label = ls.label if ls else ids.lesson_key.get(c.lesson_id, "")
    period = period_name(cp, ls.period) if ls else message(N_("period {number}"), number=c.period)
    names = {t.code: t.name for t in cp.teachers}

    def name(row: int | None) -> str:
        code = ids.teacher_code.get(row or 0, "")
        return names.get(code, code)

    when = cp.day.isoformat()
    if role_of(c) == DROPPED:
        return message(N_("{date}: {reason}"), date=when, reason=reason_of(c))
    templates = {
        COVER: N_("{date}, {period}: {teacher} takes {lesson} instead of {absent}."),
        STUDY: N_("{date}, {period}: {lesson} is supervised study with {teacher}."),
        MERGE: N_("{date}, {period}: {lesson} joins {partner}."),
        MOVE: N_("{date}: {lesson} moves from {period} to period {to}."),
        ROOM_CHANGE: N_("{date}, {period}: {lesson} moves to room {room}."),
        CANCEL: N_("{date}, {period}: {lesson} is cancelled."),
    }
    partner = ids.lesson_key.get(c.merged_with or 0, "")
    partner_label = next((o.label for o in cp.lessons if o.key == partner), partner)
    room = ids.room_code.get(c.room_id or 0, "")
    text = message(
        templates.get(c.action, templates[CANCEL]), date=when, period=period, lesson=label,
        teacher=name(c.substitute_id), absent=name(c.absent_teacher_id), partner=partner_label,
        to=c.to_period or 0, room=room,
    )  # fmt: skip
    if room and c.action != ROOM_CHANGE:
        text = message(N_("{sentence} Room: {room}."), sentence=text, room=room)
    return text
