"""The JSON API's OpenAPI document at /schema/openapi.json (docs/security/api.md).

Litestar generates the schema of every route from the handlers' signatures; the pages (HTML
forms, files, feeds) are not an API, so the document lists only the routes that answer JSON to
scripts: the IDE, search suggestions, the register and gradebook's phone calls, offline sync,
live boards. Handlers that answer `Response[Any]` or `dict[str, Any]` say nothing about their
JSON, so their answers' shapes are written here (`RESPONSES`) from the handlers' code; a handler
that gains a typed return value can drop its line. Only the document is served: no HTML viewer
(it would load scripts from a CDN, which the Content Security Policy forbids).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from litestar import MediaType, Request, Router
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from web.auth import PUBLIC

# path (as the OpenAPI document writes it) -> the methods of it that answer JSON
API: dict[str, tuple[str, ...]] = {
    "/api/my/today": ("get",),
    "/api/my/covers": ("get",),
    "/api/office/versions/{number}/cells": ("get",),
    "/api/office/versions/{number}/check": ("post",),
    "/api/grades/mark": ("post",),
    "/api/registers/{day}/{lesson}/{unit}": ("get",),
    "/api/registers/{day}/{lesson}/{unit}/mark": ("post",),
    "/api/offline": ("get",),
    "/api/sync": ("post",),
    "/search/suggest": ("get",),
    "/contests/{contest_id}/board.json": ("get",),
    "/courses/{course_id}/live.json": ("get",),
    "/submissions/{submission_id}/state": ("get",),
    "/tasks/{task_id}/submit": ("post",),
    "/tasks/{task_id}/run": ("post",),
    "/tasks/{task_id}/draft": ("post",),
}
ERROR = {
    "type": "object",
    "description": "A refusal: the sentences that say why, in the reader's language.",
    "properties": {
        "error": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "code": {"type": "string"},
        "retry_after": {"type": "integer", "minimum": 1},
    },
    "required": ["error"],
}
_SUBMITTED = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "events": {"type": "string"}},
    "required": ["id", "events"],
}
_HIT = {
    "type": "object",
    "properties": {
        "kind": {"type": "string"},
        "url": {"type": "string"},
        "title": {"type": "array", "items": {"type": "array"}},
    },
}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_LESSON = {
    "type": "object",
    "properties": {
        "period": {"type": "integer"}, "shift": {"type": "string"},
        "start": {"type": ["string", "null"]}, "end": {"type": ["string", "null"]},
        "subject": {"type": "string"}, "audience": {"type": "string"}, "groups": _STRINGS,
        "teachers": _STRINGS, "room": {"type": ["string", "null"]},
        "building": {"type": ["string", "null"]}, "double": {"type": "boolean"},
        "travel": {"type": ["object", "null"], "properties": {
            "from": {"type": "string"}, "to": {"type": "string"},
            "minutes": {"type": "integer"}, "break": {"type": "integer"}}},
    },
}  # fmt: skip
_TODAY = {
    "type": "object",
    "properties": {
        "date": {"type": "string", "format": "date"}, "day": {"type": ["integer", "null"]},
        "holiday": {"type": ["string", "null"]}, "version": {"type": "integer"},
        "timetables": {"type": "array", "items": {"type": "object", "properties": {
            "title": {"type": "string"}, "kind": {"type": "string"}, "code": {"type": "string"},
            "lessons": {"type": "array", "items": _LESSON},
            "changes": {"type": "array", "items": {"type": "object"}}}}},
    },
    "required": ["date", "day", "version", "timetables"],
}  # fmt: skip
_COVERS = {
    "type": "object",
    "properties": {
        "date": {"type": "string", "format": "date"},
        "covers": {"type": "array", "items": {"type": "object"}},
    },
}
# (path, method) -> {status: schema} for answers the handlers do not type themselves
RESPONSES: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("/api/my/today", "get"): {"200": _TODAY},
    ("/api/my/covers", "get"): {"200": _COVERS},
    ("/tasks/{task_id}/submit", "post"): {"201": _SUBMITTED},
    ("/tasks/{task_id}/run", "post"): {"201": _SUBMITTED},
    ("/tasks/{task_id}/draft", "post"): {
        "201": {"type": "object", "properties": {"saved": {"type": "boolean"}}}
    },
    ("/search/suggest", "get"): {
        "200": {"type": "object", "properties": {"hits": {"type": "array", "items": _HIT}}}
    },
    ("/api/sync", "post"): {
        "200": {
            "type": "object",
            "properties": {"results": {"type": "array", "items": {"type": "object"}}},
        }
    },
}
# Ids are the store's 64-bit integers; a larger number in a JSON body still reaches some
# handlers' queries (docs/security/api.md lists them), so the contract says so.
ID = {"type": "integer", "format": "int64", "minimum": -(2**63), "maximum": 2**63 - 1}
_CODE_FORM = {
    "type": "object",
    "properties": {
        "language": {"type": "string", "enum": ["python", "cpp", "java", "pascal"]},
        "source": {"type": "string", "maxLength": 65536},
        "input": {"type": "string"},
    },
    "required": ["language", "source"],
}
# (path, method) -> (media type, schema) of request bodies the handlers take as plain dicts
REQUESTS: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {
    ("/tasks/{task_id}/submit", "post"): ("application/x-www-form-urlencoded", _CODE_FORM),
    ("/tasks/{task_id}/run", "post"): ("application/x-www-form-urlencoded", _CODE_FORM),
    ("/tasks/{task_id}/draft", "post"): ("application/x-www-form-urlencoded", _CODE_FORM),
    ("/api/grades/mark", "post"): ("application/json", {
        "type": "object",
        "properties": {"assessment_id": ID, "student_id": ID,
                       "value": {"type": "string", "description": "a mark, points, or empty"}},
        "required": ["assessment_id", "student_id", "value"],
    }),
    ("/api/registers/{day}/{lesson}/{unit}/mark", "post"): ("application/json", {
        "type": "object",
        "properties": {
            "student": ID,
            "status": {"type": "string", "enum": ["present", "absent", "late", "excused"]},
            "minutes": {"type": ["integer", "null"], "minimum": 0},
            "reason": {"type": "string"}, "why": {"type": "string"},
        },
        "required": ["student", "status"],
    }),
    ("/api/sync", "post"): ("application/json", {
        "type": "object",
        "properties": {
            "user": {**ID, "description": "the account that queued the operations"},
            "ops": {"type": "array", "items": {"type": "object"},
                    "description": "queued operations (journal.offline.parse_batch)"},
        },
        "required": ["user", "ops"],
    }),
}  # fmt: skip
REFUSALS = {
    "400": "The request breaks a rule; the sentences say which.",
    "401": "Not logged in.",
    "403": "This role may not call it, or the CSRF header is missing.",
    "404": "No such thing in the caller's school.",
    "429": "Too many requests; Retry-After says when to try again.",
}


def _json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _operation(path: str, method: str, operation: dict[str, Any]) -> dict[str, Any]:
    operation = copy.deepcopy(operation)
    if (path, method) in REQUESTS:
        media, schema = REQUESTS[(path, method)]
        operation["requestBody"] = {"required": True, "content": {media: {"schema": schema}}}
    responses = operation.setdefault("responses", {})
    for status, schema in RESPONSES.get((path, method), {}).items():
        entry = responses.setdefault(status, {"description": "OK"})
        entry["content"] = _json_content(schema)
    for status, text in REFUSALS.items():
        known = responses.get(status, {}).get("content", {}).get("application/json", {})
        if "schema" in known:  # Litestar's own (parameter validation): either shape may come
            known["schema"] = {"oneOf": [known["schema"], ERROR]}
        else:
            responses[status] = {"description": text, "content": _json_content(ERROR)}
    operation["security"] = [] if path.endswith("board.json") else [{"session": []}]
    return operation


def api_document(full: dict[str, Any]) -> dict[str, Any]:
    """The generated document cut down to the JSON API, with the answers' shapes filled in."""
    paths = {}
    for path, methods in API.items():
        item = full.get("paths", {}).get(path, {})
        kept = {m: _operation(path, m, item[m]) for m in methods if m in item}
        if kept:
            paths[path] = {**{k: v for k, v in item.items() if k == "parameters"}, **kept}
    document = {k: v for k, v in full.items() if k != "paths"}
    document["paths"] = paths
    return document


class ApiDocument(OpenAPIRenderPlugin):
    """Serves `api_document` of the app's generated schema (computed once per process)."""

    def __init__(self) -> None:
        super().__init__(path="/openapi.json", media_type=MediaType.JSON)
        self._body: bytes | None = None

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        if self._body is None:
            self._body = json.dumps(api_document(openapi_schema), ensure_ascii=False).encode()
        return self._body


def openapi_config() -> OpenAPIConfig:
    """The app's OpenAPI setting: the JSON API document, public, at /schema/openapi.json."""
    session = SecurityScheme(
        type="apiKey",
        name="sabaq_session",
        security_scheme_in="cookie",
        description="The session cookie of a logged-in account; POSTs also send the "
        "x-csrftoken header with the value of the sabaq_csrf cookie.",
    )
    return OpenAPIConfig(
        title="Sabaq JSON API",
        version="1",
        description="The JSON endpoints the app's own scripts call (docs/security/api.md).",
        path="/schema",
        components=Components(security_schemes={"session": session}),
        render_plugins=[ApiDocument()],
        openapi_router=Router(
            path="/schema", route_handlers=[], opt={"roles": PUBLIC}, include_in_schema=False
        ),
    )
