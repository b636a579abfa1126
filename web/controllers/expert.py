"""The virtual expert: a question box over the atlas and the admissions data (results as you
type through /expert/search), and the school admin's settings of the assistant's optional
external language model."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Response, Template

from guidance.admissions.school import admissions_for_school
from guidance.assistant.expert import ExpertAnswer, ask
from guidance.assistant.llm import AssistantError
from guidance.assistant.settings import SettingsForm, assistant_settings, save_assistant_settings
from guidance.atlas.loader import shipped_atlas
from models.accounts import SCHOOL_ADMIN
from models.db import read_scope, session_scope
from web.auth import SCHOOL_ROLES, require_school, require_viewer
from web.controllers.auth import Form
from web.pages import flash, go, page, request_locale, tr
from web.secret_box import seal

READERS = {"roles": SCHOOL_ROLES}
ADMIN = {"roles": (SCHOOL_ADMIN,)}
KEY_PURPOSE = "assistant-llm-key"
MAX_QUESTION = 300


def _answer(request: Request[Any, Any, Any], q: str) -> ExpertAnswer:
    school_id = require_school(require_viewer(request))
    with read_scope() as db:
        data = admissions_for_school(db, school_id=school_id)
    return ask(q[:MAX_QUESTION], shipped_atlas(), data)


@get("/expert", opt=READERS, sync_to_thread=False)
def expert(request: Request[Any, Any, Any], q: FromQuery[str] = "") -> Template:
    """The question box; with a question, its answer (the page works without JavaScript)."""
    answer = _answer(request, q) if q.strip() else None
    return page(request, "expert/index.html", q=q, answer=answer)


@get("/expert/search", opt=READERS, sync_to_thread=False)
def expert_search(request: Request[Any, Any, Any], q: FromQuery[str] = "") -> Response[Any]:
    """The answer as JSON for the box's results as you type (in the reader's language)."""
    lang = request_locale(request)
    answer = _answer(request, q) if q.strip() else None
    if answer is None or answer.best is None:
        return Response({"q": q, "best": None, "others": []})
    best = answer.best

    def doc(d: Any) -> dict[str, str]:
        return {"title": d.title.get(lang), "summary": d.summary.get(lang), "url": d.url,
                "kind": d.kind}  # fmt: skip

    return Response({"q": q, "best": {**doc(best), "facts": [tr(request, f) for f in answer.facts]},
                     "others": [doc(d) for d in answer.others]})  # fmt: skip


@get("/expert/settings", opt=ADMIN, sync_to_thread=False)
def settings_form(request: Request[Any, Any, Any]) -> Template:
    """The assistant's external language model: off unless the admin turns it on."""
    school_id = require_school(require_viewer(request))
    with read_scope() as db:
        row = assistant_settings(db, school_id=school_id)
    return page(request, "expert/settings.html", row=row, errors=[], form=None)


@post("/expert/settings", opt=ADMIN, sync_to_thread=False)
def save_settings(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """Save the settings; a new key is sealed at once and never shown again."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    key = data.get("api_key", "").strip()
    sealed = "" if data.get("remove_key") else (seal(key, purpose=KEY_PURPOSE) if key else None)
    form = SettingsForm(data.get("enabled") == "on", data.get("endpoint", ""),
                        data.get("model", ""), sealed)  # fmt: skip
    try:
        with session_scope() as db:
            save_assistant_settings(db, school_id=school_id, form=form, actor=viewer.login,
                                    actor_id=viewer.id)  # fmt: skip
    except AssistantError as exc:
        with read_scope() as db:
            row = assistant_settings(db, school_id=school_id)
        response = page(request, "expert/settings.html", row=row, form=data,
                        errors=[tr(request, m) for m in exc.messages])  # fmt: skip
        response.status_code = 400
        return response
    flash(request, tr(request, "The assistant's settings are saved."), "ok")
    return go("/expert/settings")


ROUTES = [expert, expert_search, settings_form, save_settings]
