"""The gallery and upload steps (and per-option explanations): read, checked, stored and
exported so the package round-trips exactly; uploads checked by type, size and content, kept
under random names, graded in the queue with a rubric score."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlmodel import Session, select

from lms.courses.content import read_folder
from lms.courses.errors import CourseError, CourseInvalid, CourseNotFound
from lms.courses.library import course_data, get_course, import_course, outline
from lms.courses.package import read_zip, zip_bytes
from lms.courses.review import grade_open, review_queue
from lms.courses.sniff import matches
from lms.courses.uploads import submit_upload, uploaded_file, uploads_dir
from models.lms import PASSED, SUBMITTED, StepProgress
from models.points import PointsEntry
from tests.courses.conftest import World
from tests.courses.kinds import LESSON, PDF, PNG, write_every_kind


def _every_kind(db: Session, world: World, tmp_path: Path) -> tuple[int, dict[str, object]]:
    version = import_course(
        db, school_id=world.school_a, data=read_folder(write_every_kind(tmp_path))
    )
    db.commit()
    out = outline(db, get_course(db, school_id=world.school_a, course_id=version.course_id))
    return version.course_id, {s.kind: s for s in out.all_steps()}


def test_a_package_with_every_kind_round_trips_exactly(
    db: Session, world: World, tmp_path: Path
) -> None:
    course_id, steps = _every_kind(db, world, tmp_path)
    assert len(steps) == 13
    assert steps["gallery"].body["images"][0]["caption"] == {"ru": "Рис. 1"}  # type: ignore[attr-defined]
    assert steps["upload"].points == 10 and steps["gallery"].points == 0  # type: ignore[attr-defined]
    course = get_course(db, school_id=world.school_a, course_id=course_id)
    exported = zip_bytes(course_data(db, course))
    names = zipfile.ZipFile(io.BytesIO(exported)).namelist()
    assert (
        "every-kind/lessons/l1/img/a.png" in names and "every-kind/lessons/l1/clip.ru.vtt" in names
    )
    archive = tmp_path / "again.zip"
    archive.write_bytes(exported)
    second = import_course(db, school_id=world.school_a, data=read_zip(archive))
    db.commit()
    assert second.number == 2 and second.steps == 13
    assert (
        zip_bytes(course_data(db, get_course(db, school_id=world.school_a, course_id=course_id)))
        == exported
    )


def test_gallery_and_upload_steps_are_checked(tmp_path: Path) -> None:
    root = write_every_kind(tmp_path)
    broken = LESSON.replace('{file = "img/b.png", alt = {kk = "Сурет"}}', '{file = "img/no.png"}')
    broken = broken.replace(
        'types = [".pdf", ".png"]\nmax_mb = 2', 'types = [".exe"]\nmax_mb = 500'
    )
    broken = broken.replace('why = {ru = "Пересчитайте."}', 'why = "Пересчитайте."')
    (root / "lessons/l1/lesson.toml").write_text(broken, encoding="utf-8")
    (root / "lessons/l1/clip.ru.vtt").write_text("not captions", encoding="utf-8")
    with pytest.raises(CourseInvalid) as caught:
        read_folder(root)
    where = "lessons/l1/lesson.toml: "
    assert [str(m) for m in caught.value.messages] == [
        where + "step 2: clip.ru.vtt is not a WebVTT file",
        where + "step 4, image 2: file must name a .png, .jpg, .jpeg, .gif, .webp file in the "
        "lesson folder",
        where + "step 4, image 2: alt describes the image for those who cannot see it",
        where + "step 5: an option's why = ... gives the text by language",
        where + "step 11: types lists the file types students may send, from: "
        ".pdf, .png, .jpg, .jpeg, .gif, .webp, .docx, .xlsx, .pptx, .odt, .ods, .odp, .zip, "
        ".txt, .py, .cpp, .pas, .java, .mp3, .mp4",
        where + "step 11: max_mb must be a whole number of megabytes from 1 to 20",
    ]


def test_content_is_sniffed_not_taken_from_the_name() -> None:
    assert matches(".pdf", PDF) and matches(".png", PNG)
    assert not matches(".pdf", b"<html><script>alert(1)</script></html>")
    assert not matches(".txt", b"hello <script>alert(1)</script>")
    assert not matches(".txt", b"\xff\xfe binary")
    assert matches(".py", "print('Сәлем')\n".encode())
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    assert matches(".docx", docx.getvalue()) and not matches(".xlsx", docx.getvalue())
    assert not matches(".docx", b"PK\x03\x04 broken")


def test_an_upload_is_checked_stored_and_graded_with_a_rubric_score(
    db: Session, world: World, tmp_path: Path, data_dir: Path
) -> None:
    course_id, steps = _every_kind(db, world, tmp_path)
    step = steps["upload"]
    student = world.students_a[0]
    args = dict(school_id=world.school_a, user_id=student, course_id=course_id, step=step,
                root=data_dir)  # fmt: skip
    refusals = {
        "report.exe": (b"MZ", "Send a file of one of these types: .pdf, .png."),
        "report.pdf": (b"<html></html>", "The file report.pdf is not what its name says."),
        "big.pdf": (PDF + b"0" * (2 * 1024 * 1024), "The file is larger than 2 MB."),
        "empty.pdf": (b"", "Choose a file to send."),
    }
    for name, (content, said) in refusals.items():
        with pytest.raises(CourseError) as caught:
            submit_upload(db, filename=name, data=content, **args)  # type: ignore[arg-type]
        assert caught.value.code == "bad_file" and str(caught.value.messages[0]) == said
    state = submit_upload(db, filename="C:\\Users\\Әлихан\\отчёт.pdf", data=PDF, **args)  # type: ignore[arg-type]
    db.commit()
    assert state.status == SUBMITTED
    row = db.exec(select(StepProgress).where(StepProgress.user_id == student,
                                             StepProgress.step_key == step.key)).one()  # type: ignore[attr-defined]  # fmt: skip
    entry = row.answer["file"]
    assert entry["name"] == "отчёт.pdf" and entry["type"] == "application/pdf"
    stored = uploads_dir(data_dir, world.school_a) / entry["id"]
    assert stored.read_bytes() == PDF and "отчёт" not in stored.name
    found = uploaded_file(db, school_id=world.school_a, progress_id=row.id or 0,
                          file_id=entry["id"], root=data_dir)  # fmt: skip
    assert found.path == stored and found.name == "отчёт.pdf"
    for school, user in ((world.school_b, None), (world.school_a, world.students_a[1])):
        with pytest.raises(CourseNotFound):
            uploaded_file(db, school_id=school, progress_id=row.id or 0, file_id=entry["id"],
                          root=data_dir, user_id=user)  # fmt: skip
    queue = review_queue(db, school_id=world.school_a)
    assert [(w.step.kind, w.student) for w in queue] == [("upload", "Әлихан Сәрсенов")]
    assert review_queue(db, school_id=world.school_b) == []
    # returned, sent again (the first file stays listed), accepted with 7 of 10 points
    grade_open(db, school_id=world.school_a, progress_id=row.id or 0, accept=False,
               comment="Добавьте вывод.", reviewer="teacher-a")  # fmt: skip
    submit_upload(db, filename="v2.png", data=PNG, **args)  # type: ignore[arg-type]
    assert [f["name"] for f in row.answer["earlier"]] == ["отчёт.pdf"]
    _row, points = grade_open(
        db, school_id=world.school_a, progress_id=row.id or 0, accept=True, comment="Хорошо",
        reviewer="teacher-a", score=7,
    )  # fmt: skip
    db.commit()
    assert points == 7 and row.status == PASSED and row.score == 0.7
    with pytest.raises(CourseError, match="accepted"):
        submit_upload(db, filename="v3.png", data=PNG, **args)  # type: ignore[arg-type]
    ledger = db.exec(select(PointsEntry.points).where(PointsEntry.user_id == student)).all()
    assert ledger == [7]
