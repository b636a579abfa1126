"""Logins made from names, checked logins and e-mails, and initial passwords for printed slips."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlmodel import Session, col, select

from models.account_services import generate_password
from models.accounts import UserAccount
from models.i18n import N_, Message, message

# Initial passwords are random (10 characters of a 49-letter alphabet, about 56 bits), used once
# and replaced at first login, when authenticate() rehashes them with the full parameters. Such a
# secret needs no slow hash against guessing, and the full parameters (~0.2 s a hash here) would
# make creating a whole school's accounts take minutes. So they get a light Argon2id.
_initial_hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
_HASH_THREADS = 2  # argon2 releases the GIL; the machine has two cores

BAD_LOGIN = N_("A login has 3 to 64 letters, digits and . _ - @ (Latin letters).")
BAD_EMAIL = N_("'{value}' is not an e-mail address.")
LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_LATIN = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Slip:
    """What goes on one printed slip: who, the login and the initial password (shown once)."""

    name: str
    login: str
    password: str
    role: str
    group: str = ""  # the class of a student, the children of a parent, for sorting and reading


def latin(text: str) -> str:
    """Kazakh and Russian letters in plain Latin, lower case, other scripts without accents."""
    out = []
    for char in text.casefold():
        if char in _LATIN:
            out.append(_LATIN[char])
        else:
            out.append(unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode())
    return "".join(out)


def login_base(name: str) -> str:
    """A login stem from a name: 'Шәріпова Дана' -> 'sharipova.dana' (at most 30 characters)."""
    words = [re.sub(r"[^a-z0-9]", "", latin(word)) for word in name.split()]
    stem = ".".join(w for w in words if w)[:30].strip(".")
    return stem if len(stem) >= 3 else f"user.{stem}".strip(".")


def normalize_login(login: str) -> str:
    """The stored form of a login: trimmed and lower case."""
    return login.strip().lower()


def is_valid_login(login: str) -> bool:
    """Letters, digits and . _ - @, 3 to 64 characters, starting with a letter or digit."""
    return bool(LOGIN_PATTERN.match(login))


def is_valid_email(email: str) -> bool:
    """A plausible e-mail address (the mail server has the final word)."""
    return bool(EMAIL_PATTERN.match(email))


def login_problems(
    session: Session, *, login: str, email: str, current: str | None = None
) -> list[Message]:
    """What is wrong with a login (malformed or taken) and an e-mail, both optional.

    Args:
        session: an open session.
        login: the login as typed (normalized here); empty means "make one".
        email: the e-mail as typed; empty means none.
        current: the account's present login, which it may keep.

    Returns:
        The problems, in words; empty when both are fine.
    """
    problems = []
    login = normalize_login(login)
    if login and not is_valid_login(login):
        problems.append(message(BAD_LOGIN))
    elif login and login != current and taken_logins(session, [login]):
        problems.append(message(N_("The login {login} is taken."), login=login))
    if email.strip() and not is_valid_email(email.strip()):
        problems.append(message(BAD_EMAIL, value=email.strip()))
    return problems


def taken_logins(session: Session, logins: Iterable[str]) -> set[str]:
    """Which of these logins some account (of any school, even deleted) already has."""
    wanted = sorted(set(logins))
    taken: set[str] = set()
    for start in range(0, len(wanted), 500):  # stay under the database's parameter limits
        chunk = wanted[start : start + 500]
        rows = session.exec(select(UserAccount.login).where(col(UserAccount.login).in_(chunk)))
        taken.update(rows.all())
    return taken


def free_logins(session: Session, names: Sequence[str], reserved: set[str]) -> list[str]:
    """One new login per name, unique among the accounts and `reserved` (which grows).

    Args:
        session: an open session.
        names: the people's names, in order.
        reserved: logins already given out in this batch; the new ones are added to it.

    Returns:
        The logins, in the order of `names`: the name's stem, else the stem with 2, 3, ...
    """
    stems = [login_base(name) for name in names]
    candidates = {f"{stem}{n}" if n > 1 else stem for stem in stems for n in range(1, 4)}
    taken = taken_logins(session, candidates) | reserved
    out = []
    for stem in stems:
        number = 1
        login = stem
        while login in taken:
            number += 1
            login = f"{stem}{number}"
            if number > 3 and login not in candidates:
                taken |= taken_logins(session, [login])
        taken.add(login)
        reserved.add(login)
        out.append(login)
    return out


def initial_passwords(count: int) -> list[tuple[str, str]]:
    """`count` fresh initial passwords with their (light) Argon2id hashes.

    Returns:
        (password, hash) pairs; the passwords go on slips only, never into the store.
    """
    passwords = [generate_password() for _ in range(count)]
    if count < 8:
        return [(p, _initial_hasher.hash(p)) for p in passwords]
    with ThreadPoolExecutor(max_workers=_HASH_THREADS) as pool:
        return list(zip(passwords, pool.map(_initial_hasher.hash, passwords), strict=True))
