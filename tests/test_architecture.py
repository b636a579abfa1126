"""The import directions of DESIGN.md, checked by walking every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("solver", "models", "importers", "substitutions", "journal", "lms", "guidance", "web")

# package -> packages of ours it may import (itself always allowed)
ALLOWED: dict[str, set[str]] = {
    "models": set(),
    "solver": set(),  # solver/store.py is the one exception, below
    "importers": {"models", "solver"},
    "substitutions": {"models", "solver"},
    "journal": {"models"},
    "lms": {"models"},
    "guidance": {"models"},
    "web": set(PACKAGES),
}
EXCEPTIONS = {("solver/store.py", "models")}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(PACKAGES)


def forbidden_edges() -> list[str]:
    bad = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/versions/" in rel:
                continue
            for target in _imports(path) - {package} - ALLOWED[package]:
                if (rel, target) not in EXCEPTIONS:
                    bad.append(f"{rel} imports {target}")
    return bad


def test_dependencies_point_inward() -> None:
    assert forbidden_edges() == []


def test_the_checker_sees_a_forbidden_edge(tmp_path: Path, monkeypatch) -> None:
    # A module that breaks the rule must be caught, or the test above proves nothing.
    fake = tmp_path / "models"
    fake.mkdir()
    (fake / "bad.py").write_text("from web import cli\n", encoding="utf-8")
    for package in PACKAGES:
        if package != "models":
            (tmp_path / package).mkdir()
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert forbidden_edges() == ["models/bad.py imports web"]


def _is_content(path: Path) -> bool:
    relative = path.relative_to(ROOT).as_posix()
    return relative.startswith("lms/content/") or "/solutions/" in relative


def test_every_module_has_a_docstring() -> None:
    missing = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            # generated migrations, and course content (reference solutions and test
            # generators are data for the judge, written at the students' level)
            if "/migrations/versions/" in path.as_posix() or _is_content(path):
                continue
            if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None:
                missing.append(path.relative_to(ROOT).as_posix())
    assert missing == []
