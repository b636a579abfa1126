"""Uploaded files' names as people gave them, made safe to keep and to send back."""

from __future__ import annotations

import unicodedata


def clean_filename(filename: str) -> str:
    """The uploader's file name without folders or control characters, at most ~110 long."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    stem, dot, ext = name.rpartition(".")
    return (stem[:100] + dot + ext[:10]) if dot else name[:110]
