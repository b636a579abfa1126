"""A small canonical TOML writer for course.toml and lesson.toml (tomllib only reads).

Canonical: a table's plain values come first in their order, then its tables and arrays of
tables, so writing what tomllib read back from our own output gives the same bytes again.
Multi-line strings are written as multi-line basic strings, so lesson texts stay readable.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def dumps(data: dict[str, Any]) -> str:
    """The TOML document of `data` (str, int, float, bool, lists and tables only).

    Raises:
        TypeError: a value TOML cannot hold this way (a date, None, ...).
    """
    lines: list[str] = []
    _table(lines, [], data)
    return "\n".join(lines).strip("\n") + "\n"


def _key(key: str) -> str:
    return key if BARE_KEY.fullmatch(key) else _basic(key)


def _path(path: list[str]) -> str:
    return ".".join(_key(k) for k in path)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(lines: list[str], path: list[str], data: dict[str, Any]) -> None:
    nested = [(k, v) for k, v in data.items() if isinstance(v, dict) or _is_table_array(v)]
    for key, value in data.items():
        if not (isinstance(value, dict) or _is_table_array(value)):
            lines.append(f"{_key(key)} = {_value(value, multiline=True)}")
    for key, value in nested:
        if isinstance(value, dict):
            lines += ["", f"[{_path([*path, key])}]"]
            _table(lines, [*path, key], value)
        else:
            for item in value:
                lines += ["", f"[[{_path([*path, key])}]]"]
                _table(lines, [*path, key], item)


def _value(value: Any, *, multiline: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _multiline(value) if multiline and "\n" in value else _basic(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"TOML cannot hold {type(value).__name__}")


def _control(text: str, keep: str) -> str:
    """Control characters (but those in `keep`) as \\uXXXX escapes, which TOML reads back."""
    return "".join(
        c if c in keep or not (ord(c) < 0x20 or ord(c) == 0x7F) else f"\\u{ord(c):04x}"
        for c in text
    )


def _basic(text: str) -> str:
    # JSON's escapes are TOML's, but JSON leaves DEL as it is and TOML refuses it raw.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _multiline(text: str) -> str:
    body = text.replace("\\", "\\\\").replace('"""', '""\\"')
    body = _control(body, "\n\t")
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    # the newline right after the opening quotes is dropped by readers, so text starts clean
    return '"""\n' + body + '"""'
