"""A school's settings for the optional external language model of the assistant."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from guidance.assistant.llm import AssistantError
from models.audit import record_audit
from models.base import utcnow
from models.guidance_atlas import AssistantSettings
from models.i18n import N_, Message, message
from models.outbound import OutboundRefused, check_url


@dataclass(frozen=True, slots=True)
class SettingsForm:
    enabled: bool
    endpoint: str
    model: str
    sealed_key: str | None  # None: keep the stored key; "": remove it


def assistant_settings(session: Session, *, school_id: int) -> AssistantSettings | None:
    """The school's settings, or None (the language model is off)."""
    query = select(AssistantSettings).where(AssistantSettings.school_id == school_id)
    return session.exec(query).first()


def _problems(form: SettingsForm) -> list[Message]:
    problems = []
    if form.endpoint.strip():
        try:
            check_url(form.endpoint)  # scheme, trusted hosts, every resolved address
        except OutboundRefused as exc:
            problems.append(exc.problem)
    if form.enabled and not form.endpoint.strip():
        problems.append(message(N_("Give the endpoint's address to turn the model on.")))
    if form.enabled and not form.model.strip():
        problems.append(message(N_("Give the model's name to turn the model on.")))
    return problems


def save_assistant_settings(
    session: Session, *, school_id: int, form: SettingsForm, actor: str, actor_id: int | None
) -> AssistantSettings:
    """Store the school's settings (the key arrives sealed and is never read back to a page).

    Args:
        session: an open session.
        school_id: the school.
        form: what the admin entered.
        actor: the admin's login; actor_id: their account id.

    Returns:
        The row.

    Raises:
        AssistantError: the endpoint is refused (models.outbound: not https, or
            an address inside the network), or the model is turned on without an endpoint or
            a model name.
    """
    problems = _problems(form)
    if problems:
        raise AssistantError("assistant.bad_settings", problems)
    row = assistant_settings(session, school_id=school_id) or AssistantSettings(school_id=school_id)
    row.enabled, row.endpoint, row.model = form.enabled, form.endpoint.strip(), form.model.strip()
    if form.sealed_key is not None:
        row.api_key = form.sealed_key
    row.updated_by, row.updated_at = actor_id, utcnow()
    session.add(row)
    session.flush()
    record_audit(session, school_id=school_id, actor=actor, action="assistant_settings",
                 entity=f"assistant_settings:{row.id}",
                 details={"enabled": row.enabled, "endpoint": row.endpoint, "model": row.model,
                          "key_changed": form.sealed_key is not None})  # fmt: skip
    return row
