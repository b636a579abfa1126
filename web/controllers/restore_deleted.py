"""The school admin's "restore a deleted item" page: recently deleted rows, who deleted them,
and a Restore button each (the restore is audited; see restore_actions)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from models.accounts import SCHOOL_ADMIN
from models.backup.deleted import DAYS, list_deleted
from models.backup.errors import BackupError
from models.db import read_scope, session_scope
from models.errors import StoreError
from web.auth import require_school, require_viewer
from web.controllers.restore_actions import Who, restore_item
from web.pages import flash, go, page, tr
from web.scheduler import schedule_settings

ADMIN = {"roles": (SCHOOL_ADMIN,)}
PATH = "/restore-deleted"


@get(PATH, opt=ADMIN, sync_to_thread=False)
def deleted(request: Request[Any, Any, Any]) -> Template:
    """Students, teachers, assessments, grades and remarks deleted in the last 90 days."""
    school_id = require_school(require_viewer(request))
    with read_scope() as db:
        found = list_deleted(db, school_id=school_id)
    zone = schedule_settings().timezone
    kinds = {
        kind: [(item, item.deleted_at.astimezone(zone)) for item in items]
        for kind, items in found.items()
    }
    return page(request, "restore/deleted.html", kinds=kinds, days=DAYS,
                empty=not any(found.values()))  # fmt: skip


@post(PATH + "/{kind:str}/{item_id:int}", opt=ADMIN, sync_to_thread=False)
def restore(
    request: Request[Any, Any, Any], kind: FromPath[str], item_id: FromPath[int]
) -> Redirect:
    """Bring one deleted row of the admin's school back."""
    viewer = require_viewer(request)
    who = Who(require_school(viewer), viewer.login, viewer.id)
    try:
        with session_scope() as db:
            done = restore_item(db, who=who, kind=kind, row_id=item_id)
    except BackupError as exc:
        if exc.code == "restore_not_found":
            raise NotFoundException() from exc
        flash(request, " ".join(tr(request, m) for m in exc.messages), "error")
    except StoreError as exc:  # the journal or the school data refuses: their sentences
        flash(request, " ".join(tr(request, m) for m in exc.messages), "error")
    else:
        flash(request, tr(request, done), "ok")
    return go(PATH)


ROUTES = [deleted, restore]
