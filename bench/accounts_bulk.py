"""Time bulk account creation and the account pages (python -m bench.accounts_bulk).

Each bulk run starts from a fresh copy of the demo store, so every run creates the same accounts.
"""

from __future__ import annotations

import io
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from argon2 import PasswordHasher
from openpyxl import Workbook
from sqlmodel import select

from models.account_bulk import bulk_create_accounts, create_missing_accounts
from models.account_logins import initial_passwords
from models.account_workbook import read_accounts_workbook
from models.accounts import PARENT, STUDENT, TEACHER, UserAccount
from models.db import dispose_engines, session_scope
from models.people import Student
from tests.web.conftest import _point_at, build_demo_store


def _seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _workbook(codes: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Роль", "ФИО", "Логин", "Эл. почта", "Код (учителя/ученика/родителя)"])
    for code in codes:
        sheet.append(["ученик", None, None, None, code])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _school_id() -> int:
    with session_scope() as db:
        admin = db.exec(select(UserAccount).where(UserAccount.login == "director")).one()
        assert admin.school_id is not None
        return admin.school_id


def _missing(roles: tuple[str, ...]) -> int:
    with session_scope() as db:
        slips = create_missing_accounts(db, school_id=_school_id(), roles=roles, actor="bench")
    return len(slips)


def _upload(body: bytes) -> int:
    rows = read_accounts_workbook(body)
    with session_scope() as db:
        return len(bulk_create_accounts(db, school_id=_school_id(), rows=rows, actor="bench"))


def _pages() -> None:
    """Median and p95 ms of the account pages, through the app, with ~1,500 accounts."""
    from litestar.testing import TestClient

    from tests.web.conftest import login
    from web.app import create_app

    with TestClient(create_app()) as client:
        login(client, "director")
        found = re.search(r'href="(/accounts/\d+)"', client.get("/accounts?role=parent").text)
        assert found is not None
        detail = found.group(1)
        print("\n| page (GET) | median ms | p95 ms |\n|---|---:|---:|")
        for url in ("/accounts", "/accounts?q=ова", "/accounts/new", detail, "/join-codes"):
            times = sorted(1000 * _seconds(lambda u=url: client.get(u)) for _ in range(30))
            print(f"| `{url}` | {statistics.median(times):.1f} | {times[28]:.1f} |")


def main() -> None:
    """Print a markdown table of wall-clock seconds per operation, three runs each."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "base"
        base.mkdir()
        build_demo_store(base)
        with session_scope() as db:
            linked = set(db.exec(select(UserAccount.student_id)).all())
            codes = [s.code for s in db.exec(select(Student)).all() if s.id not in linked]
        body = _workbook(codes)
        cases: list[tuple[str, Callable[[], int]]] = [
            ("everyone without an account (teachers, students, parents)",
             lambda: _missing((TEACHER, STUDENT, PARENT))),
            ("workbook upload, one row per student (read + check + write)", lambda: _upload(body)),
        ]  # fmt: skip
        print("| operation | accounts | median s | min s | ms per account |")
        print("|---|---:|---:|---:|---:|")
        dispose_engines()  # the base store is closed, so its copies are whole
        for case, (name, run) in enumerate(cases):
            times, count = [], 0
            for attempt in range(3):
                copy = Path(folder) / f"run-{case}-{attempt}"
                shutil.copytree(base, copy)
                _point_at(f"sqlite:///{copy / 'store.db'}", copy)
                start = time.perf_counter()
                count = run()
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            print(f"| {name} | {count} | {median:.2f} | {min(times):.2f} | "
                  f"{1000 * median / count:.2f} |")  # fmt: skip
        _pages()  # on the last copy: the demo school with everyone's account
        light = _seconds(lambda: initial_passwords(1000)) / 1000
        full = _seconds(lambda: [PasswordHasher().hash("x" * 10) for _ in range(10)]) / 10
        print(f"\nlight initial-password hash (2 threads): {1000 * light:.2f} ms each; "
              f"full Argon2id default: {1000 * full:.1f} ms each")  # fmt: skip


if __name__ == "__main__":
    main()
