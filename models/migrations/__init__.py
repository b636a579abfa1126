"""Alembic migrations of the store (run through `models.migrate.upgrade_database`)."""
