"""`sabaq lti-rotate-key`: a new signing key for the LTI tool (the previous one stays published)."""

from __future__ import annotations

import argparse

EXIT_OK = 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `lti-rotate-key` to the root `sabaq` parser."""
    p = commands.add_parser(
        "lti-rotate-key",
        help="make a new LTI signing key; the previous one stays in /lti/jwks.json for a while",
    )
    p.set_defaults(func=cmd_rotate)


def cmd_rotate(args: argparse.Namespace) -> int:
    from lms.lti.keys import key_dir, rotate_key

    kid = rotate_key()
    print(f"New LTI signing key {kid} in {key_dir()}")
    return EXIT_OK
