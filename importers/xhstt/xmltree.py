"""A small XML element tree that remembers the line of every element (for error messages)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from solver.messages import Msg, msg


class XhsttError(ValueError):
    """An XHSTT file that cannot be read; `problems` lists every problem in words.

    Each problem names the file, the line and the element where it was found.
    """

    def __init__(self, problems: list[Msg]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Node:
    """One XML element: tag, attributes, text, children and the line it starts on."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def child(self, tag: str) -> Node | None:
        """The first child named `tag`, or None."""
        for c in self.children:
            if c.tag == tag:
                return c
        return None

    def all(self, tag: str) -> Iterator[Node]:
        """Every child named `tag`, in document order."""
        return (c for c in self.children if c.tag == tag)

    def grandchildren(self, tag: str, inner: str) -> Iterator[Node]:
        """Every `inner` element inside the first `tag` child (e.g. Times/Time)."""
        holder = self.child(tag)
        return holder.all(inner) if holder is not None else iter(())

    def value(self, tag: str) -> str | None:
        """The stripped text of the first child named `tag`, or None."""
        c = self.child(tag)
        return None if c is None else c.text.strip()


def parse_file(path: Path) -> Node:
    """Read an XML file into `Node`s.

    Raises:
        XhsttError: the file cannot be read or is not well-formed XML.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise XhsttError(
            [msg("{file}: cannot be read ({error})", file=str(path), error=str(exc))]
        ) from exc
    return parse_bytes(data, str(path))


class _EntitiesRefused(Exception):
    """An entity declaration or an external entity met while parsing."""


def _refuse_entities(*_args: object) -> None:
    raise _EntitiesRefused


def _refuse_external(*_args: object) -> int:
    raise _EntitiesRefused


def parse_bytes(data: bytes, name: str) -> Node:
    """Read XML bytes into `Node`s; `name` is used in messages.

    Raises:
        XhsttError: the data is not well-formed XML, or has no root element.
    """
    parser = expat.ParserCreate()
    stack: list[Node] = []
    texts: list[list[str]] = []
    root: list[Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, attrs, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)
        texts.append([])

    def end(tag: str) -> None:
        stack.pop().text = "".join(texts.pop())

    def chars(data: str) -> None:
        if texts:
            texts[-1].append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    # No entity declarations (a "billion laughs" expands a few lines into gigabytes) and no
    # external entities (a file:// or http:// reference would read a file or the network).
    parser.EntityDeclHandler = _refuse_entities
    parser.UnparsedEntityDeclHandler = _refuse_entities
    parser.ExternalEntityRefHandler = _refuse_external
    try:
        parser.Parse(data, True)
    except _EntitiesRefused as exc:
        raise XhsttError([msg("{file}:{line}: the file declares XML entities or refers to "
                              "external files; XHSTT archives do not, so it is refused",
                              file=name, line=parser.CurrentLineNumber)]) from exc  # fmt: skip
    except expat.ExpatError as exc:
        raise XhsttError(
            [
                msg(
                    "{file}:{line}: not well-formed XML ({error})",
                    file=name,
                    line=exc.lineno,
                    error=expat.ErrorString(exc.code),
                )
            ]
        ) from exc
    if not root:
        raise XhsttError([msg("{file}: no XML element", file=name)])
    return root[0]
