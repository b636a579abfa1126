"""The website's files under the data directory: photos resized with Pillow, and documents.

A photo is decoded, turned upright by its EXIF orientation, and saved again as a JPEG of at most
1600 px with a 480 px thumbnail beside it; the EXIF data (camera, place) is not kept, so a pupil's
photo never carries where it was taken. A document is checked by its first bytes. Files live at
`<data dir>/site-files/<school id>/<random id>` (photos: `<id>.jpg` and `<id>.t.jpg`); their names
never come from what the uploader sent.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from models.filenames import clean_filename
from models.i18n import N_
from models.website_texts import refuse

MAX_PHOTO_BYTES = 15 * 1024 * 1024
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000  # larger images are refused (decompression bombs)
FULL_SIZE = 1600
THUMB_SIZE = 480
ZIP = b"PK\x03\x04"
# extension -> (media type, how the content starts)
DOCUMENT_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
}
FILE_ID = re.compile(r"[A-Za-z0-9_-]{20,40}")


@dataclass(frozen=True, slots=True)
class StoredPhoto:
    """A photo written to disk: its id and the size of the full picture."""

    file_id: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document written to disk: its id, the cleaned original name, type and size."""

    file_id: str
    filename: str
    media_type: str
    size: int


def site_dir(root: Path, school_id: int) -> Path:
    """Where a school's site files are kept under the data directory."""
    return root / "site-files" / str(school_id)


def photo_path(root: Path, school_id: int, file_id: str, *, thumb: bool = False) -> Path | None:
    """The file of a photo (or its thumbnail), None for an id that is not one of ours."""
    if not FILE_ID.fullmatch(file_id):
        return None
    return site_dir(root, school_id) / (f"{file_id}.t.jpg" if thumb else f"{file_id}.jpg")


def document_path(root: Path, school_id: int, file_id: str) -> Path | None:
    """The file of a document, None for an id that is not one of ours."""
    if not FILE_ID.fullmatch(file_id):
        return None
    return site_dir(root, school_id) / file_id


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(data)
    partial.replace(path)  # whole or absent, never half-written


def _jpeg(image: object, size: int, quality: int) -> tuple[bytes, int, int]:
    from PIL import Image

    assert isinstance(image, Image.Image)
    copy = image.copy()
    copy.thumbnail((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue(), copy.width, copy.height


def _decode(data: bytes, name: str) -> object:
    """The picture as an RGB Pillow image, upright; refuses what is not a picture."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ("JPEG", "PNG", "WEBP", "GIF"):
                raise UnidentifiedImageError(name)
            image.load()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        ValueError,
    ) as exc:
        raise refuse(
            "site_photo_unreadable",
            N_("{name} is not a photo we can read (JPEG, PNG, WebP or GIF)."),
            name=name,
        ) from exc
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "P"):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return upright.convert("RGB")


def store_photo(root: Path, school_id: int, data: bytes, name: str) -> StoredPhoto:
    """Resizes an uploaded photo and writes it with its thumbnail.

    Args:
        root: the data directory.
        school_id: the school whose folder it goes to.
        data: the uploaded bytes.
        name: the uploader's file name (for messages only).

    Returns:
        The stored photo's id and size.

    Raises:
        SiteError: empty, larger than 15 MB, or not a picture Pillow can read.
    """
    if not data:
        raise refuse("site_photo_empty", N_("Choose a photo to upload."))
    if len(data) > MAX_PHOTO_BYTES:
        raise refuse(
            "site_photo_too_big",
            N_("{name} is larger than {mb} MB."),
            name=name,
            mb=MAX_PHOTO_BYTES // (1024 * 1024),
        )
    image = _decode(data, name)
    full, width, height = _jpeg(image, FULL_SIZE, 85)
    thumb, _, _ = _jpeg(image, THUMB_SIZE, 80)
    file_id = secrets.token_urlsafe(18)
    folder = site_dir(root, school_id)
    _write(folder / f"{file_id}.t.jpg", thumb)
    _write(folder / f"{file_id}.jpg", full)
    return StoredPhoto(file_id, width, height)


def store_document(root: Path, school_id: int, data: bytes, filename: str) -> StoredDocument:
    """Checks and writes an uploaded document.

    Args:
        root: the data directory.
        school_id: the school whose folder it goes to.
        data: the uploaded bytes.
        filename: the uploader's file name (kept for the download's name).

    Returns:
        The stored document.

    Raises:
        SiteError: empty, too big, a type not offered, or content not matching the name.
    """
    name = clean_filename(filename)
    if not data or not name:
        raise refuse("site_document_empty", N_("Choose a file to upload."))
    if len(data) > MAX_DOCUMENT_BYTES:
        raise refuse(
            "site_document_too_big",
            N_("{name} is larger than {mb} MB."),
            name=name,
            mb=MAX_DOCUMENT_BYTES // (1024 * 1024),
        )
    kind = DOCUMENT_TYPES.get(os.path.splitext(name)[1].lower())
    if kind is None:
        raise refuse(
            "site_document_type",
            N_("Documents can be {kinds}."),
            kinds=", ".join(sorted(DOCUMENT_TYPES)),
        )
    if not data.startswith(kind[1]):
        raise refuse(
            "site_document_content", N_("The file {name} is not what its name says."), name=name
        )
    file_id = secrets.token_urlsafe(18)
    _write(site_dir(root, school_id) / file_id, data)
    return StoredDocument(file_id, name, kind[0], len(data))
