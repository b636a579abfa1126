"""The atlas of professions for students and staff: browse by sector, search, one profession
with where to study it (UNT pair, programme groups, universities with this school's figures)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from guidance.admissions.loader import shipped_admissions
from guidance.admissions.school import admissions_for_school
from guidance.assistant.documents import PROFESSION
from guidance.assistant.search import shipped_index
from guidance.atlas.loader import shipped_atlas
from guidance.atlas.schemas import RIASEC, Profession
from guidance.recommend.fit import profession_code
from guidance.recommend.words import DEMAND, HOLLAND
from models.db import read_scope
from models.i18n import N_
from web.auth import SCHOOL_ROLES, require_school, require_viewer
from web.i18n import sort_key
from web.pages import page, request_locale

READERS = {"roles": SCHOOL_ROLES}
ONET_LINK = "https://www.onetonline.org/link/summary/"
JOB_ZONES = {
    1: N_("Little or no preparation needed"),
    2: N_("Some preparation needed"),
    3: N_("Medium preparation needed"),
    4: N_("Considerable preparation needed"),
    5: N_("Extensive preparation needed"),
}


def _matching(q: str) -> list[str] | None:
    """Profession ids the expert's search finds for `q`, best first; None without a query."""
    if not q.strip():
        return None
    hits = shipped_index().search(q, limit=40)
    return [h.document.key.split(":", 1)[1] for h in hits if h.document.kind == PROFESSION]


@get("/atlas", opt=READERS, sync_to_thread=False)
def atlas_index(
    request: Request[Any, Any, Any], q: FromQuery[str] = "", sector: FromQuery[str] = ""
) -> Template:
    """Every profession by sector, or those a search finds; with O*NET's attribution."""
    require_school(require_viewer(request))
    lang = request_locale(request)
    atlas = shipped_atlas()
    found = _matching(q)
    if found is not None:
        professions = [atlas.by_id[p] for p in found]
    else:
        order = sort_key(lang)
        professions = sorted(atlas.professions, key=lambda p: order(p.title.get(lang)))
    if sector in atlas.sectors:
        professions = [p for p in professions if p.sector == sector]
    by_sector: dict[str, list[Profession]] = {}
    for p in professions:
        by_sector.setdefault(p.sector, []).append(p)
    return page(
        request, "atlas/index.html", atlas=atlas, by_sector=by_sector, q=q, sector=sector,
        searched=found is not None, count=len(professions), demand=DEMAND,
    )  # fmt: skip


@get("/atlas/{pid:str}", opt=READERS, sync_to_thread=False)
def profession_page(request: Request[Any, Any, Any], pid: FromPath[str]) -> Template:
    """One profession: what the work is, its interests profile, demand, and where to study."""
    school_id = require_school(require_viewer(request))
    atlas = shipped_atlas()
    profession = atlas.by_id.get(pid)
    if profession is None:
        raise NotFoundException()
    with read_scope() as db:
        data = admissions_for_school(db, school_id=school_id)
    groups = [data.groups[g] for g in profession.groups]
    pairs = [data.pairs[p] for p in profession.pairs]
    universities = {
        g.code: [u for u in data.universities.values() if g.code in u.groups] for g in groups
    }
    return page(
        request, "atlas/profession.html", p=profession, atlas=atlas, data=data, groups=groups,
        pairs=pairs, universities=universities, riasec=list(zip(RIASEC, profession.onet.riasec,
                                                                strict=True)),
        holland=HOLLAND, code=profession_code(profession), demand=DEMAND,
        job_zone=JOB_ZONES.get(profession.onet.job_zone or 0), onet_link=ONET_LINK,
        outlook_source=shipped_admissions().sources.get(profession.outlook.source),
    )  # fmt: skip


ROUTES = [atlas_index, profession_page]
