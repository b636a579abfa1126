"""A school's own yearly admissions figures: entered in the app, laid over the shipped data."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session, col, select

from guidance.admissions.l10n import L10n
from guidance.admissions.loader import shipped_admissions
from guidance.admissions.schemas import CATEGORIES, Admissions, Figure, Source
from models.audit import record_audit
from models.base import utcnow
from models.errors import StoreError
from models.guidance_atlas import FIGURE_KINDS, GROUP_THRESHOLD, MINIMUM, AdmissionFigure
from models.i18n import N_, Message, message

SCHOOL_NOTE = L10n(
    "Бұл санды мектебіңіз енгізді.",
    "Это значение внесла ваша школа.",
    "Your school entered this figure.",
)
MIN_YEAR, MAX_YEAR = 2015, 2100


class AdmissionsError(StoreError):
    """A figure the school tried to enter that cannot be stored."""


@dataclass(frozen=True, slots=True)
class FigureInput:
    kind: str
    key: str
    year: int | None
    score: int | None
    source: str
    note: str = ""


def check_figure(figure: FigureInput, data: Admissions) -> list[Message]:
    """Every reason a figure cannot be stored, in words (empty: it can)."""
    problems = []
    if figure.kind not in FIGURE_KINDS:
        problems.append(message(N_("Unknown kind of figure {kind}."), kind=figure.kind))
    elif figure.kind == GROUP_THRESHOLD and figure.key not in data.groups:
        problems.append(message(N_("There is no group of educational programmes {code}."),
                                code=figure.key))  # fmt: skip
    elif figure.kind == MINIMUM and figure.key not in CATEGORIES:
        problems.append(message(N_("Unknown category {category}."), category=figure.key))
    if figure.year is None or not MIN_YEAR <= figure.year <= MAX_YEAR:
        problems.append(message(N_("Give the year (from {low} to {high})."), low=MIN_YEAR,
                                high=MAX_YEAR))  # fmt: skip
    if figure.score is None or not 0 <= figure.score <= 140:
        problems.append(message(N_("A UNT score is a whole number from 0 to 140.")))
    if not figure.source.strip():
        problems.append(message(N_("Say where the figure comes from (the document or page).")))
    return problems


def set_figure(
    session: Session, *, school_id: int, figure: FigureInput, actor: str, actor_id: int | None
) -> AdmissionFigure:
    """Store a school's figure; a figure already given for that kind, key and year is replaced
    (the old row is kept, marked deleted) and the change is audited.

    Args:
        session: an open session.
        school_id: the school whose figure it is.
        figure: what was entered.
        actor: the login of who entered it; actor_id: their account id.

    Returns:
        The new row.

    Raises:
        AdmissionsError: the figure is incomplete or names an unknown group or category.
    """
    problems = check_figure(figure, shipped_admissions())
    if problems:
        raise AdmissionsError("admissions.bad_figure", problems)
    assert figure.year is not None and figure.score is not None
    previous = _current(session, school_id, figure.kind, figure.key, figure.year)
    now = utcnow()
    for row in previous:
        row.deleted_at = now
        session.add(row)
    row = AdmissionFigure(
        school_id=school_id, kind=figure.kind, key=figure.key, year=figure.year,
        score=figure.score, source=figure.source.strip(), note=figure.note.strip(),
        created_by=actor_id,
    )  # fmt: skip
    session.add(row)
    session.flush()
    record_audit(session, school_id=school_id, actor=actor, action="set_admission_figure",
                 entity=f"admission_figure:{row.id}",
                 details={"kind": row.kind, "key": row.key, "year": row.year, "score": row.score,
                          "replaced": [r.score for r in previous]})  # fmt: skip
    return row


def remove_figure(session: Session, *, school_id: int, figure_id: int, actor: str) -> None:
    """Mark a school's figure deleted (the shipped value shows again), audited.

    Raises:
        AdmissionsError: no such figure in this school.
    """
    row = session.get(AdmissionFigure, figure_id)
    if row is None or row.school_id != school_id or row.deleted_at is not None:
        raise AdmissionsError("admissions.no_figure",
                              [message(N_("That figure does not exist."))])  # fmt: skip
    row.deleted_at = utcnow()
    session.add(row)
    record_audit(session, school_id=school_id, actor=actor, action="remove_admission_figure",
                 entity=f"admission_figure:{row.id}", details={"score": row.score})  # fmt: skip


def _current(
    session: Session, school_id: int, kind: str, key: str, year: int
) -> list[AdmissionFigure]:
    query = select(AdmissionFigure).where(
        AdmissionFigure.school_id == school_id, AdmissionFigure.kind == kind,
        AdmissionFigure.key == key, AdmissionFigure.year == year,
        col(AdmissionFigure.deleted_at).is_(None),
    )  # fmt: skip
    return list(session.exec(query).all())


def list_figures(session: Session, *, school_id: int) -> list[AdmissionFigure]:
    """The school's figures in force, by kind, key and newest year first."""
    query = select(AdmissionFigure).where(
        AdmissionFigure.school_id == school_id, col(AdmissionFigure.deleted_at).is_(None)
    )
    rows = list(session.exec(query).all())
    return sorted(rows, key=lambda r: (r.kind, r.key, -r.year))


def _merged(shipped: tuple[Figure, ...], own: list[Figure]) -> tuple[Figure, ...]:
    years = {f.year for f in own}
    figures = [*own, *(f for f in shipped if f.year not in years)]
    return tuple(sorted(figures, key=lambda f: -f.year))


def with_school_figures(data: Admissions, rows: list[AdmissionFigure]) -> Admissions:
    """The admissions data with the school's figures in place of the shipped ones."""
    if not rows:
        return data
    sources = dict(data.sources)
    own: dict[tuple[str, str], list[Figure]] = {}
    for row in rows:
        key = f"school:{row.id}"
        sources[key] = Source(key, row.source, "", True, SCHOOL_NOTE)
        figure = Figure(row.score, row.year, key, False, row.note)
        own.setdefault((row.kind, row.key), []).append(figure)
    groups = dict(data.groups)
    minimums = dict(data.minimums)
    for (kind, key), figures in own.items():
        if kind == GROUP_THRESHOLD and key in groups:
            group = groups[key]
            groups[key] = replace(group, thresholds=_merged(group.thresholds, figures))
        elif kind == MINIMUM:
            minimums[key] = _merged(minimums.get(key, ()), figures)
    return replace(data, groups=groups, minimums=minimums, sources=sources)


def admissions_for_school(session: Session, *, school_id: int) -> Admissions:
    """The admissions data as a school sees it: shipped, with its own figures in force.

    Args:
        session: an open session (a read scope is enough).
        school_id: the school.

    Returns:
        The admissions data to give `guidance.recommend.recommend` and the pages.
    """
    return with_school_figures(shipped_admissions(), list_figures(session, school_id=school_id))


def figures_changed_at(session: Session, *, school_id: int) -> datetime | None:
    """When the school last changed a figure (for cache keys), or None if it never did."""
    query = select(AdmissionFigure.created_at, AdmissionFigure.deleted_at).where(
        AdmissionFigure.school_id == school_id
    )
    stamps = [t for row in session.exec(query).all() for t in row if t is not None]
    return max(stamps) if stamps else None
