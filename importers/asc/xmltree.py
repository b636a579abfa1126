"""A small XML tree with line numbers, read safely (no entities) and written back as aSc writes it.

aSc Timetables files are flat: a `<timetable>` root whose children are tables (`<teachers>`)
of rows (`<teacher id=... name=.../>`) with every value in an attribute. ElementTree keeps no
line numbers, and messages must say where a problem is, so this reads with expat directly.
Files exported by aSc in Cyrillic or Arabic locales declare encodings such as windows-1251,
which expat cannot decode itself: the bytes are decoded by Python's codecs first.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

_DECLARATION = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")


@dataclass
class Node:
    """One element: its tag, attributes in file order, line and children."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)

    def rows(self, tag: str | None = None) -> Iterator[Node]:
        """Children, or only those with `tag`."""
        return (c for c in self.children if tag is None or c.tag == tag)

    def get(self, name: str) -> str:
        """An attribute's value with surrounding spaces removed; '' when absent."""
        return self.attrs.get(name, "").strip()


class XmlError(ValueError):
    """The bytes are not a well-formed, safe XML document; `line` is 1-based (0 = unknown)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def _decode(data: bytes) -> str:
    """The document as text, honouring a BOM or the declared encoding (UTF-8 by default)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    found = _DECLARATION.match(data.lstrip())
    name = found.group(1).decode("ascii") if found else "utf-8"
    try:
        codecs.lookup(name)
    except LookupError:
        raise XmlError(1, f"unknown encoding '{name}'") from None
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise XmlError(line, f"bytes that are not {name}") from None


def _refuse_entities(*_args: object) -> None:
    raise ValueError("entity declarations are not allowed")


def parse_xml(data: bytes) -> Node:
    """Parse a document into Nodes (text content is dropped: aSc keeps everything in attributes).

    Raises:
        XmlError: not decodable, not well-formed, or declaring entities (refused, so that a
            file cannot expand itself into gigabytes).
    """
    text = _decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)  # the encoding is decoded already
    parser = expat.ParserCreate()
    stack: list[Node] = []
    roots: list[Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, dict(attrs), parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = _refuse_entities
    parser.UnparsedEntityDeclHandler = _refuse_entities
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        raise XmlError(exc.lineno, expat.ErrorString(exc.code) or "not XML") from None
    except ValueError as exc:
        raise XmlError(parser.CurrentLineNumber, str(exc)) from None
    if not roots:
        raise XmlError(0, "no root element")
    return roots[0]


def _escape(value: str) -> str:
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def _write(node: Node, depth: int, out: list[str]) -> None:
    pad = "   " * depth  # aSc indents by three spaces
    attrs = "".join(f' {k}="{_escape(v)}"' for k, v in node.attrs.items())
    if not node.children:
        out.append(f"{pad}<{node.tag}{attrs}/>")
        return
    out.append(f"{pad}<{node.tag}{attrs}>")
    for child in node.children:
        _write(child, depth + 1, out)
    out.append(f"{pad}</{node.tag}>")


def to_xml(root: Node) -> str:
    """The document as UTF-8 XML text with a declaration, one element per line."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    _write(root, 0, out)
    return "\n".join(out) + "\n"
