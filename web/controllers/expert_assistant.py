"""The assistant for the career counsellor and the psychologist: a student's profile
summarised, next steps with reasons and a consultation note to edit - rule-based; rewritten by
the school's language model only when its admin turned one on (never with names or screenings)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import anyio.to_thread
from cryptography.exceptions import InvalidTag
from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Template

from guidance.admissions.schemas import Admissions
from guidance.admissions.school import admissions_for_school
from guidance.assistant.advisor import Advice, AssistantContext, advise, draft_note
from guidance.assistant.llm import AssistantError, LlmConfig, lines, polish
from guidance.assistant.settings import assistant_settings
from guidance.atlas.loader import shipped_atlas
from guidance.profile.advice import profile_input
from guidance.profile.assemble import build_profile
from guidance.recommend import Recommendations, recommend
from guidance.screening.cases import list_cases
from guidance.surveys.types import Sender
from guidance.work.errors import WorkNotFound
from models.accounts import COUNSELLOR, PSYCHOLOGIST
from models.privacy import THIRD_PARTY
from models.privacy_consent import has_consent
from web.auth import Viewer
from web.controllers.expert import KEY_PURPOSE
from web.controllers.guidance_work_common import (
    as_profile_viewer,
    not_found,
    school_today,
    scope_for,
    who,
)
from web.controllers.profile_sources import JournalAndCourses
from web.i18n import translator
from web.pages import page, request_locale, tr
from web.secret_box import unseal

SPECIALISTS = {"roles": (COUNSELLOR, PSYCHOLOGIST)}


@dataclass(frozen=True)
class Prepared:
    student_name: str
    class_code: str
    advice: Advice
    result: Recommendations
    note: list[tuple[Any, list[Any]]]
    llm: LlmConfig | None  # the school's model when it is on
    third_party: bool = False  # a parent's consent to passing data to external services


def _open_case(db: Any, viewer: Viewer, school_id: int, student_id: int) -> bool:
    """A psychologist's open case for the student (the read is audited by screening)."""
    if viewer.role != PSYCHOLOGIST:
        return False
    reader = Sender(viewer.id, viewer.login, viewer.role)
    rows = list_cases(db, school_id=school_id, reader=reader, open_only=True)
    return any(r.case.student_id == student_id for r in rows)


def _llm(db: Any, school_id: int) -> LlmConfig | None:
    row = assistant_settings(db, school_id=school_id)
    if row is None or not row.enabled:
        return None
    try:
        key = unseal(row.api_key, purpose=KEY_PURPOSE)
    except InvalidTag:  # sealed under another secret key: the admin must enter it again
        key = ""
    return LlmConfig(row.endpoint, row.model, key)


def _prepare(viewer: Viewer, school_id: int, student_id: int, lang: str) -> Prepared:
    with scope_for(viewer) as db:
        profile = build_profile(
            db, school_id=school_id, student_id=student_id, viewer=as_profile_viewer(viewer),
            sources=JournalAndCourses(db, today=school_today(), language=lang),
        )  # fmt: skip
        data: Admissions = admissions_for_school(db, school_id=school_id)
        context = AssistantContext(profile.student.name,
                                   _open_case(db, viewer, school_id, student_id))  # fmt: skip
        llm = _llm(db, school_id)
        third_party = has_consent(db, school_id=school_id, student_id=student_id,
                                  scope=THIRD_PARTY)  # fmt: skip
    atlas = shipped_atlas()
    engine_input = profile_input(profile)
    result = recommend(engine_input, atlas, data)
    advice = advise(engine_input, result, atlas, data, context)
    note = draft_note(advice, result, atlas, context)
    return Prepared(profile.student.name, profile.class_code, advice, result, note, llm,
                    third_party)  # fmt: skip


def _prepared(request: Request[Any, Any, Any], student_id: int) -> Prepared:
    viewer, school_id = who(request)
    try:
        return _prepare(viewer, school_id, student_id, request_locale(request))
    except WorkNotFound as exc:
        raise not_found(exc) from exc


def _page(
    request: Request[Any, Any, Any], student_id: int, prepared: Prepared, **extra: Any
) -> Template:
    text = "\n\n".join(
        tr(request, heading) + "\n" + "\n".join(f"- {tr(request, m)}" for m in body)
        for heading, body in prepared.note
    )
    return page(request, "expert/assistant.html", s=prepared, student_id=student_id,
                note_text=text, atlas=shipped_atlas(), **extra)  # fmt: skip


@get("/expert/assistant/{student_id:int}", opt=SPECIALISTS, sync_to_thread=False)
def assistant(request: Request[Any, Any, Any], student_id: FromPath[int]) -> Template:
    """One student: the summary, next steps with their reasons, the note's draft."""
    return _page(request, student_id, _prepared(request, student_id))


@post("/expert/assistant/{student_id:int}/polish", opt=SPECIALISTS)
async def polish_note(request: Request[Any, Any, Any], student_id: FromPath[int]) -> Template:
    """The note rewritten by the school's language model (summary and steps only are sent)."""
    prepared = await anyio.to_thread.run_sync(partial(_prepared, request, student_id))
    if prepared.llm is None:
        off = tr(request, "The school has not turned a language model on.")
        return _page(request, student_id, prepared, polish_error=off)
    if not prepared.third_party:  # Law No. 94-V: passing on needs the parent's consent
        refused = tr(request, "The note is not sent to the language model: the parents have not "
                     "agreed to passing data to external services.")  # fmt: skip
        return _page(request, student_id, prepared, polish_error=refused)
    lang = request_locale(request)
    words = translator(lang)

    def render(sentence: object) -> str:
        return words.render(sentence)  # type: ignore[arg-type]

    try:
        text = await anyio.to_thread.run_sync(
            partial(polish, prepared.llm, prepared.advice, lang, render)
        )
    except AssistantError as exc:
        error = " ".join(tr(request, m) for m in exc.messages)
        return _page(request, student_id, prepared, polish_error=error)
    return _page(request, student_id, prepared, polished=lines(text))


ROUTES = [assistant, polish_note]
