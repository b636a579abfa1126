"""Context help: which section of the viewer's guide explains the page they are on.

Each path prefix names the sections that may explain it, most specific first; the first one the
role's guide has wins, and a page no section explains falls back to the role's "start" section
on purpose (the overview says where everything is).
"""

from __future__ import annotations

from web.help.guide import guide

FALLBACK = "start"
GUIDANCE_TOOLS = ("admissions", "future", "profiles", "guidance")
LEARNING = ("contests", "courses", "learn")
# A path is matched by its longest prefix of whole segments ("/office/data" before "/office").
PAGE_SECTIONS: dict[str, tuple[str, ...]] = {
    "/panel": ("panel",),
    "/accounts": ("accounts",),
    "/join-codes": ("accounts", "courses"),
    "/roster": ("accounts",),
    "/data": ("data",),
    "/office/data": ("data",),
    "/office": ("timetable",),
    "/api/office": ("timetable",),
    "/timetables": ("timetable",),
    "/exports": ("timetable",),
    "/ical": ("timetable",),
    "/calendar": ("timetable",),
    "/lti": ("integrations",),
    "/my/timetable": ("timetable",),
    "/api/my": ("timetable",),
    "/my/absences": ("absences", "timetable"),
    "/substitutions": ("substitutions",),
    "/registers": ("register", "journal"),
    "/api/registers": ("register",),
    "/grades": ("grades", "register"),
    "/reports": ("reports", "register"),
    "/settings/reports": ("reports", "register"),
    "/courses": ("courses", "learn"),
    "/learn": ("learn", "courses"),
    "/certificates": ("learn", "courses"),
    "/contests": LEARNING,
    "/tasks": LEARNING,
    "/submissions": LEARNING,
    "/journal": ("journal",),
    "/site-admin": ("website",),
    "/s": ("website",),
    "/guidance/programme": ("programme", "guidance"),
    "/guidance/materials": ("programme", "guidance"),
    "/guidance/reports": ("programme", "guidance"),
    "/guidance/instruments": ("programme", "surveys", "guidance"),
    "/guidance/mock": GUIDANCE_TOOLS,
    "/guidance/news": GUIDANCE_TOOLS,
    "/guidance/contact": ("consult", "future", "guidance"),
    "/surveys": ("surveys",),
    "/my/surveys": ("surveys",),
    "/cases": ("cases",),
    "/consult": ("consult", "future"),
    "/profile": ("profiles", "future", "guidance"),
    "/atlas": GUIDANCE_TOOLS,
    "/admissions": GUIDANCE_TOOLS,
    "/expert": GUIDANCE_TOOLS,
    "/expert/settings": ("guidance",),
    "/privacy": ("privacy", "safety", "family-settings"),
    "/my/photo-consent": ("family-settings", "privacy"),
    "/restore-deleted": ("safety", "audit"),
    "/audit": ("safety", "audit"),
    "/audit.csv": ("safety", "audit"),
    "/settings/mail": ("safety",),
    "/platform": ("schools",),
    "/account/notices": ("family-settings", "account"),
    "/account": ("account",),
    "/notices": ("account",),
    "/search": ("account",),
    "/offline": ("offline",),
    "/api/offline": ("offline",),
    "/support/queue": ("support-queue", "support"),
    "/support/platform": ("support-queue", "support"),
    "/support": ("support",),
    "/help": ("support",),
    "/onboarding": ("support",),
}


def _candidates(path: str) -> tuple[str, ...]:
    """The sections named for the longest prefix of `path` that the map knows."""
    parts = [p for p in path.split("?")[0].split("/") if p]
    for n in range(len(parts), 0, -1):
        prefix = "/" + "/".join(parts[:n])
        if prefix in PAGE_SECTIONS:
            return PAGE_SECTIONS[prefix]
    return ()


def section_for(role: str, path: str, language: str | None = None) -> str:
    """The id of the section of `role`'s guide that explains the page at `path`.

    Args:
        role: the viewer's role.
        path: the page's path (a query string is ignored).
        language: the guide's language (the section ids are the same in every language).

    Returns:
        A section id the role's guide has: the first match, else "start".
    """
    ids = guide(role, language).ids
    return next((s for s in _candidates(path) if s in ids), FALLBACK)
