"""Every XML reader of uploaded files refuses entity bombs and external entities with a clear
error (ASVS 5.5.2): FET, XHSTT, aSc, fet-cl's output, Moodle quizzes and Polygon packages; and no
module parses XML with the plain ElementTree functions any more."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from importers.fet.output import read_fet_times
from importers.inputs import load_input
from importers.loaded import InputError
from lms.judge.polygon import import_polygon
from lms.quizimport.moodle import read_moodle

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("models", "solver", "importers", "substitutions", "journal", "lms", "guidance", "web")
SECRET = "sabaq-secret-file-content"


def laughs(root: str) -> str:
    """A billion laughs: 10 levels of 10 copies, a gigabyte of "lol" from a few hundred bytes."""
    lines = ['<!ENTITY lol0 "lol">']
    lines += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n' + "\n".join(lines) + "\n]>\n"
            f"<{root}>&lol9;</{root}>\n")  # fmt: skip


def external(root: str, secret: Path) -> str:
    """An external entity that would paste a file of the server into the document."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
            f"<{root}>&x;</{root}>\n")  # fmt: skip


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.mark.parametrize(
    ("suffix", "root"),
    [(".fet", "fet"), (".xml", "HighSchoolTimetableArchive"), (".xml", "timetable")],
)
def test_timetable_imports_refuse_bombs_and_external_entities(
    tmp_path: Path, secret: Path, suffix: str, root: str
) -> None:
    for kind, text in (("laughs", laughs(root)), ("external", external(root, secret))):
        path = tmp_path / f"{kind}{suffix}"
        path.write_text(text)
        with pytest.raises(InputError) as refused:
            load_input(path)
        words = str(refused.value)
        assert "declares XML entities" in words, words  # says what is wrong
        assert SECRET not in words and "lollol" not in words


def test_the_xhstt_and_asc_readers_refuse_entities_themselves(secret: Path) -> None:
    from importers.asc.xmltree import XmlError, parse_xml
    from importers.xhstt.xmltree import XhsttError, parse_bytes

    for text in (laughs("HighSchoolTimetableArchive"), external("a", secret)):
        with pytest.raises(XhsttError, match="declares XML entities"):
            parse_bytes(text.encode(), "upload.xml")
        with pytest.raises(XmlError, match="entity declarations are not allowed"):
            parse_xml(text.encode())


def test_fet_cl_output_refuses_entities(tmp_path: Path, secret: Path) -> None:
    for text in (laughs("Activities_Timetable"), external("Activities_Timetable", secret)):
        path = tmp_path / "activities.xml"
        path.write_text(text)
        with pytest.raises(ValueError, match="Forbidden") as refused:
            read_fet_times(path)
        assert SECRET not in str(refused.value)


def test_a_moodle_quiz_with_entities_is_a_problem_even_in_utf16(secret: Path) -> None:
    for text in (laughs("quiz"), external("quiz", secret)):
        for data in (text.encode(), text.replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
                     .encode("utf-16")):  # fmt: skip
            quiz = read_moodle(data, "ru")
            assert [str(p) for p in quiz.problems] == [
                "the file declares a DOCTYPE or entities; Moodle's do not"
            ]


def test_a_polygon_package_with_entities_is_refused(tmp_path: Path, secret: Path) -> None:
    from lms.judge.task import TaskInvalid

    package = tmp_path / "package"
    package.mkdir()
    (package / "problem.xml").write_text(external("problem", secret))
    with pytest.raises(TaskInvalid) as refused:
        import_polygon(package, tmp_path / "tasks")
    assert "problem.xml cannot be read" in str(refused.value) and SECRET not in str(refused.value)


UNSAFE = {"parse", "fromstring", "iterparse", "XML", "XMLParser", "fromstringlist"}


def test_no_module_parses_xml_with_plain_elementtree_or_unguarded_expat() -> None:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            text = path.read_text()
            tree = ast.parse(text)
            aliases = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.Import)
                       for a in n.names if a.name == "xml.etree.ElementTree"}  # fmt: skip
            for node in ast.walk(tree):
                if _unsafe_call(node, aliases):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} ET.{node.func.attr}")  # type: ignore[attr-defined]
            if "ParserCreate(" in text and "EntityDeclHandler" not in text:
                found.append(f"{path.relative_to(ROOT)}: expat without refusing entities")
    assert found == []


def _unsafe_call(node: ast.AST, aliases: set[str]) -> bool:
    """`ET.parse(...)` and the like, where ET is plain ElementTree under one of `aliases`."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    owner = node.func.value
    return isinstance(owner, ast.Name) and owner.id in aliases and node.func.attr in UNSAFE
