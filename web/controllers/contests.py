"""Olympiads: the list of contests, creating and editing one, its page, opening registration."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms.contests import (
    Actor,
    available_tasks,
    contest_tasks,
    contests_for,
    create_contest,
    get_contest,
    is_organiser,
    organised_contest,
    participant_of,
    phase,
    school_registered,
    schools_taking_part,
    set_registration,
    tasks_open_to,
    update_contest,
)
from lms.contests.schemas import now_utc
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.i18n import N_
from models.judge import JudgeTask
from web.controllers.auth import Form
from web.controllers.contests_common import (
    CONTESTS,
    MAX_TASK_ROWS,
    ORGANISERS,
    acting,
    contest_input,
    form_of,
    local,
)
from web.controllers.office_common import or_404, refused
from web.pages import flash, go, page, request_locale, tr


def task_title(task: JudgeTask, lang: str) -> str:
    """A task's title in the reader's language, else any it has, else its slug."""
    return task.title.get(lang) or next(iter(task.title.values()), "") or task.slug


@get("/contests", opt=CONTESTS, sync_to_thread=False)
def contest_list(request: Request[Any, Any, Any]) -> Template:
    """Contests the viewer may see, with their phase; organisers get a link to create one."""
    actor = acting(request)
    with read_scope() as db:
        lines = contests_for(db, actor)
    now = now_utc()
    rows = [{"line": line, "phase": phase(line.contest, now),
             "starts": local(line.contest.starts_at), "ends": local(line.contest.ends_at)}
            for line in lines]  # fmt: skip
    return page(request, "contests/list.html", rows=rows,
                may_create=actor.role in ORGANISERS["roles"])  # fmt: skip


def _choices(request: Request[Any, Any, Any], actor: Actor) -> dict[str, Any]:
    """The form's task options (the organiser's school's and the platform's) and rows."""
    lang = request_locale(request)
    with read_scope() as db:
        tasks = [(t.id, f"{t.slug} — {task_title(t, lang)}") for t in available_tasks(db, actor)]
    return {"tasks": tasks, "rows": range(MAX_TASK_ROWS)}


@get("/contests/new", opt=ORGANISERS, sync_to_thread=False)
def new_form(request: Request[Any, Any, Any]) -> Template:
    actor = acting(request)
    form = {"rules": "icpc", "penalty_minutes": "20", "public_board": "on", "upsolving": "on",
            "registration_open": "on"}  # fmt: skip
    return page(request, "contests/form.html", form=form, contest=None, errors=[],
                **_choices(request, actor))  # fmt: skip


@post("/contests/new", opt=ORGANISERS, sync_to_thread=False)
def create(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """Create a contest; every problem of the form is shown at once."""
    actor = acting(request)
    try:
        with session_scope() as db:
            contest = create_contest(db, actor, contest_input(data))
            contest_id = contest.id
    except StoreError as exc:
        return refused(request, "contests/form.html", exc, form=data, contest=None,
                       **_choices(request, actor))  # fmt: skip
    flash(request, tr(request, N_("The contest is created.")), "ok")
    return go(f"/contests/{contest_id}")


@get("/contests/{contest_id:int}/edit", opt=ORGANISERS, sync_to_thread=False)
def edit_form(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Template:
    actor = acting(request)
    with or_404(), read_scope() as db:
        contest = organised_contest(db, actor, contest_id)
        labels = [(t.label, t.task_id) for t in contest_tasks(db, contest_id)]
    return page(request, "contests/form.html", form=form_of(contest, labels), contest=contest,
                errors=[], **_choices(request, actor))  # fmt: skip


@post("/contests/{contest_id:int}/edit", opt=ORGANISERS, sync_to_thread=False)
def edit(
    request: Request[Any, Any, Any], contest_id: FromPath[int], data: Form
) -> Template | Redirect:
    actor = acting(request)
    try:
        with session_scope() as db:
            update_contest(db, actor, contest_id, contest_input(data))
    except StoreError as exc:
        with or_404(), read_scope() as db:
            contest = organised_contest(db, actor, contest_id)
        return refused(request, "contests/form.html", exc, form=data, contest=contest,
                       **_choices(request, actor))  # fmt: skip
    flash(request, tr(request, N_("The contest is saved.")), "ok")
    return go(f"/contests/{contest_id}")


@post("/contests/{contest_id:int}/registration", opt=ORGANISERS, sync_to_thread=False)
def registration(
    request: Request[Any, Any, Any], contest_id: FromPath[int], data: Form
) -> Redirect:
    """Open or close registration."""
    open_ = data.get("open") == "1"
    with or_404(), session_scope() as db:
        set_registration(db, acting(request), contest_id, open_=open_)
    text = "Registration is open." if open_ else "Registration is closed."
    flash(request, tr(request, text), "ok")
    return go(f"/contests/{contest_id}")


@get("/contests/{contest_id:int}", opt=CONTESTS, sync_to_thread=False)
def contest_page(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Template:
    """A contest: times and rules, the schools taking part, and what the viewer may do: register
    (the school or themselves), open the tasks, follow the standings, organise."""
    actor, now, lang = acting(request), now_utc(), request_locale(request)
    with or_404(), read_scope() as db:
        contest = get_contest(db, contest_id)
        organiser = is_organiser(actor, contest)
        if not organiser and contest.school_id not in (None, actor.school_id):
            raise NotFoundException()
        mode = tasks_open_to(db, actor, contest, now)
        tasks = [(t.label, task_title(db.get(JudgeTask, t.task_id) or JudgeTask(
            slug="?", folder=""), lang)) for t in contest_tasks(db, contest_id)]  # fmt: skip
        context = {
            "contest": contest, "organiser": organiser, "phase": phase(contest, now),
            "mode": mode, "tasks": tasks, "schools": schools_taking_part(db, contest_id),
            "school_registered": school_registered(db, contest_id, actor.school_id),
            "participant": participant_of(db, contest_id, actor.user_id) is not None,
            "starts": local(contest.starts_at), "ends": local(contest.ends_at),
            "freeze": local(contest.freeze_at),
        }  # fmt: skip
    return page(request, "contests/contest.html", **context)


ROUTES = [contest_list, new_form, create, edit_form, edit, registration, contest_page]
