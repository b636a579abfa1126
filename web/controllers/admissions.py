"""Admissions for students and staff: the UNT and its pairs, a programme group, universities,
Nazarbayev University and study abroad - every figure with its year and source."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from guidance.admissions.schemas import CATEGORIES, Admissions
from guidance.admissions.school import admissions_for_school
from guidance.atlas.loader import shipped_atlas
from models.accounts import COUNSELLOR, SCHOOL_ADMIN
from models.db import read_scope
from models.i18n import N_
from web.auth import SCHOOL_ROLES, require_school, require_viewer
from web.i18n import sort_key
from web.pages import page, request_locale

READERS = {"roles": SCHOOL_ROLES}
EDITORS = (SCHOOL_ADMIN, COUNSELLOR)
CATEGORY_NAMES = {
    "general": N_("most programmes"),
    "national": N_("national universities"),
    "medical": N_("medicine"),
    "pedagogical": N_("teacher training"),
    "law": N_("law"),
}


def _school_data(request: Request[Any, Any, Any]) -> tuple[Admissions, bool]:
    """The reader's school's admissions data, and whether the reader may update its figures."""
    viewer = require_viewer(request)
    with read_scope() as db:
        data = admissions_for_school(db, school_id=require_school(viewer))
    return data, viewer.role in EDITORS


@get("/admissions", opt=READERS, sync_to_thread=False)
def admissions_index(request: Request[Any, Any, Any]) -> Template:
    """The UNT's structure, the grant minimums, the allowed pairs and the groups they open."""
    data, editor = _school_data(request)
    minimums = [(c, data.minimum(c)) for c in CATEGORIES]
    return page(request, "admissions/index.html", data=data, editor=editor, minimums=minimums,
                category_names=CATEGORY_NAMES)  # fmt: skip


@get("/admissions/groups/{code:str}", opt=READERS, sync_to_thread=False)
def group_page(request: Request[Any, Any, Any], code: FromPath[str]) -> Template:
    """One group of educational programmes: its pairs, pass scores, universities, professions."""
    data, editor = _school_data(request)
    group = data.groups.get(code)
    if group is None:
        raise NotFoundException()
    order = sort_key(request_locale(request))
    lang = request_locale(request)
    universities = sorted((u for u in data.universities.values() if code in u.groups),
                          key=lambda u: (not u.national, order(u.name.get(lang))))  # fmt: skip
    return page(
        request, "admissions/group.html", data=data, group=group, editor=editor,
        pairs=[p for p in data.pairs.values() if code in p.groups], universities=universities,
        professions=[p for p in shipped_atlas().professions if code in p.groups],
        minimum=data.minimum(group.category), national=data.minimum("national"),
    )  # fmt: skip


@get("/admissions/universities", opt=READERS, sync_to_thread=False)
def universities_page(request: Request[Any, Any, Any]) -> Template:
    """Universities of Kazakhstan in our list with the groups each teaches, by city."""
    data, _ = _school_data(request)
    lang = request_locale(request)
    order = sort_key(lang)
    by_city: dict[str, list[Any]] = {}
    for u in sorted(data.universities.values(), key=lambda u: order(u.name.get(lang))):
        by_city.setdefault(u.city.get(lang), []).append(u)
    cities = sorted(by_city, key=order)
    return page(request, "admissions/universities.html", data=data, by_city=by_city,
                cities=cities)  # fmt: skip


@get("/admissions/abroad", opt=READERS, sync_to_thread=False)
def abroad_page(request: Request[Any, Any, Any]) -> Template:
    """Nazarbayev University (NUET, English) and study abroad: countries and scholarships."""
    data, _ = _school_data(request)
    return page(request, "admissions/abroad.html", data=data)


ROUTES = [admissions_index, group_page, universities_page, abroad_page]
