"""The demo school's website for the site's web tests, and small readers of what pages say."""

from __future__ import annotations

from html.parser import HTMLParser

from sqlmodel import select

from models.db import session_scope
from models.school import School
from models.school_data import get_school
from models.website import SitePost
from tests.web.conftest import DemoStore
from web.demo_site import create_demo_site


def add_demo_site(store: DemoStore) -> int:
    """Fills the demo school's site (once per store); returns the school id."""
    with session_scope() as db:
        school = get_school(db, code=store.school_code)
        assert school.id is not None
        if db.exec(select(SitePost).where(SitePost.school_id == school.id)).first() is None:
            create_demo_site(db, school_id=school.id, root=store.data_dir)
        return school.id


def other_school(code: str = "OTHER-SITE") -> int:
    """A second school (made once) whose site must never show the demo school's items."""
    with session_scope() as db:
        found = db.exec(select(School).where(School.code == code)).first()
        if found is not None and found.id is not None:
            return found.id
        school = School(code=code, name="Басқа мектеп", language="ru")
        db.add(school)
        db.flush()
        assert school.id is not None
        return school.id


class Meta(HTMLParser):
    """The <meta property|name=... content=...> and <link rel=canonical> of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical = ""
        self.images: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and "content" in values:
            key = values.get("property") or values.get("name") or ""
            self.meta.setdefault(key, []).append(values["content"])
        elif tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href", "")
        elif tag == "img":
            self.images.append(values.get("src", ""))

    def one(self, key: str) -> str:
        """The one value of a meta key (fails when absent or repeated)."""
        found = self.meta.get(key, [])
        assert len(found) == 1, (key, found)
        return found[0]
