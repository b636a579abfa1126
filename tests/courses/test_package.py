"""Course packages: the starter courses read, stored, exported and re-imported exactly; every
problem of a broken package named with its file; unsafe archives refused; TOML written back."""

from __future__ import annotations

import io
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from lms.courses import tomlwrite
from lms.courses.content import CourseData, read_folder, to_files
from lms.courses.errors import CourseInvalid
from lms.courses.library import course_data, get_course, import_course, outline
from lms.courses.package import read_zip, zip_bytes
from lms.courses.starter import CONTENT, STARTER
from models.lms import CourseStep
from tests.courses.conftest import World


def _zip_files(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


@pytest.mark.parametrize("slug", STARTER)
def test_import_export_reimport_round_trips_exactly(
    db: Session, world: World, tmp_path: Path, slug: str
) -> None:
    source = CONTENT / slug
    first = import_course(db, school_id=world.school_a, data=read_folder(source), source="t")
    exported = zip_bytes(
        course_data(db, get_course(db, school_id=world.school_a, course_id=first.course_id))
    )
    # the package says what the folder says: TOML as data, every other file byte for byte
    files = _zip_files(exported)
    originals = {
        p.relative_to(source).as_posix(): p.read_bytes() for p in source.rglob("*") if p.is_file()
    }
    assert sorted(name.removeprefix(f"{slug}/") for name in files) == sorted(originals)
    for name, content in files.items():
        rel = name.removeprefix(f"{slug}/")
        if rel.endswith(".toml"):
            assert tomllib.loads(content.decode()) == tomllib.loads(originals[rel].decode()), rel
        else:
            assert content == originals[rel], rel
    # re-importing the export gives the same rows as a new version, and exports the same bytes
    archive = tmp_path / "course.zip"
    archive.write_bytes(exported)
    second = import_course(db, school_id=world.school_a, data=read_zip(archive), source="zip")
    assert (second.course_id, second.number) == (first.course_id, 2)
    assert second.steps == first.steps > 0
    db.commit()
    course = get_course(db, school_id=world.school_a, course_id=first.course_id)
    assert course.current_version_id == second.id
    again = zip_bytes(course_data(db, course))
    assert again == exported
    assert _rows(db, first.course_id, world.school_a, second.id or 0) == _rows(
        db, first.course_id, world.school_a, first.id or 0
    )


def _rows(db: Session, course_id: int, school_id: int, version_id: int) -> list[Any]:
    out = outline(db, get_course(db, school_id=school_id, course_id=course_id), version_id)
    return [
        (
            m.slug,
            m.title,
            m.extra,
            lesson.slug,
            lesson.extra,
            s.position,
            s.key,
            s.kind,
            s.points,
            s.body,
        )
        for m in out.modules
        for lesson in out.lessons[m.id or 0]
        for s in out.steps[lesson.id or 0]
    ]


def test_step_keys_and_points_of_the_starter_course(db: Session, world: World) -> None:
    version = import_course(
        db, school_id=world.school_a, data=read_folder(CONTENT / "python-first-steps")
    )
    steps = db.exec(select(CourseStep).where(CourseStep.version_id == version.id)).all()
    keys = {s.key: s for s in steps}
    assert len(keys) == len(steps) == version.steps
    assert keys["01-hello/text-intro"].points == 0
    assert keys["01-hello/single-1"].points == 10 and keys["01-hello/single-2"].kind == "single"
    assert keys["01-hello/blanks-1"].body["answers"] == [["print", "print()"], ["#"]]
    assert keys["01-hello/task-hello-world"].body == {"task": "hello-world"}
    assert "Сәлем" in keys["01-hello/text-intro"].body["texts"]["kk"]


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


BROKEN = {
    "course.toml": 'slug = "broken"\ntitle = {ru = "Курс"}\n'
    '[[modules]]\nslug = "m"\ntitle = {ru = "М"}\nlessons = ["l1", "missing"]\n',
    "lessons/l1/lesson.toml": """
title = {ru = "Урок"}
[[steps]]
kind = "text"
file = "nofile"
[[steps]]
kind = "single"
question = {ru = "?"}
options = [{ru = "a", correct = true}, {ru = "b", correct = true}]
[[steps]]
kind = "blanks"
answers = [["x"]]
text = {ru = "{{x}} и {{y}}"}
[[steps]]
kind = "quiz-show"
""",
    "lessons/stray/lesson.toml": 'title = {ru = "Забытый"}\n',
}


def test_a_broken_package_lists_every_problem_with_its_file(tmp_path: Path) -> None:
    with pytest.raises(CourseInvalid) as caught:
        read_folder(_write(tmp_path, BROKEN))
    said = [str(m) for m in caught.value.messages]
    assert caught.value.code == "course_invalid"
    assert "course.toml: lesson missing has no lessons/missing/lesson.toml" in said
    assert "lessons/l1/lesson.toml: step 1: no file nofile.<language>.md" in said
    assert "lessons/l1/lesson.toml: step 2: a single choice has exactly one correct option" in said
    assert "lessons/l1/lesson.toml: step 3 (ru): 2 blanks in the text, 1 in answers" in said
    assert "lessons/l1/lesson.toml: step 4: unknown kind quiz-show" in said
    assert "lessons/stray: the lesson is in no module" in said
    assert len(said) == 6


def test_a_package_without_course_toml_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(CourseInvalid, match=r"no course\.toml"):
        read_folder(tmp_path)
    (tmp_path / "course.toml").write_text("slug = \n", encoding="utf-8")
    with pytest.raises(CourseInvalid, match=r"course\.toml: not valid TOML"):
        read_folder(tmp_path)


def test_unsafe_archives_are_refused(tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("c/course.toml", BROKEN["course.toml"])
        zf.writestr("../../escape.txt", "x")
    with pytest.raises(CourseInvalid, match="unsafe path"):
        read_zip(archive)
    assert not (tmp_path.parent / "escape.txt").exists()
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    with pytest.raises(CourseInvalid, match="not a zip"):
        read_zip(junk)


def test_other_files_survive_and_an_explicit_key_is_kept(tmp_path: Path) -> None:
    root = _write(
        tmp_path / "c",
        {
            "course.toml": 'slug = "c"\nextra = "kept"\ntitle = {ru = "К"}\n'
            '[[modules]]\nslug = "m"\ntitle = {ru = "М"}\nlessons = ["l"]\nnote = 1\n',
            "lessons/l/lesson.toml": 'title = {ru = "У"}\n[[steps]]\nkind = "text"\nfile = "a"\n'
            'key = "intro"\n',
            "lessons/l/a.ru.md": "![схема](img/s.png)\n",
        },
    )
    (root / "lessons/l/img").mkdir()
    (root / "lessons/l/img/s.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    data = read_folder(root)
    assert data.files == {"lessons/l/img/s.png": b"\x89PNG\r\n\x1a\n\x00"}
    files = to_files(data)
    assert tomllib.loads(files["course.toml"].decode())["extra"] == "kept"
    assert tomllib.loads(files["course.toml"].decode())["modules"][0]["note"] == 1
    assert b'key = "intro"' in files["lessons/l/lesson.toml"]
    assert files["lessons/l/a.ru.md"] == "![схема](img/s.png)\n".encode()


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
KEYS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)
SCALARS = (
    st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | TEXT
    | st.floats(allow_nan=False)
    | st.text(alphabet='a"\\\n\t\r\x7f`$', max_size=12)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=5))
def test_written_toml_reads_back_the_same_and_writes_the_same(data: dict[str, Any]) -> None:
    text = tomlwrite.dumps(data)
    back = tomllib.loads(text)
    assert back == data
    assert tomlwrite.dumps(back) == text


def test_courses_stay_in_their_school(db: Session, world: World) -> None:
    from lms.courses.errors import CourseNotFound

    version = import_course(
        db, school_id=world.school_a, data=read_folder(CONTENT / "html-css-basics")
    )
    with pytest.raises(CourseNotFound):
        get_course(db, school_id=world.school_b, course_id=version.course_id)
    other = import_course(
        db, school_id=world.school_b, data=read_folder(CONTENT / "html-css-basics")
    )
    assert other.course_id != version.course_id and other.number == 1
    assert isinstance(
        course_data(db, get_course(db, school_id=world.school_b, course_id=other.course_id)),
        CourseData,
    )


def test_ordering_and_matching_steps_are_checked(tmp_path: Path) -> None:
    lesson = """
title = {ru = "Урок"}
[[steps]]
kind = "ordering"
question = {ru = "Порядок?"}
items = [{ru = "первый"}, {ru = "второй"}]
[[steps]]
kind = "matching"
question = {ru = "Пары?"}
pairs = [{left = {ru = "a"}, right = {ru = "1"}}, {left = {ru = "b"}, right = {ru = "2"}}]
[[steps]]
kind = "ordering"
question = {ru = "Порядок?"}
items = [{ru = "один"}]
[[steps]]
kind = "matching"
question = {ru = "Пары?"}
pairs = [{left = {ru = "a"}}, {left = {ru = "b"}, right = {ru = "2"}}]
"""
    root = _write(
        tmp_path,
        {
            "course.toml": BROKEN["course.toml"].replace(', "missing"', ""),
            "lessons/l1/lesson.toml": lesson,
        },
    )
    with pytest.raises(CourseInvalid) as caught:
        read_folder(root)
    where = "lessons/l1/lesson.toml: "
    assert [str(m) for m in caught.value.messages] == [
        where + "step 3: a question and at least two items in their order are needed",
        where + "step 4: every pair gives a left and a right text",
    ]
    good = lesson[: lesson.index("[[steps]]", lesson.index('kind = "matching"'))]
    (root / "lessons/l1/lesson.toml").write_text(good, encoding="utf-8")
    data = read_folder(root)
    assert [s["kind"] for s in data.lessons["l1"].steps] == ["ordering", "matching"]


def test_video_audio_and_glossary_steps_are_checked(tmp_path: Path) -> None:
    lesson = """
title = {ru = "Урок"}
[[steps]]
kind = "video"
file = "clip.mp4"
captions = "clip.ru.vtt"
text = {ru = "Посмотрите."}
[[steps]]
kind = "audio"
url = "https://example.org/a.mp3"
[[steps]]
kind = "glossary"
terms = [{term = {ru = "цикл"}, meaning = {ru = "повторение"}}]
[[steps]]
kind = "video"
file = "../../secret.mp4"
[[steps]]
kind = "audio"
url = "http://example.org/a.mp3"
[[steps]]
kind = "glossary"
terms = [{term = {ru = "цикл"}}]
"""
    root = _write(
        tmp_path,
        {
            "course.toml": BROKEN["course.toml"].replace(', "missing"', ""),
            "lessons/l1/lesson.toml": lesson,
            "lessons/l1/clip.ru.vtt": "WEBVTT\n",
        },
    )
    (root / "lessons/l1/clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    with pytest.raises(CourseInvalid) as caught:
        read_folder(root)
    where = "lessons/l1/lesson.toml: "
    assert [str(m) for m in caught.value.messages] == [
        where + "step 4: file must name a .mp4, .webm file in the lesson folder",
        where + "step 5: url must start with https://",
        where + "step 6: a glossary lists terms, each with its meaning",
    ]
    good = lesson[: lesson.index('[[steps]]\nkind = "video"\nfile = "../')]
    (root / "lessons/l1/lesson.toml").write_text(good, encoding="utf-8")
    data = read_folder(root)
    assert [s["kind"] for s in data.lessons["l1"].steps] == ["video", "audio", "glossary"]
    assert sorted(data.files) == ["lessons/l1/clip.mp4", "lessons/l1/clip.ru.vtt"]
