"""What a file really is, read from its first bytes (never from the name or the browser's word).

Students' uploads and teachers' media are kept only when the content is the type the name
says and the step allows. Anything that a browser could run as a page (HTML, SVG, XML, scripts)
is refused whatever its name, and downloads are always sent as attachments besides.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

MAX_UPLOAD_MB = 20  # the most a step may allow for one file

# The types a file upload step may allow: extension -> media type sent with the download.
UPLOAD_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".zip": "application/zip",
    ".txt": "text/plain; charset=utf-8",
    ".py": "text/plain; charset=utf-8",
    ".cpp": "text/plain; charset=utf-8",
    ".pas": "text/plain; charset=utf-8",
    ".java": "text/plain; charset=utf-8",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
}
# Media a teacher puts into a lesson: recordings, captions, pictures.
MEDIA_TYPES: dict[str, str] = {
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".vtt": "text/vtt; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
TEXTS = {".txt", ".py", ".cpp", ".pas", ".java", ".vtt"}
# the first bytes of each binary kind
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webm": (b"\x1a\x45\xdf\xa3",),
    ".ogg": (b"OggS",),
    ".mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xe3"),
}
OFFICE = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
OPEN_DOCUMENT = {
    ".odt": UPLOAD_TYPES[".odt"],
    ".ods": UPLOAD_TYPES[".ods"],
    ".odp": UPLOAD_TYPES[".odp"],
}
# what a browser might take for a page or a script, wherever it hides in a text file
ACTIVE = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<iframe", b"<body")


def extension(name: str) -> str:
    """The lower-case extension of a file name (".pdf"), or "" without one."""
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def matches(ext: str, data: bytes) -> bool:
    """Whether `data` is a file of the kind `ext` names.

    Args:
        ext: a lower-case extension with its dot, from UPLOAD_TYPES or MEDIA_TYPES.
        data: the whole file.

    Returns:
        True when the content is that kind of file and nothing a browser would run.
    """
    if not data:
        return False
    if ext in TEXTS:
        return _plain_text(data) and (ext != ".vtt" or is_webvtt(data))
    if ext in SIGNATURES:
        return data.startswith(SIGNATURES[ext])
    if ext == ".webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if ext == ".mp4":
        return data[4:8] == b"ftyp"
    if ext in OFFICE or ext in OPEN_DOCUMENT or ext == ".zip":
        return _archive_is(ext, data)
    return False


def _plain_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if "\x00" in text:
        return False
    head = data[:4096].lower()
    return not any(mark in head for mark in ACTIVE)


def is_webvtt(data: bytes) -> bool:
    """Captions in WebVTT begin with the word WEBVTT (after an optional byte order mark)."""
    return data.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")


def _archive_is(ext: str, data: bytes) -> bool:
    """A zip, or the office document whose parts a zip of that kind holds."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            if ext in OFFICE:
                return "[Content_Types].xml" in names and any(
                    n.startswith(OFFICE[ext]) for n in names
                )
            if ext in OPEN_DOCUMENT:
                return (
                    names[:1] == ["mimetype"]
                    and zf.read("mimetype").decode("ascii", "replace").strip() == OPEN_DOCUMENT[ext]
                )
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False
    return True
