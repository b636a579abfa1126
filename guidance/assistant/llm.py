"""An optional external language model (any OpenAI-compatible endpoint) that rewrites the
rule-based draft in warmer words. Off by default; each school turns it on for itself.

What is sent is built here and only here: the rule-based summary and next steps, already
rendered, which name no one and hold no screening answer (the engine's input has neither).
A name or a case flag given to the local draft (AssistantContext) never reaches `payload`.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from guidance.assistant.advisor import Advice
from models.errors import StoreError
from models.i18n import N_, message
from models.outbound import OutboundRefused, check_url, opener

TIMEOUT_S = 30.0
MAX_ANSWER = 1_000_000  # bytes read from the answer: a note is a few kilobytes
LANGUAGE_NAMES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}
SYSTEM = (
    "You help a school career counsellor in Kazakhstan write a short consultation note. Use only "
    "the facts given. Do not invent names, scores or universities. Write in {language}, in plain "
    "words, at most 150 words, as a note the counsellor will edit."
)


class AssistantError(StoreError):
    """The external model could not be reached or gave no usable answer."""


@dataclass(frozen=True, slots=True)
class LlmConfig:
    endpoint: str  # base URL ending before /chat/completions, e.g. https://host/v1
    model: str
    api_key: str  # the key itself (unsealed by the caller, kept in memory only)


def payload(
    advice: Advice, lang: str, model: str, render: Callable[[object], str]
) -> dict[str, Any]:
    """The chat-completions request body: the summary and the steps as rendered sentences.

    Args:
        advice: the rule-based advice (built from the engine's input only).
        lang: the language the note should be written in.
        model: the model name the school configured.
        render: renders a Message in the reader's language.

    Returns:
        The JSON body to POST.
    """
    facts = [render(m) for m in advice.summary]
    steps = [f"{render(s.action)} ({render(s.reason)})" for s in advice.steps if not s.private]
    user = "Profile:\n" + "\n".join(f"- {f}" for f in facts)
    user += "\n\nSuggested next steps:\n" + "\n".join(f"- {s}" for s in steps)
    return {
        "model": model,
        "messages": [
            {
                "role": "system",
                "content": SYSTEM.format(language=LANGUAGE_NAMES.get(lang, "English")),
            },
            {"role": "user", "content": user},
        ],
        "temperature": 0.3,
    }


def _refused(code: str, detail: str) -> AssistantError:
    return AssistantError(code, [message(N_("The language model did not answer: {detail}"),
                                         detail=detail)])  # fmt: skip


def complete(config: LlmConfig, body: dict[str, Any], timeout: float = TIMEOUT_S) -> str:
    """POST the body to the endpoint's /chat/completions and return the answer's text.

    Raises:
        AssistantError: the endpoint could not be reached, refused, or answered without text.
    """
    url = config.endpoint.rstrip("/") + "/chat/completions"
    try:
        check_url(url)  # again at each call: the name may resolve elsewhere since it was saved
    except OutboundRefused as exc:
        raise AssistantError("assistant.bad_endpoint", [exc.problem]) from exc
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json",
                 **({"Authorization": f"Bearer {config.api_key}"} if config.api_key else {})},
    )  # fmt: skip
    try:
        with opener().open(request, timeout=timeout) as response:  # checked addresses only
            answer = json.loads(response.read(MAX_ANSWER).decode("utf-8"))
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:  # not followed: a redirect could lead inside the network
            raise _refused("assistant.redirect", f"HTTP {exc.code}, a redirect (give the "
                           "endpoint's final address)") from exc  # fmt: skip
        raise _refused("assistant.http_error", f"HTTP {exc.code}") from exc
    except OutboundRefused as exc:  # the name resolved to a refused address at connect time
        raise AssistantError("assistant.bad_endpoint", [exc.problem]) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise _refused("assistant.unreachable", str(getattr(exc, "reason", exc))) from exc
    except ValueError as exc:
        raise _refused("assistant.bad_answer", "not JSON") from exc
    try:
        text = answer["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise _refused("assistant.bad_answer", "no choices in the answer") from exc
    if not isinstance(text, str) or not text.strip():
        raise _refused("assistant.bad_answer", "an empty answer")
    return text.strip()


def polish(config: LlmConfig, advice: Advice, lang: str, render: Callable[[object], str]) -> str:
    """The note rewritten by the school's language model.

    Raises:
        AssistantError: see `complete`.
    """
    return complete(config, payload(advice, lang, config.model, render))


def lines(text: str) -> Sequence[str]:
    """The answer's non-empty lines (for showing it as paragraphs)."""
    return [line.strip() for line in text.splitlines() if line.strip()]
