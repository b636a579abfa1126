"""What the virtual expert can answer from: one document per profession, programme group,
university, UNT topic, NU topic, country and scholarship, each with a link to its page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from guidance.admissions.l10n import LANGS, L10n
from guidance.admissions.schemas import Admissions
from guidance.atlas.schemas import Atlas, Profession

PROFESSION, GROUP, UNIVERSITY, TOPIC, COUNTRY, SCHOLARSHIP = (
    "profession",
    "group",
    "university",
    "topic",
    "country",
    "scholarship",
)


# What a profession's page tells, in the words questions use ("which subjects for a doctor").
ABOUT = L10n(
    "пәндер ҰБТ бейіндік пәндер университет грант мамандық",
    "предметы ЕНТ профильные предметы вуз университет грант специальность профессия",
    "subjects UNT profile subjects university grant profession career",
)


@dataclass(frozen=True, slots=True)
class Document:
    key: str  # kind:id
    kind: str
    title: L10n
    summary: L10n  # shown under the title in the reader's language
    url: str
    text: str  # everything searchable, in all three languages
    label: str = ""  # searched with the title: a group's code, a profession's other names


def _all(*texts: L10n) -> str:
    return " ".join(t for text in texts for t in text.all())


def _profession(p: Profession, atlas: Atlas, data: Admissions) -> Document:
    subjects = [data.subjects[s].name for s in p.subjects]
    groups = [data.groups[g].name for g in p.groups]
    tasks = " ".join(t for lang in LANGS for t in p.tasks.get(lang))
    text = " ".join(
        [
            _all(
                p.title,
                p.description,
                p.outlook.reason,
                atlas.sectors[p.sector],
                *subjects,
                *groups,
                *(atlas.skills[s] for s in p.skills),
                ABOUT,
            ),
            tasks,
            p.onet.title,
            " ".join(p.groups),
        ]
    )
    return Document(
        f"{PROFESSION}:{p.id}",
        PROFESSION,
        p.title,
        p.description,
        f"/atlas/{p.id}",
        text,
        " ".join(p.keywords),
    )


def _groups(atlas: Atlas, data: Admissions) -> Iterator[Document]:
    for code, group in data.groups.items():
        pairs = [p for p in data.pairs.values() if code in p.groups]
        subjects = [data.subjects[s].name for p in pairs for s in p.subjects]
        professions = [p.title for p in atlas.professions if code in p.groups]
        summary = L10n(
            *(" · ".join([code, *(t.get(lang) for t in professions[:3])]) for lang in LANGS)
        )
        yield Document(
            f"{GROUP}:{code}",
            GROUP,
            group.name,
            summary,
            f"/admissions/groups/{code}",
            " ".join([code, _all(group.name, *subjects, *professions)]),
            code,
        )


def _universities(data: Admissions) -> Iterator[Document]:
    for u in data.universities.values():
        groups = [data.groups[g].name for g in u.groups]
        yield Document(
            f"{UNIVERSITY}:{u.id}",
            UNIVERSITY,
            u.name,
            u.city,
            f"/admissions/universities#{u.id}",
            " ".join([*u.groups, _all(u.name, u.city, *groups)]),
            " ".join(u.aliases),
        )


def _prose(kind: str, key: str, title: L10n, body: L10n, url: str, *extra: L10n | str) -> Document:
    words = " ".join(e if isinstance(e, str) else " ".join(e.all()) for e in extra)
    return Document(f"{kind}:{key}", kind, title, body, url, f"{_all(title, body)} {words}")


def _topics(data: Admissions) -> Iterator[Document]:
    for t in data.grants:
        yield _prose(TOPIC, t.id, t.title, t.body, f"/admissions#{t.id}")
    for t in data.nu.sections:
        yield _prose(TOPIC, t.id, t.title, t.body, f"/admissions/abroad#{t.id}")
    for c in data.countries.values():
        yield _prose(COUNTRY, c.id, c.name, c.body, f"/admissions/abroad#{c.id}", *c.universities)
    for s in data.scholarships.values():
        yield _prose(SCHOLARSHIP, s.id, s.name, s.body, f"/admissions/abroad#{s.id}", s.deadline)


def documents(atlas: Atlas, data: Admissions) -> list[Document]:
    """Every document of the atlas and the admissions data."""
    return [
        *(_profession(p, atlas, data) for p in atlas.professions),
        *_groups(atlas, data),
        *_universities(data),
        *_topics(data),
    ]
