"""Support requests' attachments: sniffed, kept under the data directory, sent back as downloads.

A file lives at `<data dir>/support-files/<school id>/<random key>`, outside the web root; the
request row keeps the name the person gave, the key, the type and the size. The stored name never
comes from the upload, and a key is looked up only through a request its reader may open.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from lms.courses.sniff import extension, matches
from models.errors import NotFound, StoreError
from models.filenames import clean_filename
from models.i18n import N_, message
from models.support import SupportRequest

MAX_FILE_BYTES = 5 * 1024 * 1024
# extension -> media type sent with the download (the content must match the extension)
TYPES: dict[str, str] = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
}
KEY = re.compile(r"[A-Za-z0-9_-]{20,40}")


def files_dir(root: Path, school_id: int) -> Path:
    """Where a school's support attachments are kept under the data directory."""
    return root / "support-files" / str(school_id)


def _refuse(text: str, **params: object) -> StoreError:
    return StoreError("support_file", [message(text, **params)])


def check_attachment(filename: str, data: bytes) -> tuple[str, str]:
    """The cleaned name and media type of an upload, when its size, type and content are allowed.

    Args:
        filename: the name the person's browser sent.
        data: the file's bytes (read up to one byte past the limit).

    Returns:
        (name to show, media type).

    Raises:
        StoreError: an empty file, one over 5 MB, a type other than PNG, JPEG, PDF or text, or
            content that is not what the name says (an HTML page called .txt, say).
    """
    name = clean_filename(filename)
    if not name or not data:
        raise _refuse(N_("The attached file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(N_("The file is larger than {mb} MB."), mb=MAX_FILE_BYTES // (1024 * 1024))
    ext = extension(name)
    if ext not in TYPES:
        raise _refuse(N_("Attach a PNG or JPEG picture, a PDF or a text file."))
    if not matches(ext, data):
        raise _refuse(N_("The file {name} is not what its name says."), name=name)
    return name, TYPES[ext]


def save_attachment(
    root: Path, *, school_id: int, filename: str, data: bytes
) -> tuple[str, str, str, int]:
    """Checks an upload and writes it under a random key (whole or not at all).

    Args:
        root: the data directory.
        school_id: the author's school.
        filename: the name the browser sent.
        data: the file's bytes.

    Returns:
        (name shown, storage key, media type, size), as `models.support.create_request` takes it.

    Raises:
        StoreError: see `check_attachment`.
    """
    name, media = check_attachment(filename, data)
    key = secrets.token_urlsafe(18)
    folder = files_dir(root, school_id)
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{key}.part"
    partial.write_bytes(data)
    partial.replace(folder / key)
    return name, key, media, len(data)


def discard_attachment(root: Path, *, school_id: int, key: str) -> None:
    """Removes a file written for a request that was then refused (nothing refers to it)."""
    if KEY.fullmatch(key):
        (files_dir(root, school_id) / key).unlink(missing_ok=True)


def attachment_of(root: Path, request: SupportRequest) -> Path:
    """Where the file of a request is, for a caller who may open the request (see
    `models.support.get_request`); its name and type are on the request.

    Raises:
        NotFound: the request has no file, or the file is gone from the disk.
    """
    path = files_dir(root, request.school_id) / request.file_key
    if not KEY.fullmatch(request.file_key) or not path.is_file():
        raise NotFound("support_no_file", [message(N_("There is no such file."))])
    return path
