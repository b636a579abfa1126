"""Course packages as zip files: unpacked safely on import, written reproducibly on export."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from lms.courses.content import CourseData, read_folder, to_files
from lms.courses.errors import CourseInvalid
from lms.judge.importing import extract_zip
from lms.judge.task import TaskInvalid
from models.i18n import N_, message

FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # every entry's date: the same course gives the same bytes


def read_zip(archive: Path) -> CourseData:
    """Reads a zipped course folder (untrusted: no paths outside it, no links, size limits).

    Args:
        archive: the zip file.

    Returns:
        The course as plain data.

    Raises:
        CourseInvalid: the archive is unsafe or not a zip, or the course in it has problems.
    """
    with tempfile.TemporaryDirectory(prefix="sabaq-course-") as tmp:
        try:
            extract_zip(archive, Path(tmp))
        except TaskInvalid as exc:  # the judge's unpacker, shared for its safety checks
            raise CourseInvalid(
                "course_invalid",
                [
                    message(N_("{file}: {problem}"), file=p.file, problem=p.message)
                    for p in exc.problems
                ],
            ) from exc
        return read_folder(Path(tmp))


def zip_bytes(course: CourseData) -> bytes:
    """The package as a zip inside a folder named by the slug; same course, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in to_files(course).items():
            info = zipfile.ZipInfo(f"{course.slug}/{name}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, content)
    return out.getvalue()
