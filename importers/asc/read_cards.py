"""Placed cards: read into (day, period, room) cells, then grouped into our locked lessons.

aSc writes one card per period (a double placed on Tuesday periods 3-4 is two cards), with the
days as a string of 0/1 ("01000" = Tuesday); older files name one `day` instead. A card in
some weeks or terms only is not locked: our week is the same every week, so such a lesson is
placed again and written back with its own weeks (see `rewrite.py`).
"""

from __future__ import annotations

from collections.abc import Callable

from importers.asc.document import Document
from importers.asc.read_lessons import Course, Part
from importers.asc.read_people import People
from importers.asc.xmltree import Node
from models.snapshot import LockedLesson
from solver.messages import N_

NextPeriod = Callable[[int], int | None]
"""aSc period -> the next period of its shift, or None at the end of the shift."""


def _card_days(doc: Document, card: Node, days: int) -> list[int]:
    if card.get("days"):
        bits = doc.bits(card, "days", days)
        return [i for i, b in enumerate(bits or "") if b == "1"]
    if card.get("day"):
        first = 1 if "daynumbering1" in doc.root.get("options") else 0
        day = doc.integer(card, "day")
        if day is not None and not first <= day < first + days:
            doc.error(card, N_("day {day} is not a day of the week"), day=day)
            return []
        return [] if day is None else [day - first]
    doc.error(card, N_("card has neither days nor day"))
    return []


def read_cards(
    doc: Document, courses: list[Course], people: People, periods: set[int], days: int
) -> None:
    """Fill each part's cells from the cards; cards in some weeks only are counted, not kept."""
    parts = {p.asc_id: p for c in courses for p in c.parts}
    rooms = {k: r.code for k, r in people.rooms.items()}
    several_rooms = 0
    partial = 0
    for card in doc.table("cards"):
        part = parts.get(card.get("lessonid"))
        if part is None:
            if card.get("lessonid") not in {r.get("id") for r in doc.table("lessons")}:
                doc.error(card, N_("card names unknown lesson '{ref}'"), ref=card.get("lessonid"))
            continue
        period = doc.integer(card, "period")
        if period is not None and period not in periods:
            doc.error(card, N_("card names unknown period {period}"), period=period)
            period = None
        refs = doc.ids(card, "classroomids")
        for ref in refs:
            if ref not in rooms:
                doc.error(card, N_("card names unknown classroom '{ref}'"), ref=ref)
        known = [rooms[r] for r in refs if r in rooms]
        several_rooms += len(known) > 1
        for code in known:
            if code not in part.rooms:
                part.rooms.append(code)
        on = _card_days(doc, card, days)
        if period is None:
            continue
        if "0" in card.get("weeks") + card.get("terms") or not part.every_week:
            partial += 1
            continue
        part.cells.extend((d, period, known[0] if known else None) for d in on)
    if several_rooms:
        doc.warn(
            N_("{count} cards use several classrooms at once; the first of each is kept"),
            count=several_rooms,
        )
    if partial:
        doc.warn(
            N_(
                "{count} cards are placed in some weeks or terms only; they are not locked and "
                "their lessons are placed again"
            ),
            count=partial,
        )


def blocks(doc: Document, part: Part, following: NextPeriod) -> list[tuple[int, int, str | None]]:
    """The part's placed blocks (day, first period, room), at most its cards a week.

    A double is two cards on consecutive periods; a lone card of a double stands for the
    whole block (files that write one card per block). Blocks longer than 2 are read as
    single periods, so each period is its own block.
    """
    length = part.length if part.length <= 2 else 1
    wanted = part.cards * (part.length if part.length > 2 else 1)
    cells = sorted(set(part.cells))
    placed = {(d, p) for d, p, _ in cells}
    used: set[tuple[int, int]] = set()
    out: list[tuple[int, int, str | None]] = []
    for day, period, room in cells:
        if (day, period) in used:
            continue
        used.add((day, period))
        nxt = following(period) if length == 2 else period
        if nxt is None:
            doc.warn(
                N_(
                    "lesson '{lesson}': a double placed at the last period of a shift is not locked"
                ),
                lesson=part.asc_id,
            )
            continue
        if length == 2 and (day, nxt) in placed:
            used.add((day, nxt))
        out.append((day, period, room))
    if len(out) > wanted:
        doc.warn(
            N_(
                "lesson '{lesson}' has {placed} placed blocks but {wanted} a week; the first "
                "{wanted} are locked"
            ),
            lesson=part.asc_id,
            placed=len(out),
            wanted=wanted,
        )
        out = out[:wanted]
    return out


def course_locks(
    doc: Document, course: Course, following: NextPeriod, where: Callable[[int], tuple[str, int]]
) -> list[LockedLesson]:
    """Locked units of one course: unit numbers count the double part first, as ours do."""
    out: list[LockedLesson] = []
    offset = 0
    for part in course.parts:
        for unit, (day, period, room) in enumerate(blocks(doc, part, following)):
            shift, number = where(period)
            out.append(LockedLesson(course.key, offset + unit, day, shift, number, room))
        offset += part.cards * (part.length if part.length > 2 else 1)
    return out
