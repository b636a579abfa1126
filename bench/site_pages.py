"""The school website's public pages against a real server: time per page, and what a 304 saves.

    python -m bench.site_pages                 # 120 requests per page, sequential
    python -m bench.site_pages --runs 300 --news 300 --albums 30

A fresh demo store (the web tests' `build_demo_store`) gets the demo site (web.demo_site) plus
`--news` published news items (two photos each on every tenth), `--albums` published albums of
12 photos (one in three showing tagged pupils, half of them with consent), and consents for half
of the school's pupils. Rows and photos are made through the site's services, not timed.

`sabaq serve` then runs in its own process (bench.web_server); one visitor asks for each page
`--runs` times in turn (no concurrency: this measures a page's own cost), first plainly, then
with the ETag the server gave (If-None-Match -> 304). Reported: p50 / p95 wall ms and the
server's CPU ms per request (its user + system time over the run, divided by the requests).
The server runs with SABAQ_RATE_LIMITS=off (a single visitor would hit the public limit).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from PIL import Image
from sqlmodel import col, select

from bench.web_load import _loadavg
from bench.web_server import cpu_seconds, serve
from models.db import dispose_engines, session_scope
from models.people import Student
from models.school_data import get_school
from models.website import NEWS, SiteAlbum, SitePost
from models.website_consent import record_consent
from models.website_items import PostForm, save_album, save_post, set_published
from models.website_media import Upload, add_photos, save_photo
from tests.web.conftest import build_demo_store
from web.demo_site import create_demo_site


def _jpeg(seed: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (seed * 37 % 255, 120, 200)).save(out, "JPEG", quality=80)
    return out.getvalue()


def _news(db: object, school_id: int, root: Path, count: int) -> None:
    from sqlmodel import Session

    assert isinstance(db, Session)
    for n in range(count):
        texts = {
            lang: {
                "title": f"{lang} news {n}",
                "summary": "Short summary of the item.",
                "body": "Some **text**\n\n- one\n- two\n" * 5,
            }
            for lang in ("kk", "ru")
        }
        post = save_post(
            db, school_id=school_id, actor="bench", form=PostForm(kind=NEWS, texts=texts)
        )
        if n % 10 == 0:
            add_photos(
                db,
                school_id=school_id,
                actor="bench",
                root=root,
                post_id=post.id,
                uploads=[Upload("a.jpg", _jpeg(n)), Upload("b.jpg", _jpeg(n + 1))],
            )
        set_published(
            db,
            school_id=school_id,
            actor="bench",
            kind="post",
            item_id=post.id or 0,
            published=True,
        )


def _albums(db: object, school_id: int, root: Path, count: int, pupils: list[int]) -> None:
    from sqlmodel import Session

    assert isinstance(db, Session)
    for n in range(count):
        album = save_album(
            db,
            school_id=school_id,
            actor="bench",
            texts={"ru": {"title": f"Альбом {n}"}},
            taken_on=None,
        )
        photos = add_photos(
            db,
            school_id=school_id,
            actor="bench",
            root=root,
            album_id=album.id,
            uploads=[Upload(f"{k}.jpg", _jpeg(n * 12 + k)) for k in range(12)],
        ).added
        for k, photo in enumerate(photos):
            if k % 3 == 0:
                tagged = pupils[(n * 12 + k) % len(pupils) :][:3]
                save_photo(
                    db,
                    school_id=school_id,
                    actor="bench",
                    photo_id=photo.id or 0,
                    captions={},
                    shows_pupils=True,
                    student_ids=tagged,
                )
        set_published(
            db,
            school_id=school_id,
            actor="bench",
            kind="album",
            item_id=album.id or 0,
            published=True,
        )


def build(directory: Path, news: int, albums: int) -> tuple[str, Path, str, dict[str, str]]:
    """The store with the site's content; returns its URL, data dir, school code and pages."""
    store = build_demo_store(directory)
    with session_scope() as db:
        school = get_school(db, code=store.school_code)
        assert school.id is not None
        create_demo_site(db, school_id=school.id, root=store.data_dir)
        pupils = [
            i
            for i in db.exec(
                select(Student.id).where(Student.school_id == school.id).order_by(col(Student.id))
            ).all()
            if i is not None
        ]
        for pupil in pupils[::2]:
            record_consent(
                db,
                school_id=school.id,
                actor="bench",
                student_id=pupil,
                given_by="Parent",
                given_on=school.created_at.date(),
            )
        _news(db, school.id, store.data_dir, news)
        _albums(db, school.id, store.data_dir, albums, pupils)
        article = db.exec(
            select(SitePost.id)
            .where(SitePost.school_id == school.id)
            .order_by(col(SitePost.id).desc())
        ).first()
        album = db.exec(
            select(SiteAlbum.id)
            .where(SiteAlbum.school_id == school.id)
            .order_by(col(SiteAlbum.id).desc())
        ).first()
    site = f"/s/{store.school_code}"
    pages = {
        "home": f"{site}/?lang=ru",
        "news list": f"{site}/news?lang=ru",
        "article": f"{site}/news/{article}?lang=ru",
        "events": f"{site}/events?lang=ru",
        "album (12 photos)": f"{site}/gallery/{album}?lang=ru",
        "gallery": f"{site}/gallery?lang=ru",
        "timetable week": "",
        "atom feed": f"{site}/feed.atom?lang=ru",
        "sitemap": f"{site}/sitemap.xml",
    }
    dispose_engines()
    return store.url, store.data_dir, store.school_code, pages


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(client: httpx.Client, pid: int, path: str, runs: int, etag: bool) -> dict[str, float]:
    """p50/p95 wall ms and the server's CPU ms per request for `runs` requests of `path`."""
    headers = {}
    if etag:
        headers["if-none-match"] = client.get(path).headers.get("etag", "")
    cpu_before = cpu_seconds(pid)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == (304 if etag else 200), (path, response.status_code)
    cpu = (cpu_seconds(pid) - cpu_before) * 1000 / runs
    return {
        "p50": round(statistics.median(times), 1),
        "p95": round(_percentile(times, 0.95), 1),
        "cpu_ms": round(cpu, 1),
        "bytes": len(client.get(path).content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=120)
    parser.add_argument("--news", type=int, default=200)
    parser.add_argument("--albums", type=int, default=20)
    args = parser.parse_args()
    # one visitor asks for thousands of pages: the public limit per address (web.security)
    # would answer 429 long before; this measures the pages, not the limiter
    os.environ["SABAQ_RATE_LIMITS"] = "off"
    with tempfile.TemporaryDirectory(prefix="sabaq-site-bench-") as tmp:
        url, data_dir, code, pages = build(Path(tmp), args.news, args.albums)
        with serve(url, data_dir) as server, httpx.Client(base_url=server.url, timeout=30) as c:
            index = c.get(f"/s/{code}/timetable?lang=ru").text
            link = next(p.split('"')[0] for p in index.split('href="') if "/timetable/class/" in p)
            pages["timetable week"] = link.replace("&amp;", "&")
            report = {
                "load_before": _loadavg(),
                "runs": args.runs,
                "news": args.news,
                "albums": args.albums,
                "pages": {},
            }
            for name, path in pages.items():
                report["pages"][name] = {  # type: ignore[index]
                    "200": measure(c, server.pid, path, args.runs, etag=False),
                    "304": measure(c, server.pid, path, args.runs, etag=True),
                }
            report["load_after"] = _loadavg()
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
