"""Where instruments come from: the shipped files of this package, and each school's own uploads.

A shipped instrument is read from guidance/instruments/data/<name>.toml; a school's own is a row
of models.guidance.SchoolInstrument (one per uploaded version, never changed afterwards, so its
parsed form is cached by row id).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, col, select

from guidance.instruments.errors import InstrumentError, InstrumentNotFound
from guidance.instruments.loader import load_instrument
from guidance.instruments.schema import Instrument
from models.guidance import SCHOOL_FILE, SHIPPED, InstrumentAssignment, SchoolInstrument
from models.i18n import N_, message

DATA = Path(__file__).resolve().parent / "data"
MAX_FILE = 512 * 1024


@dataclass(frozen=True, slots=True)
class Listed:
    """One instrument a school may send: shipped, or its own upload (with who and when)."""

    origin: str
    instrument: Instrument
    row_id: int | None = None
    uploaded_at: datetime | None = None

    @property
    def ref(self) -> str:
        """What a form posts to name it: "shipped:riasec" or "school:12"."""
        return f"{self.origin}:{self.instrument.key if self.row_id is None else self.row_id}"


@lru_cache(maxsize=1)
def shipped() -> dict[str, Instrument]:
    """Every shipped instrument by its id (the files are checked as they are read)."""
    found = {}
    for path in sorted(DATA.glob("*.toml")):
        instrument = load_instrument(path.read_bytes(), file=path.name)
        found[instrument.key] = instrument
    return found


@lru_cache(maxsize=256)
def _parsed(row_id: int, source_text: str, file_name: str) -> Instrument:
    return load_instrument(source_text, file=file_name)


def school_instrument(session: Session, *, school_id: int, row_id: int) -> Instrument:
    """A school's own instrument (one uploaded version).

    Raises:
        InstrumentNotFound: the school has no such upload.
    """
    row = session.get(SchoolInstrument, row_id)
    if row is None or row.school_id != school_id or row.deleted_at is not None:
        raise InstrumentNotFound("no_instrument", [message(N_("There is no such instrument."))])
    return _parsed(row_id, row.source_text, row.file_name)


def get_instrument(
    session: Session, *, school_id: int, origin: str, key: str, row_id: int | None = None
) -> Instrument:
    """The instrument an assignment names: shipped by key, or a school's upload by row id.

    Raises:
        InstrumentNotFound: no such instrument for this school.
    """
    if origin == SHIPPED and key in shipped():
        return shipped()[key]
    if origin == SCHOOL_FILE and row_id is not None:
        return school_instrument(session, school_id=school_id, row_id=row_id)
    raise InstrumentNotFound("no_instrument", [message(N_("There is no such instrument."))])


def instrument_of(session: Session, assignment: InstrumentAssignment) -> Instrument:
    """The instrument (and version) an assignment sent.

    Raises:
        InstrumentNotFound: the school's upload it names is gone.
    """
    return get_instrument(
        session, school_id=assignment.school_id, origin=assignment.origin,
        key=assignment.instrument_key, row_id=assignment.school_instrument_id,
    )  # fmt: skip


def list_instruments(session: Session, *, school_id: int) -> list[Listed]:
    """The shipped instruments, then the school's own uploads (newest version of each first)."""
    listed = [Listed(SHIPPED, i) for i in shipped().values()]
    rows = session.exec(
        select(SchoolInstrument)
        .where(SchoolInstrument.school_id == school_id, col(SchoolInstrument.deleted_at).is_(None))
        .order_by(col(SchoolInstrument.key), col(SchoolInstrument.id).desc())
    ).all()
    for row in rows:
        assert row.id is not None
        instrument = _parsed(row.id, row.source_text, row.file_name)
        listed.append(Listed(SCHOOL_FILE, instrument, row.id, row.created_at))
    return listed


def find_listed(session: Session, *, school_id: int, ref: str) -> Listed:
    """The instrument a form names by its `Listed.ref`.

    Raises:
        InstrumentNotFound: no such instrument for this school.
    """
    origin, _, name = ref.partition(":")
    if origin == SHIPPED and name in shipped():
        return Listed(SHIPPED, shipped()[name])
    if origin == SCHOOL_FILE and name.isdigit():
        row = session.get(SchoolInstrument, int(name))
        instrument = school_instrument(session, school_id=school_id, row_id=int(name))
        return Listed(SCHOOL_FILE, instrument, int(name), row.created_at if row else None)
    raise InstrumentNotFound("no_instrument", [message(N_("There is no such instrument."))])


def import_instrument(
    session: Session, *, school_id: int, data: bytes, file_name: str, uploaded_by: int | None
) -> SchoolInstrument:
    """Stores a school's own instrument file as a new version.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        data: the TOML file.
        file_name: its name (shown in problems).
        uploaded_by: the account that uploads it.

    Returns:
        The stored row.

    Raises:
        InstrumentInvalid: every problem of the file.
        InstrumentError: too large, or this id and version are already stored (a changed file
            needs a new version, so results keep the text they were taken with).
    """
    if len(data) > MAX_FILE:
        text = N_("The file is larger than {kb} KB.")
        raise InstrumentError("instrument_too_large", [message(text, kb=MAX_FILE // 1024)])
    instrument = load_instrument(data, file=file_name)
    taken = session.exec(
        select(SchoolInstrument.id).where(
            SchoolInstrument.school_id == school_id,
            SchoolInstrument.key == instrument.key,
            SchoolInstrument.version == instrument.version,
        )
    ).first()
    if taken is not None:
        text = N_("{key} version {version} is already stored; give the file a new version.")
        raise InstrumentError(
            "instrument_version_taken",
            [message(text, key=instrument.key, version=instrument.version)],
        )
    row = SchoolInstrument(
        school_id=school_id, key=instrument.key, version=instrument.version,
        title=dict(instrument.title), source_text=data.decode("utf-8"), file_name=file_name,
        uploaded_by=uploaded_by,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row
