"""Buildings, travel minutes between them, and rooms."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field

from models.base import SchoolOwned, SoftDeleted


class Building(SchoolOwned, SoftDeleted, table=True):
    __tablename__ = "building"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True)
    name: str
    address: str = ""


class Travel(SchoolOwned, SoftDeleted, table=True):
    """Minutes from building A to B (both directions unless the reverse row exists)."""

    __tablename__ = "travel"

    id: int | None = Field(default=None, primary_key=True)
    building_a_id: int = Field(foreign_key="building.id", index=True)
    building_b_id: int = Field(foreign_key="building.id", index=True)
    minutes: int


class Room(SchoolOwned, SoftDeleted, table=True):
    __tablename__ = "room"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True)
    name: str
    building_id: int = Field(foreign_key="building.id", index=True)
    capacity: int
    kind: str = "ordinary"  # ordinary, lab, computer, gym, workshop, ...
    # [{"day": 0, "shift": "1", "period": 3}, ...]: a value of the room, kept with it
    unavailable: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
