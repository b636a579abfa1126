"""Our default yearly programme for grades 5-11: career guidance (the counsellor's functions of
order No. 121 of 31 March 2022) and psychological support (the rules of order No. 377 of
25 August 2022), as events by month. A school copies it into its year (in its own language) and
edits it; the titles are msgids, translated when copied.

Months run from September (9) to May (5). Written by us from the orders' lists of duties:
diagnostics at the points of choice (5th-grade adaptation, the 8th-9th grade choice of profile,
the 10th-11th grade choice of UNT subjects and university), consultations, work with parents and
teachers, and prevention (bullying, suicide, substance use).
"""

from __future__ import annotations

from dataclasses import dataclass

from models.guidance_work import CAREER, PSYCHOLOGY
from models.i18n import N_


@dataclass(frozen=True, slots=True)
class TemplateItem:
    key: str  # stable: a school's copy remembers which line it came from
    grade: int
    track: str
    month: int
    title: str  # msgid


def _rows(track: str, rows: list[tuple[int, int, str]]) -> list[TemplateItem]:
    return [
        TemplateItem(f"{track[:3]}-{grade}-{month:02d}-{n}", grade, track, month, title)
        for n, (grade, month, title) in enumerate(rows)
    ]


CAREER_ROWS: list[tuple[int, int, str]] = [
    (5, 10, N_("Class hour “The world of professions”: what people around us do")),
    (5, 2, N_("Meeting with parents: professions in our families")),
    (5, 4, N_("Perception-style test (audio, video, hands-on) and talk about how we learn")),
    (6, 10, N_("Interest inventory (RIASEC), short form, and discussion of the results")),
    (6, 3, N_("Excursion to a local enterprise or organisation")),
    (7, 9, N_("Work-type questionnaire (five types of work) and a class discussion")),
    (7, 1, N_("Project week “A profession of the future”")),
    (7, 4, N_("English level placement test")),
    (8, 10, N_("RIASEC interest inventory and individual results for each student")),
    (8, 12, N_("Atlas of professions: lesson on finding professions by interests")),
    (8, 3, N_("Meetings with professionals (parents, graduates)")),
    (9, 9, N_("Diagnostics before the choice of profile: interests, work types, personality")),
    (9, 11, N_("Individual consultations on the choice of profile and further education")),
    (9, 2, N_("Parent meeting: profile classes, colleges and the UNT subject pairs")),
    (9, 4, N_("Visits to colleges and open days")),
    (10, 9, N_("Choice of UNT profile subjects confirmed with each student")),
    (10, 11, N_("First mock UNT and a talk on its results")),
    (10, 2, N_("Universities of Kazakhstan: grants, thresholds and educational programmes")),
    (10, 4, N_("Summer schools, olympiads and study abroad: a planning session")),
    (11, 9, N_("Individual admission plan: universities, grants, deadlines")),
    (11, 10, N_("Mock UNT with analysis by subject")),
    (11, 12, N_("Nazarbayev University and study abroad: NUET, SAT, IELTS deadlines")),
    (11, 2, N_("Mock UNT and consultations for students below the thresholds")),
    (11, 4, N_("Parent meeting: UNT registration, grant competition, documents")),
]

PSYCHOLOGY_ROWS: list[tuple[int, int, str]] = [
    (5, 10, N_("Adaptation to the middle school: observation and diagnostics")),
    (5, 11, N_("Consultation of teachers on the results of the adaptation diagnostics")),
    (5, 3, N_("Class hour on friendship and respect; bullying prevention")),
    (6, 10, N_("Well-being screening (WHO-5) and follow-up conversations")),
    (6, 2, N_("Training on communication and resolving conflicts")),
    (7, 11, N_("Bullying survey and work with the class on its results")),
    (7, 3, N_("Emotions and stress: a training session")),
    (8, 10, N_("Screening of mood and anxiety (with parental information)")),
    (8, 2, N_("Prevention of substance use: class hour with a specialist")),
    (8, 4, N_("Personality questionnaire (Big Five) for self-knowledge")),
    (9, 10, N_("Exam anxiety: diagnostics and a training before the final exams")),
    (9, 1, N_("Suicide prevention: screening and individual work where needed")),
    (9, 4, N_("Consultations for parents before the exams")),
    (10, 10, N_("Adaptation to the 10th grade and the new profile: diagnostics")),
    (10, 2, N_("Training on time management and self-regulation")),
    (11, 11, N_("Stress before the UNT: screening and group training")),
    (11, 2, N_("Individual consultations for students at risk")),
    (11, 4, N_("Psychological readiness for the UNT: training and parent meeting")),
]

TEMPLATE: tuple[TemplateItem, ...] = (
    *_rows(CAREER, CAREER_ROWS),
    *_rows(PSYCHOLOGY, PSYCHOLOGY_ROWS),
)
