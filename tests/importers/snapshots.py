"""Snapshots for the importer tests: one hand-made school and a hypothesis strategy."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from importers.excel.rows import grid_slots
from models.snapshot import (
    BellPeriod,
    BuildingInfo,
    ClassInfo,
    GroupRef,
    Holiday,
    LessonReq,
    LockedLesson,
    ParentInfo,
    RoomInfo,
    RuleRow,
    SchoolInfo,
    SchoolSnapshot,
    SlotRef,
    SnapshotSettings,
    StudentInfo,
    SubgroupInfo,
    SubjectInfo,
    TeacherInfo,
    TermInfo,
    TravelInfo,
)


def small_school() -> SchoolSnapshot:
    """A two-shift, two-building school with Kazakh names, subgroups and every optional sheet."""
    bells = tuple(
        BellPeriod("1", n, f"{8 + (n - 1):02d}:00", f"{8 + (n - 1):02d}:45") for n in range(1, 5)
    ) + tuple(BellPeriod("2", n, f"{13 + n:02d}:00", f"{13 + n:02d}:45") for n in range(1, 4))
    return SchoolSnapshot(
        school=SchoolInfo("SCH-7", "№ 7 мектеп-гимназия", "Шымкент", "Түркістан", 6, "kk"),
        terms=(
            TermInfo(
                "1 тоқсан",
                date(2026, 9, 1),
                date(2026, 10, 30),
                (Holiday("Республика күні", date(2026, 10, 26), date(2026, 10, 26)),),
            ),
        ),
        buildings=(
            BuildingInfo("MAIN", "Бас ғимарат", "Абай даңғылы, 1"),
            BuildingInfo("GYM", "Спорт залы"),
        ),
        travel=(TravelInfo("MAIN", "GYM", 15),),
        rooms=(
            RoomInfo("101", "Қазақ тілі", "MAIN", 30),
            RoomInfo("204", "Физика", "MAIN", 28, "lab", (SlotRef(0, "1", 1),)),
            RoomInfo("ЗАЛ", "Спорт залы", "GYM", 60, "gym"),
        ),
        subjects=(
            SubjectInfo("MATH", "Математика", True),
            SubjectInfo("KAZ", "Қазақ тілі"),
            SubjectInfo("PE", "Дене шынықтыру", False, "gym"),
        ),
        bells=bells,
        teachers=(
            TeacherInfo(
                "T-14",
                "Әсел Нұрова",
                ("MATH",),
                (SlotRef(1, "1", 2), SlotRef(1, "2", 1)),
                6,
                20,
                5,
                5,
                1,
                "asel@sch.kz",
            ),
            TeacherInfo("T-2", "Ғалым Өтегенұлы", ("KAZ", "PE")),
            TeacherInfo("T-3", "Іңкәр Үсенова", ("KAZ",), day_off=0),
        ),
        classes=(
            ClassInfo("7Ә", 7, "1", 26, "101", 7, class_teacher="T-14"),
            ClassInfo("7Б", 7, "1", 24, None, None, (SlotRef(5, "1", 4),), "T-3"),
            ClassInfo("2А", 2, "2", 20),
        ),
        subgroups=(
            SubgroupInfo("7Ә", "lang", "kz1", 13),
            SubgroupInfo("7Ә", "lang", "kz2", 13),
            SubgroupInfo("7Б", "lang", "kz1", 12),
        ),
        lessons=(
            LessonReq("7Ә-MATH", "MATH", (GroupRef("7Ә"),), ("T-14",), 5, 1),
            LessonReq(
                "KAZ-J", "KAZ", (GroupRef("7Ә", "kz1"), GroupRef("7Б", "kz1")), ("T-2", "T-3"), 3
            ),
            LessonReq("2А-PE", "PE", (GroupRef("2А"),), ("T-2",), 2, 0, "gym", ("ЗАЛ",)),
        ),
        students=(StudentInfo("S1", "Айгерім Қасым", "7Ә", (("lang", "kz1"),), date(2013, 5, 4)),),
        parents=(
            ParentInfo("P1", "Қасым Серік", ("S1",), "q@mail.kz", "+7 700 000 0000", "әкесі"),
        ),
        rules=(
            RuleRow(
                "Limit", {"teacher": "T-3", "measure": "max_days", "value": 4, "note": "ұстаз"}, 5
            ),
        ),
        locked=(LockedLesson("7Ә-MATH", 0, 0, "1", 1, "101"),),
        settings=SnapshotSettings(True, 5, 2, {"teacher_gap": 7}),
    )


_LETTERS = "abcXYZ019әғқңөұүһіАБВЖЯё"
_codes = st.text(alphabet=_LETTERS + "-_.", min_size=1, max_size=6)
_texts = (
    st.text(alphabet=_LETTERS + " =#'\"()№,", min_size=1, max_size=12).map(str.strip).filter(bool)
)
_opt_text = st.one_of(st.just(""), _texts)
_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
_kinds = st.sampled_from(["ordinary", "lab", "gym", "бассейн"])


def _pick(
    draw: st.DrawFn, items: list[str], min_size: int = 0, max_size: int = 3
) -> tuple[str, ...]:
    if not items:
        return ()
    return tuple(
        draw(st.lists(st.sampled_from(items), min_size=min_size, max_size=max_size, unique=True))
    )


def _bells(draw: st.DrawFn) -> tuple[BellPeriod, ...]:
    shifts = draw(st.lists(_codes, min_size=1, max_size=2, unique=True))
    out: list[BellPeriod] = []
    for shift in shifts:
        t = draw(st.integers(7 * 60, 10 * 60))
        for n in range(1, draw(st.integers(1, 4)) + 1):
            length = draw(st.integers(20, 50))
            out.append(
                BellPeriod(
                    shift,
                    n,
                    f"{t // 60:02d}:{t % 60:02d}",
                    f"{(t + length) // 60:02d}:{(t + length) % 60:02d}",
                )
            )
            t += length + draw(st.integers(0, 20))
    return tuple(out)


def _slots(draw: st.DrawFn, grid: list[tuple[int, str, int]]) -> tuple[SlotRef, ...]:
    picked = draw(st.sets(st.sampled_from(grid), max_size=4))
    return tuple(SlotRef(*s) for s in sorted(picked, key=grid.index))


def _terms(draw: st.DrawFn) -> tuple[TermInfo, ...]:
    out = []
    for name in draw(st.lists(_texts, max_size=2, unique=True)):
        start = draw(_dates)
        end = start + timedelta(days=draw(st.integers(0, 90)))
        holidays = []
        for hname in draw(st.lists(_texts, max_size=2)):
            a = start + timedelta(days=draw(st.integers(0, (end - start).days)))
            b = a + timedelta(days=draw(st.integers(0, (end - a).days)))
            holidays.append(Holiday(hname, a, b))
        out.append(TermInfo(name, start, end, tuple(holidays)))
    return tuple(out)


@st.composite
def snapshots(draw: st.DrawFn) -> SchoolSnapshot:
    """Consistent random schools: every reference points at something that exists."""
    school = SchoolInfo(
        draw(_codes),
        draw(_texts),
        draw(_opt_text),
        draw(_opt_text),
        draw(st.sampled_from([5, 6])),
        draw(st.sampled_from(["kk", "ru", "en"])),
    )
    buildings = [
        BuildingInfo(c, draw(_texts), draw(_opt_text))
        for c in draw(st.lists(_codes, min_size=1, max_size=3, unique=True))
    ]
    bcodes = [b.code for b in buildings]
    pairs = [(a, b) for a in bcodes for b in bcodes if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True)) if pairs else []
    travel = tuple(TravelInfo(a, b, draw(st.integers(0, 30))) for a, b in chosen)
    bells = _bells(draw)
    proto = SchoolSnapshot(school=school, bells=bells)
    grid = grid_slots(proto)
    rooms = [
        RoomInfo(
            c,
            draw(_opt_text),
            draw(st.sampled_from(bcodes)),
            draw(st.integers(0, 40)),
            draw(_kinds),
            _slots(draw, grid),
        )
        for c in draw(st.lists(_codes, min_size=1, max_size=4, unique=True))
    ]
    subjects = [
        SubjectInfo(c, draw(_texts), draw(st.booleans()), draw(_kinds))
        for c in draw(st.lists(_codes, min_size=1, max_size=4, unique=True))
    ]
    scodes, rcodes = [s.code for s in subjects], [r.code for r in rooms]
    shifts = list(dict.fromkeys(b.shift for b in bells))
    opt_int = st.one_of(st.none(), st.integers(0, 40))
    teachers = [
        TeacherInfo(
            c,
            draw(_texts),
            _pick(draw, scodes),
            _slots(draw, grid),
            draw(opt_int),
            draw(opt_int),
            draw(opt_int),
            draw(st.one_of(st.none(), st.integers(0, school.days_per_week - 1))),
            draw(opt_int),
            draw(_opt_text),
            draw(_opt_text),
        )
        for c in draw(st.lists(_codes, min_size=1, max_size=4, unique=True))
    ]
    classes = [
        ClassInfo(
            c,
            draw(st.integers(1, 11)),
            draw(st.sampled_from(shifts)),
            draw(st.integers(0, 35)),
            draw(st.one_of(st.none(), st.sampled_from(rcodes))),
            draw(st.one_of(st.none(), st.integers(1, 8))),
            _slots(draw, grid),
            draw(st.one_of(st.none(), st.sampled_from([t.code for t in teachers]))),
        )
        for c in draw(st.lists(_codes, min_size=1, max_size=3, unique=True))
    ]
    subgroups = [
        SubgroupInfo(c.code, draw(_codes), g, draw(st.integers(0, 20)))
        for c in classes
        for g in draw(st.lists(_codes, max_size=2, unique=True))
    ]
    refs = [GroupRef(c.code) for c in classes] + [GroupRef(g.class_code, g.code) for g in subgroups]
    lessons = []
    for key in draw(st.lists(_codes, max_size=4, unique=True)):
        subject = draw(st.sampled_from(scodes))
        able = [t.code for t in teachers if not t.subjects or subject in t.subjects]
        periods = draw(st.integers(1, 6))
        audience = tuple(draw(st.lists(st.sampled_from(refs), min_size=1, max_size=3, unique=True)))
        lessons.append(
            LessonReq(
                key,
                subject,
                audience,
                _pick(draw, able),
                periods,
                draw(st.integers(0, periods // 2)),
                draw(st.one_of(st.none(), _kinds)),
                _pick(draw, rcodes),
            )
        )
    students = []
    for code in draw(st.lists(_codes, max_size=3, unique=True)):
        cls = draw(st.sampled_from(classes))
        groups = [(g.division, g.code) for g in subgroups if g.class_code == cls.code]
        students.append(
            StudentInfo(
                code,
                draw(_texts),
                cls.code,
                tuple(draw(st.lists(st.sampled_from(groups), max_size=2, unique=True)))
                if groups
                else (),
                draw(st.one_of(st.none(), _dates)),
            )
        )
    parents = [
        ParentInfo(
            c,
            draw(_texts),
            _pick(draw, [s.code for s in students], 1),
            draw(_opt_text),
            draw(_opt_text),
            draw(_opt_text),
        )
        for c in (draw(st.lists(_codes, max_size=2, unique=True)) if students else [])
    ]
    locked = []
    for lesson in draw(st.lists(st.sampled_from(lessons), max_size=2)) if lessons else []:
        shift = draw(st.sampled_from(shifts))
        period = draw(st.sampled_from(sorted(b.number for b in bells if b.shift == shift)))
        locked.append(
            LockedLesson(
                lesson.key,
                draw(st.integers(0, lesson.periods_per_week - lesson.doubles - 1)),
                draw(st.integers(0, school.days_per_week - 1)),
                shift,
                period,
                draw(st.one_of(st.none(), st.sampled_from(rcodes))),
            )
        )
    # any kind and parameters survive while switched off; active rules must make sense
    rules = [
        RuleRow(
            draw(_texts),
            draw(st.dictionaries(_texts, st.one_of(st.integers(), _texts), max_size=2)),
            draw(st.one_of(st.none(), st.integers(0, 100))),
            False,
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    rules += [
        RuleRow(
            "Limit",
            {
                "teacher": draw(st.sampled_from([t.code for t in teachers])),
                "measure": draw(st.sampled_from(["max_per_day", "max_gaps_week"])),
                "value": draw(st.integers(0, 8)),
                "note": draw(_texts),
            },
            draw(st.one_of(st.none(), st.integers(1, 100))),
        )
        for _ in range(draw(st.integers(0, 1)))
    ]
    weights = draw(
        st.dictionaries(
            st.sampled_from(["teacher_gap", "building_change", "class_gap"]), st.integers(0, 50)
        )
    )
    settings = SnapshotSettings(
        draw(st.booleans()),
        draw(st.integers(1, 8)),
        draw(st.one_of(st.none(), st.integers(0, 5))),
        weights,
    )
    return SchoolSnapshot(
        school,
        _terms(draw),
        tuple(buildings),
        travel,
        tuple(rooms),
        tuple(subjects),
        bells,
        tuple(teachers),
        tuple(classes),
        tuple(subgroups),
        tuple(lessons),
        tuple(students),
        tuple(parents),
        tuple(rules),
        tuple(locked),
        settings,
    )
