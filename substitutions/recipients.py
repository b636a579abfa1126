"""Who is told about a cover: its teachers, its students and their parents, and on which channel."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from models.accounts import UserAccount
from models.classes import SchoolClass, Subgroup
from models.people import Guardianship, Student, StudentSubgroup, Teacher


@dataclass(frozen=True, slots=True)
class Reader:
    """One person to tell: an account (in-app, in its language) and/or an e-mail address."""

    account: int | None
    email: str
    language: str
    teacher: bool  # teachers also get the reason and an e-mail


@dataclass
class People:
    """The school's people and accounts, read once per publication."""

    language: str  # the school's, for readers without their own
    teacher_accounts: dict[int, list[UserAccount]] = field(default_factory=dict)
    student_accounts: dict[int, list[UserAccount]] = field(default_factory=dict)
    parent_accounts: dict[int, list[UserAccount]] = field(default_factory=dict)
    teacher_email: dict[int, str] = field(default_factory=dict)
    class_students: dict[str, set[int]] = field(default_factory=dict)
    group_students: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    parents: dict[int, set[int]] = field(default_factory=dict)  # student -> parents

    @classmethod
    def read(cls, session: Session, school_id: int, language: str) -> People:
        """Everything needed to find readers, for one school."""
        out = cls(language)
        accounts = session.exec(
            select(UserAccount).where(
                UserAccount.school_id == school_id,
                col(UserAccount.deleted_at).is_(None),
                col(UserAccount.active).is_(True),
            )
        ).all()
        for link, into in (
            ("teacher_id", out.teacher_accounts),
            ("student_id", out.student_accounts),
            ("parent_id", out.parent_accounts),
        ):
            for a in accounts:
                if (ref := getattr(a, link)) is not None:
                    into.setdefault(ref, []).append(a)
        out.teacher_email = {
            t.id: t.email.strip()
            for t in session.exec(select(Teacher).where(Teacher.school_id == school_id)).all()
            if t.id is not None and "@" in t.email
        }
        out._students(session, school_id)
        return out

    def _students(self, session: Session, school_id: int) -> None:
        classes = {
            c.id: c.code
            for c in session.exec(select(SchoolClass).where(SchoolClass.school_id == school_id))
        }
        groups = {
            g.id: (classes.get(g.class_id, ""), g.code)
            for g in session.exec(select(Subgroup).where(Subgroup.school_id == school_id))
        }
        by_class: dict[str, set[int]] = defaultdict(set)
        live = select(Student).where(
            Student.school_id == school_id, col(Student.deleted_at).is_(None)
        )
        for s in session.exec(live):
            by_class[classes.get(s.class_id, "")].add(s.id or 0)
        by_group: dict[tuple[str, str], set[int]] = defaultdict(set)
        for m in session.exec(
            select(StudentSubgroup).where(StudentSubgroup.school_id == school_id)
        ):
            by_group[groups.get(m.subgroup_id, ("", ""))].add(m.student_id)
        parents: dict[int, set[int]] = defaultdict(set)
        for g in session.exec(select(Guardianship).where(Guardianship.school_id == school_id)):
            parents[g.student_id].add(g.parent_id)
        self.class_students, self.group_students, self.parents = by_class, by_group, parents

    def students(self, audience: list[tuple[str, str | None]]) -> set[int]:
        """Student ids of an audience: (class code, subgroup code or None for the whole class)."""
        out: set[int] = set()
        for klass, group in audience:
            if group is None:
                out |= self.class_students.get(klass, set())
            else:
                out |= self.group_students.get((klass, group), set()) & self.class_students.get(
                    klass, set()
                )
        return out

    def readers(self, teachers: set[int], audience: list[tuple[str, str | None]]) -> list[Reader]:
        """Everyone to tell: the teachers (in-app and e-mail), the students and their parents."""
        out: list[Reader] = []
        for t in sorted(teachers):
            accounts = self.teacher_accounts.get(t, [])
            email = next(
                (a.email for a in accounts if "@" in a.email), self.teacher_email.get(t, "")
            )
            for a in accounts:
                out.append(Reader(a.id, "", a.language or self.language, True))
            if email:
                lang = accounts[0].language if accounts and accounts[0].language else self.language
                out.append(Reader(None, email, lang, True))
        students = self.students(audience)
        parents = {p for s in students for p in self.parents.get(s, set())}
        for ids, table in ((students, self.student_accounts), (parents, self.parent_accounts)):
            for ref in sorted(ids):
                for a in table.get(ref, []):
                    out.append(Reader(a.id, "", a.language or self.language, False))
        return out
