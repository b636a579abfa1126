"""The specialists' assistant, rule-based: a profile summarised, next steps with their reasons,
and a consultation note drafted from both. Everything comes from our own data and rules."""

from __future__ import annotations

from dataclasses import dataclass

from guidance.admissions.schemas import Admissions
from guidance.atlas.schemas import Atlas
from guidance.recommend.beyond import CEFR, NU_ENGLISH, english_rank
from guidance.recommend.electives import shipped_electives
from guidance.recommend.fit import STRONG_GRADE, WEAK_GRADE
from guidance.recommend.schemas import LIKELY, SAFE, ProfileInput, Recommendations
from guidance.recommend.words import (
    FORMAT,
    LEVEL,
    MODE,
    grade_text,
    holland_names,
    joined,
    pair_words,
    word,
)
from models.i18n import N_, Message, message

PAIR_CHOICE_GRADE = 9  # from this grade the choice of profile subjects is due
MOCK_GRADE = 10  # from this grade a mock UNT shows where the student stands


@dataclass(frozen=True, slots=True)
class AssistantContext:
    """What the specialist's page knows beyond the engine's input. Used for the local draft
    only: none of it is ever sent to an external language model."""

    student_name: str = ""
    follow_up_case: bool = False  # a psychologist's open case (never shown to others)


@dataclass(frozen=True, slots=True)
class Step:
    action: Message
    reason: Message
    private: bool = False  # from the AssistantContext: shown locally, never sent anywhere


@dataclass(frozen=True, slots=True)
class Advice:
    summary: tuple[Message, ...]
    steps: tuple[Step, ...]


def _grades(profile: ProfileInput, data: Admissions, strong: bool) -> object:
    chosen = sorted(
        (s, g)
        for s, g in profile.grades.items()
        if (g >= STRONG_GRADE if strong else g < WEAK_GRADE) and s in data.subjects
    )
    return (
        joined(
            [
                message(N_("{subject} {grade}"), subject=data.subjects[s].name, grade=grade_text(g))
                for s, g in chosen
            ]
        )
        if chosen
        else None
    )


def summarise(
    profile: ProfileInput, result: Recommendations, atlas: Atlas, data: Admissions
) -> list[Message]:
    """The profile in a few sentences (no name: safe to show or send as it is)."""
    out = []
    if profile.grade is not None:
        out.append(message(N_("Grade {grade}."), grade=profile.grade))
    if result.holland_code:
        out.append(
            message(
                N_("Interests: {names} ({code})."),
                names=holland_names(result.holland_code),
                code=result.holland_code,
            )
        )
    if profile.klimov is not None:
        scores = profile.klimov.as_dict()
        top = max(scores, key=lambda k: (scores[k], k))
        out.append(message(N_("Strongest type of work: {kind}."), kind=atlas.klimov[top]))
    strong, weak = _grades(profile, data, True), _grades(profile, data, False)
    if strong:
        out.append(message(N_("Strong subjects: {subjects}."), subjects=strong))
    if weak:
        out.append(message(N_("Subjects that need support: {subjects}."), subjects=weak))
    if profile.perception in FORMAT:
        out.append(
            message(
                N_("Learns best through {format}."), format=word(FORMAT, profile.perception or "")
            )
        )
    rank = english_rank(profile.english_level)
    if rank is not None:
        out.append(message(N_("English: {level}."), level=CEFR[rank]))
    pair = data.find_pair(profile.profile_subjects)
    if pair is not None:
        names = pair_words([data.subjects[s].name for s in pair.subjects])
        out.append(message(N_("Chosen profile subjects: {pair}."), pair=names))
    if profile.unt_mock_total is not None:
        out.append(
            message(N_("Latest mock UNT: {score} of 140."), score=round(profile.unt_mock_total))
        )
    if result.professions:
        titles = joined([atlas.by_id[m.profession_id].title for m in result.professions[:3]])
        out.append(message(N_("Best-matching professions: {professions}."), professions=titles))
    return out


def next_steps(
    profile: ProfileInput,
    result: Recommendations,
    atlas: Atlas,
    data: Admissions,
    context: AssistantContext | None = None,
) -> list[Step]:
    """What the specialist might do next, each with the reason from the data."""
    steps: list[Step] = []
    if context is not None and context.follow_up_case:
        steps.append(
            Step(
                message(N_("Follow up the open support case first.")),
                message(N_("A case is open for this student.")),
                private=True,
            )
        )
    steps += [Step(message(N_("Complete the profile.")), m) for m in result.missing]
    grade = profile.grade or 0
    steps += _pair_steps(result, data, grade)
    steps += _unt_steps(profile, result, atlas, data, grade)
    steps += _english_steps(profile, result, data)
    steps += _elective_steps(result)
    return steps


def _pair_steps(result: Recommendations, data: Admissions, grade: int) -> list[Step]:
    steps: list[Step] = []
    chosen = next((p for p in result.pairs if p.chosen), None)
    if chosen is None and grade >= PAIR_CHOICE_GRADE and result.pairs:
        best = result.pairs[0]
        names = pair_words([data.subjects[s].name for s in best.subjects])
        steps.append(
            Step(
                message(
                    N_("Discuss the choice of profile subjects, starting with {pair}."), pair=names
                ),
                message(
                    N_(
                        "In grade {grade} the choice of profile subjects shapes "
                        "the UNT; this pair leads to the best-matching "
                        "professions."
                    ),
                    grade=grade,
                ),
            )
        )
    if chosen is not None and not chosen.fits:
        steps.append(
            Step(
                message(N_("Review the chosen profile subjects with the student.")),
                message(N_("None of the best-matching professions needs them.")),
            )
        )
    return steps


def _elective_steps(result: Recommendations) -> list[Step]:
    steps: list[Step] = []
    for course in result.electives:
        offer = message(
            N_("Offer the elective course {course} ({level}, {mode})."),
            course=_elective_title(course.course_id),
            level=word(LEVEL, course.difficulty),
            mode=word(MODE, course.mode),
        )
        steps.append(Step(offer, course.reasons[0] if course.reasons else offer))
    return steps


def _unt_steps(
    profile: ProfileInput, result: Recommendations, atlas: Atlas, data: Admissions, grade: int
) -> list[Step]:
    if profile.unt_mock_total is None:
        if grade >= MOCK_GRADE:
            return [
                Step(
                    message(N_("Ask the student to take a mock UNT.")),
                    message(N_("Without a mock score the chances at universities are unknown.")),
                )
            ]
        return []
    if not result.professions:
        return []
    # the universities of the best-matching profession's groups
    target = atlas.by_id[result.professions[0].profession_id].groups
    best = [u for u in result.universities if u.group_code in target]
    if best and not any(u.chance in (SAFE, LIKELY) for u in best):
        needed = min(u.needed or 0 for u in best)
        group = data.groups[best[0].group_code]
        return [
            Step(
                message(N_("Plan UNT preparation in the profile subjects.")),
                message(
                    N_("The mock score {score} is below the pass score {needed} of {group}."),
                    score=round(profile.unt_mock_total),
                    needed=needed,
                    group=group.name,
                ),
            )
        ]
    return []


def _english_steps(profile: ProfileInput, result: Recommendations, data: Admissions) -> list[Step]:
    rank = english_rank(profile.english_level)
    below = rank is None or rank < CEFR.index(NU_ENGLISH)
    if result.nu is not None and result.nu.fits and below:
        return [
            Step(
                message(
                    N_("Plan English preparation towards IELTS {ielts}."), ielts=data.nu.ielts_min
                ),
                message(N_("Nazarbayev University fits the profile and teaches in English.")),
            )
        ]
    return []


def _elective_title(course_id: str) -> object:
    course = shipped_electives().get(course_id)
    return course.title if course else course_id


def advise(
    profile: ProfileInput,
    result: Recommendations,
    atlas: Atlas,
    data: Admissions,
    context: AssistantContext | None = None,
) -> Advice:
    """The summary and the next steps for one student.

    Args:
        profile: the engine's input for the student.
        result: `recommend(profile, atlas, data)`.
        atlas: the atlas; data: the school's admissions data.
        context: what only the local draft may use (name, an open case).

    Returns:
        The advice.
    """
    return Advice(
        tuple(summarise(profile, result, atlas, data)),
        tuple(next_steps(profile, result, atlas, data, context)),
    )


NOTE_HEADINGS = (
    N_("Request"),
    N_("What the profile shows"),
    N_("Discussed"),
    N_("Agreed next steps"),
)


def draft_note(
    advice: Advice,
    result: Recommendations,
    atlas: Atlas,
    context: AssistantContext | None = None,
) -> list[tuple[Message, list[Message]]]:
    """A consultation note to edit: headed sections of sentences (the name only here, locally)."""
    if context and context.student_name:
        request = [
            message(
                N_("Consultation with {name} about the choice of a profession."),
                name=context.student_name,
            )
        ]
    else:
        request = [message(N_("Consultation about the choice of a profession."))]
    discussed = [
        message(
            N_("{profession}: {reason}"),
            reason=m.reasons[0],
            profession=atlas.by_id[m.profession_id].title,
        )
        for m in result.professions[:3]
        if m.reasons
    ]
    steps = [
        message(N_("{action} ({reason})"), action=s.action, reason=s.reason) for s in advice.steps
    ]
    bodies = [request, list(advice.summary), discussed, steps]
    return [(message(h), b) for h, b in zip(NOTE_HEADINGS, bodies, strict=True)]
