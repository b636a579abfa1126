"""Brings a database to the newest schema with the Alembic migrations shipped in this package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

import models.tables  # noqa: F401 - the metadata must know every table
from models.db import get_engine

_HERE = Path(__file__).resolve().parent


def alembic_config(url: str | None = None) -> Config:
    """The Alembic configuration of the store, usable from a source tree or an installed wheel.

    Args:
        url: a database URL; None means the configured store.

    Returns:
        A config whose script location is this package's `migrations` folder.
    """
    config = Config(str(_HERE / "alembic.ini"))
    config.set_main_option("script_location", str(_HERE / "migrations"))
    engine = get_engine(url)
    # '%' would be read as interpolation by configparser
    rendered = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    config.set_main_option("sqlalchemy.url", rendered)
    return config


def upgrade_database(url: str | None = None) -> None:
    """Upgrades the store to the newest migration (creates every table on an empty database).

    Args:
        url: a database URL; None means the configured store (`DATABASE_URL`).
    """
    config = alembic_config(url)
    with get_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        # "heads": modules add their tables in migrations side by side (each revising the
        # same parent), and every branch must be applied.
        command.upgrade(config, "heads")
