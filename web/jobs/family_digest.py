"""The "family_digest" job: the parents' daily digest of one school (journal/digest.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from journal.digest import send_family_digests
from models.db import session_scope
from web.i18n import translator
from web.jobs.context import JobContext

FAMILY_DIGEST = "family_digest"  # job kind: params {"day": ISO date, "until": ISO moment}


def _texts(language: str) -> Callable[[str], str]:
    return translator(language).gettext


def run_family_digest(ctx: JobContext) -> dict[str, Any]:
    """One e-mail per parent address with held journal e-mails held before `params["until"]`."""
    assert ctx.school_id is not None
    day = date.fromisoformat(str(ctx.params["day"]))
    until = datetime.fromisoformat(str(ctx.params["until"]))
    with session_scope(ctx.url) as session:
        written = send_family_digests(
            session, school_id=ctx.school_id, day=day, until=until, texts=_texts
        )
        result = {"digests": written, "day": day.isoformat()}
        ctx.complete(session, result)  # the e-mails and the job's end commit together
    return result
