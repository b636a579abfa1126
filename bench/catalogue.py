"""What a Kazakhstan school teaches, where, and when: subjects, weekly hours, bells, buildings.

The weekly hours are modelled on the standard curricula of Order No. 500 of 8 November 2012
as amended by Order No. 27 of 8 February 2024 (adilet.zan.kz V2400033984: appendices 1-5 for
primary education, 6-10 for basic secondary, with Kazakh and with Russian language of
instruction). The library search reached only the amending order's preamble, not its tables,
so the hours below are not copied from them: they follow the tables' structure (subjects per
level, Kazakh/Russian as the second language, English from grade 2, informatics from grade 5,
sciences from grade 7, НВТП in 10-11), keep the totals within the usual six-day maximum load
(about 20 periods in grade 1 to 36 in grade 11), and fold variative hours into the nearest
compulsory subject. Splits follow the usual rules: the second language for classes of 24+,
English and informatics for every class of 20+.
"""

from __future__ import annotations

from dataclasses import dataclass

DAYS = 6  # Monday..Saturday: two-shift Kazakhstan schools commonly keep a six-day week


@dataclass(frozen=True, slots=True)
class SubjectDef:
    code: str
    ru: str
    kk: str
    group: str  # teacher qualification: who may teach it
    kind: str = "ordinary"  # room kind
    hard: bool = False


SUBJECTS: tuple[SubjectDef, ...] = (
    SubjectDef("GRAM", "Обучение грамоте", "Сауат ашу", "PRIM", hard=True),
    SubjectDef("LIT", "Литературное чтение", "Әдебиеттік оқу", "PRIM"),
    SubjectDef("PMATH", "Математика (нач.)", "Математика (бастауыш)", "PRIM", hard=True),
    SubjectDef("PLANG", "Язык обучения (нач.)", "Оқыту тілі (бастауыш)", "PRIM", hard=True),
    SubjectDef("WORLD", "Познание мира", "Дүниетану", "PRIM"),
    SubjectDef("PNAT", "Естествознание (нач.)", "Жаратылыстану (бастауыш)", "PRIM"),
    SubjectDef("PART", "Художественный труд (нач.)", "Көркем еңбек (бастауыш)", "PRIM"),
    SubjectDef("DIG", "Цифровая грамотность", "Цифрлық сауаттылық", "PRIM"),
    SubjectDef("KAZ", "Казахский язык", "Қазақ тілі", "KAZ", hard=True),
    SubjectDef("KAZLIT", "Казахская литература", "Қазақ әдебиеті", "KAZ"),
    SubjectDef("KAZL2", "Казахский язык и литература", "Қазақ тілі мен әдебиеті", "KAZ"),
    SubjectDef("RUS", "Русский язык", "Орыс тілі", "RUS", hard=True),
    SubjectDef("RUSLIT", "Русская литература", "Орыс әдебиеті", "RUS"),
    SubjectDef("RUSL2", "Русский язык и литература", "Орыс тілі мен әдебиеті", "RUS"),
    SubjectDef("ENG", "Английский язык", "Ағылшын тілі", "ENG"),
    SubjectDef("MATH", "Математика", "Математика", "MATH", hard=True),
    SubjectDef("ALG", "Алгебра", "Алгебра", "MATH", hard=True),
    SubjectDef("GEOM", "Геометрия", "Геометрия", "MATH", hard=True),
    SubjectDef("INF", "Информатика", "Информатика", "INF", kind="computer"),
    SubjectDef("NAT", "Естествознание", "Жаратылыстану", "BIO"),
    SubjectDef("PHYS", "Физика", "Физика", "PHYS", kind="lab_physics", hard=True),
    SubjectDef("CHEM", "Химия", "Химия", "CHEM", kind="lab_chemistry", hard=True),
    SubjectDef("BIO", "Биология", "Биология", "BIO", kind="lab_biology"),
    SubjectDef("GEO", "География", "География", "GEO"),
    SubjectDef("HISTKZ", "История Казахстана", "Қазақстан тарихы", "HIST"),
    SubjectDef("WHIST", "Всемирная история", "Дүниежүзі тарихы", "HIST"),
    SubjectDef("LAW", "Основы права", "Құқық негіздері", "HIST"),
    SubjectDef("ART", "Художественный труд", "Көркем еңбек", "ART", kind="workshop"),
    SubjectDef("MUS", "Музыка", "Музыка", "MUS", kind="music"),
    SubjectDef("PE", "Физическая культура", "Дене шынықтыру", "PE", kind="gym"),
    SubjectDef("NVP", "НВТП", "Алғашқы әскери және технологиялық дайындық", "NVP"),
    SubjectDef("SELF", "Самопознание", "Өзін-өзі тану", "SELF"),
)
SUBJECT = {s.code: s for s in SUBJECTS}


@dataclass(frozen=True, slots=True)
class CourseDef:
    subject: str
    hours: int
    doubles: int = 0
    split: str | None = None  # division the class splits into for it ("eng", "inf", "lang")


def _c(subject: str, hours: int, doubles: int = 0, split: str | None = None) -> CourseDef:
    return CourseDef(subject, hours, doubles, split)


def _primary(grade: int, medium: str) -> list[CourseDef]:
    second = "KAZL2" if medium == "ru" else "RUSL2"
    out = [
        _c("GRAM" if grade == 1 else "PLANG", 6 if grade == 1 else 5),
        _c("PMATH", 4 if grade == 1 else 5),
        _c("WORLD", 1 if grade == 1 else 2),
        _c("PNAT", 1 if grade < 3 else 2),
        _c("PART", 2),
        _c("MUS", 1),
        _c("PE", 3),
        _c("SELF", 1),
    ]
    if grade >= 2:
        out += [_c("LIT", 2), _c("ENG", 2, split="eng"), _c("DIG", 1)]
    if medium == "ru" or grade >= 3:
        out.append(_c(second, 2 if grade < 3 else 3))
    return out


def _basic(grade: int, medium: str) -> list[CourseDef]:
    if medium == "kk":
        lang = [_c("KAZ", 3 if grade < 8 else 2), _c("KAZLIT", 2), _c("RUSL2", 3, split="lang")]
    else:
        lang = [_c("RUS", 3 if grade < 8 else 2), _c("RUSLIT", 2), _c("KAZL2", 4, split="lang")]
    out = [*lang, _c("ENG", 3, split="eng"), _c("INF", 1, split="inf"), _c("PE", 3, 1)]
    out += [_c("HISTKZ", 1 if grade < 7 else 2), _c("WHIST", 1), _c("SELF", 1)]
    if grade <= 6:
        out += [_c("MATH", 5), _c("NAT", 2), _c("ART", 2, 1), _c("MUS", 1)]
        out += [_c("GEO", 1)] if grade == 6 else []
    else:
        out += [_c("ALG", 3), _c("GEOM", 2), _c("PHYS", 2 if grade < 9 else 3)]
        out += [_c("CHEM", 1 if grade == 7 else 2), _c("BIO", 2), _c("GEO", 2)]
        out += [_c("ART", 2, 1)] if grade < 9 else [_c("LAW", 1)]
    return out


def _senior(grade: int, medium: str) -> list[CourseDef]:
    if medium == "kk":
        lang = [_c("KAZ", 1), _c("KAZLIT", 3), _c("RUSL2", 2, split="lang")]
    else:
        lang = [_c("RUS", 1), _c("RUSLIT", 3), _c("KAZL2", 3, split="lang")]
    return [
        *lang,
        _c("ENG", 3, split="eng"),
        _c("ALG", 4),
        _c("GEOM", 2),
        _c("INF", 2, 1, split="inf"),
        _c("PHYS", 3, 1),
        _c("CHEM", 2),
        _c("BIO", 2),
        _c("GEO", 2),
        _c("HISTKZ", 2),
        _c("WHIST", 1),
        _c("LAW", 1),
        _c("NVP", 2, 1),
        _c("PE", 2, 1),
        _c("SELF", 1),
    ]


def curriculum(grade: int, medium: str) -> list[CourseDef]:
    """Weekly courses of one class: subject, periods per week, doubles, split division.

    Args:
        grade: 1..11.
        medium: "kk" or "ru", the class's language of instruction.

    Returns:
        The courses, totals between 19 (grade 1) and 36 (grade 11) periods a week.
    """
    if grade <= 4:
        return _primary(grade, medium)
    if grade <= 9:
        return _basic(grade, medium)
    return _senior(grade, medium)


def shift_of_grade(grade: int) -> str:
    """Grades 1, 5, 9, 10 and 11 study in the first shift, as the sanitary rules ask."""
    return "1" if grade in (1, 5, 9, 10, 11) else "2"


# Bell schedules: 45-minute lessons, a long (20-minute) break after the third period. The
# second shift starts while the first shift's seventh period is still running.
BELLS: dict[str, tuple[tuple[str, str], ...]] = {
    "1": (
        ("08:00", "08:45"),
        ("08:50", "09:35"),
        ("09:45", "10:30"),
        ("10:50", "11:35"),
        ("11:45", "12:30"),
        ("12:35", "13:20"),
        ("13:25", "14:10"),
    ),
    "2": (
        ("13:30", "14:15"),
        ("14:20", "15:05"),
        ("15:15", "16:00"),
        ("16:20", "17:05"),
        ("17:15", "18:00"),
        ("18:05", "18:50"),
    ),
}


def minutes(text: str) -> int:
    """Minutes since midnight of 'HH:MM'."""
    h, m = text.split(":")
    return int(h) * 60 + int(m)


@dataclass(frozen=True, slots=True)
class BuildingDef:
    code: str
    ru: str
    kk: str


MAIN = BuildingDef("MAIN", "Главный корпус", "Бас ғимарат")
SENIOR = BuildingDef("SENIOR", "Корпус старших классов", "Жоғары сынып ғимараты")
HALL = BuildingDef("HALL", "Спортивный комплекс", "Спорт кешені")
PRIMARY = BuildingDef("PRIMARY", "Корпус начальной школы", "Бастауыш мектеп ғимараты")
BUILDING_ORDER = (MAIN, SENIOR, HALL, PRIMARY)
TRAVEL = {
    ("MAIN", "SENIOR"): 5,
    ("MAIN", "HALL"): 15,
    ("SENIOR", "HALL"): 10,
    ("MAIN", "PRIMARY"): 10,
    ("SENIOR", "PRIMARY"): 15,
    ("HALL", "PRIMARY"): 20,
}


def travel(a: str, b: str) -> int:
    """Walking minutes between two buildings (0 within one)."""
    if a == b:
        return 0
    return TRAVEL.get((a, b), TRAVEL.get((b, a), 0))


def home_building(grade: int, buildings: tuple[str, ...]) -> str:
    """Where a class of this grade has its home room."""
    if grade <= 4 and "PRIMARY" in buildings:
        return "PRIMARY"
    if grade >= 8 and "SENIOR" in buildings:
        return "SENIOR"
    return "MAIN"


def kind_building(kind: str, home: str, grade: int, buildings: tuple[str, ...]) -> str:
    """Building whose rooms of `kind` a class with home building `home` uses."""
    if kind == "gym":
        return "HALL" if home == "SENIOR" and "HALL" in buildings else home
    if kind.startswith("lab_"):
        return "SENIOR" if "SENIOR" in buildings else "MAIN"
    if kind in ("workshop",) or (kind == "music" and grade > 4):
        return "MAIN"
    return home  # ordinary, computer, primary music
