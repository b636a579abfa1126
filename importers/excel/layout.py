"""The import workbook's sheets and columns, with their headers in Kazakh, Russian and English."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

LANGS = ("kk", "ru", "en")
DEFAULT_LANG_ORDER = ("kk", "ru", "en")
HEADER_ROWS = 3  # one header row per language, in the writer's `lang_order`
FIRST_DATA_ROW = HEADER_ROWS + 1
LIST_SEP = ", "  # how several values are written into one cell
GROUP_SEP = "/"  # "7A/kz": subgroup kz of class 7A; "lang/kz": division lang, subgroup kz
MARK = "x"  # an availability grid mark = unavailable
NOTE_PREFIX = "#"  # a column whose header starts with this is the school's own note


@dataclass(frozen=True, slots=True)
class Words:
    """A text the workbook gives in each of its languages (a column's header), for sentences.

    Rendered in the reader's language: the translate function names it by its `locale`
    (web.i18n's does); English otherwise.
    """

    kk: str
    ru: str
    en: str

    def render(self, translate: object = None) -> str:
        """The text in the language of `translate`."""
        lang = getattr(translate, "locale", "en")
        return {"kk": self.kk, "ru": self.ru}.get(lang, self.en)

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a data sheet.

    kind is one of: text, code, int, date, time, bool, day, list (several codes in a cell).
    ref names the sheet whose code column the values must come from (a drop-down is added).
    choices names a fixed list on the hidden Lists sheet (yes/no, days, room kinds, ...).
    """

    key: str
    kk: str
    ru: str
    en: str
    kind: str = "text"
    required: bool = False
    ref: str | None = None
    choices: str | None = None
    width: int = 14

    @property
    def title(self) -> Words:
        """The header's words in every language, for a sentence about this column."""
        return Words(self.kk, self.ru, self.en)

    def header(self, lang: str) -> str:
        """The header text in one language; required columns end with " *"."""
        text: str = {"kk": self.kk, "ru": self.ru, "en": self.en}[lang]
        return text + " *" if self.required else text


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """One data sheet: its English title (used in messages), its kk/ru aliases and columns."""

    name: str
    kk: str
    ru: str
    columns: tuple[Column, ...]
    required: bool = False

    def column(self, key: str) -> Column:
        """The column with this key."""
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def letter(self, key: str) -> str:
        """The column letter the writer puts this column in."""
        letter: str = get_column_letter([c.key for c in self.columns].index(key) + 1)
        return letter


def _c(key: str, kk: str, ru: str, en: str, kind: str = "text", **kw: object) -> Column:
    return Column(key, kk, ru, en, kind, **kw)  # type: ignore[arg-type]


_NAME = ("name", "Атауы", "Название", "Name")
_START = ("start", "Басталуы", "Начало", "Start")
_END = ("end", "Аяқталуы", "Конец", "End")
_EMAIL = ("email", "Эл. пошта", "Эл. почта", "E-mail")
_PHONE = ("phone", "Телефон", "Телефон", "Phone")
_SHIFT = ("shift", "Ауысым", "Смена", "Shift")
_CLASS = ("class", "Сынып", "Класс", "Class")
_KIND = ("room_kind", "Кабинет түрі", "Тип кабинета", "Room kind")
_MAX_DAY = ("max_per_day", "Күніне ең көп сабақ", "Макс. уроков в день", "Max periods a day")

SCHOOL = SheetSpec(
    "School",
    "Мектеп",
    "Школа",
    (
        _c("code", "Мектеп коды", "Код школы", "School code", "code", required=True),
        _c(*_NAME, required=True, width=36),
        _c("city", "Қала", "Город", "City", width=18),
        _c("region", "Облыс", "Область", "Region", width=22),
        _c(
            "days",
            "Аптадағы оқу күндері",
            "Учебных дней в неделю",
            "School days a week",
            "int",
            required=True,
            choices="days_per_week",
        ),
        _c("language", "Оқыту тілі", "Язык обучения", "Main language", choices="languages"),
    ),
    required=True,
)
TERMS = SheetSpec(
    "Terms",
    "Тоқсандар",
    "Четверти",
    (
        _c("name", "Тоқсан", "Четверть", "Term", required=True, width=18),
        _c(*_START, "date", required=True, width=12),
        _c(*_END, "date", required=True, width=12),
    ),
)
HOLIDAYS = SheetSpec(
    "Holidays",
    "Демалыстар",
    "Каникулы",
    (
        _c("term", "Тоқсан", "Четверть", "Term", required=True, ref="Terms", width=18),
        _c("name", "Демалыс", "Каникулы / праздник", "Holiday", required=True, width=24),
        _c(*_START, "date", required=True, width=12),
        _c(*_END, "date", required=True, width=12),
    ),
)
BUILDINGS = SheetSpec(
    "Buildings",
    "Ғимараттар",
    "Здания",
    (
        _c("code", "Ғимарат коды", "Код здания", "Building code", "code", required=True),
        _c(*_NAME, required=True, width=28),
        _c("address", "Мекенжайы", "Адрес", "Address", width=36),
    ),
    required=True,
)
TRAVEL = SheetSpec(
    "Travel",
    "Жол",
    "Переходы",
    (
        _c("a", "Ғимарат А", "Здание А", "Building A", "code", required=True, ref="Buildings"),
        _c("b", "Ғимарат Б", "Здание Б", "Building B", "code", required=True, ref="Buildings"),
        _c("minutes", "Жол, минут", "В пути, минут", "Travel minutes", "int", required=True),
    ),
)
ROOMS = SheetSpec(
    "Rooms",
    "Кабинеттер",
    "Кабинеты",
    (
        _c("code", "Кабинет коды", "Код кабинета", "Room code", "code", required=True),
        _c(*_NAME, width=24),
        _c("building", "Ғимарат", "Здание", "Building", "code", required=True, ref="Buildings"),
        _c("capacity", "Сыйымдылығы", "Вместимость", "Capacity", "int", required=True),
        _c(*_KIND, choices="room_kinds"),
    ),
    required=True,
)
SUBJECTS = SheetSpec(
    "Subjects",
    "Пәндер",
    "Предметы",
    (
        _c("code", "Пән коды", "Код предмета", "Subject code", "code", required=True),
        _c(*_NAME, required=True, width=28),
        _c("hard", "Күрделі пән", "Трудный предмет", "Hard subject", "bool", choices="yes_no"),
        _c(*_KIND, choices="room_kinds"),
    ),
    required=True,
)
TEACHERS = SheetSpec(
    "Teachers",
    "Мұғалімдер",
    "Учителя",
    (
        _c("code", "Мұғалім коды", "Код учителя", "Teacher code", "code", required=True),
        _c("name", "Аты-жөні", "ФИО", "Full name", required=True, width=30),
        _c("subjects", "Пәндері", "Предметы", "Subjects", "list", ref="Subjects", width=22),
        _c(*_MAX_DAY, "int"),
        _c("max_per_week", "Аптасына ең көп сабақ", "Макс. уроков в неделю", "Max a week", "int"),
        _c("max_days", "Ең көп жұмыс күні", "Макс. рабочих дней", "Max working days", "int"),
        _c("day_off", "Қалаған демалыс күні", "Желаемый выходной", "Preferred day off", "day"),
        _c(
            "max_building_changes",
            "Ғимарат ауысуы, күніне ең көп",
            "Макс. переходов между зданиями в день",
            "Max building changes a day",
            "int",
        ),
        _c(*_EMAIL, width=24),
        _c(*_PHONE, width=16),
    ),
    required=True,
)
AVAILABILITY = SheetSpec(
    "Availability",
    "Бос емес уақыт",
    "Занятость",
    (
        _c("type", "Түрі", "Тип", "Type", required=True, choices="who"),
        _c("code", "Коды", "Код", "Code", "code", required=True),
    ),
)
CLASSES = SheetSpec(
    "Classes",
    "Сыныптар",
    "Классы",
    (
        _c("code", "Сынып", "Класс", "Class", "code", required=True, width=10),
        _c("grade", "Параллель", "Параллель", "Grade", "int", required=True, width=10),
        _c(*_SHIFT, "code", required=True, choices="shifts", width=10),
        _c("size", "Оқушы саны", "Учеников", "Students", "int", required=True, width=10),
        _c("home_room", "Сынып кабинеті", "Классный кабинет", "Home room", "code", ref="Rooms"),
        _c(*_MAX_DAY, "int"),
        _c(
            "class_teacher",
            "Сынып жетекшісі",
            "Классный руководитель",
            "Class teacher",
            "code",
            ref="Teachers",
            width=18,
        ),
    ),
    required=True,
)
SUBGROUPS = SheetSpec(
    "Subgroups",
    "Топтар",
    "Подгруппы",
    (
        _c(*_CLASS, "code", required=True, ref="Classes", width=10),
        _c("division", "Бөліну", "Деление", "Division", "code", required=True),
        _c("code", "Топ коды", "Код подгруппы", "Subgroup code", "code", required=True),
        _c("size", "Оқушы саны", "Учеников", "Students", "int", required=True, width=10),
    ),
)
BELLS = SheetSpec(
    "Bells",
    "Қоңыраулар",
    "Звонки",
    (
        _c(*_SHIFT, "code", required=True, choices="shifts", width=10),
        _c("number", "Сабақ №", "Урок №", "Period", "int", required=True, width=10),
        _c(*_START, "time", required=True, width=10),
        _c(*_END, "time", required=True, width=10),
    ),
    required=True,
)
LESSONS = SheetSpec(
    "Lessons",
    "Оқу жүктемесі",
    "Нагрузка",
    (
        _c("key", "Кілт", "Ключ", "Key", "code", width=16),
        _c(
            "audience",
            "Сыныптар / топтар",
            "Классы / подгруппы",
            "Classes / subgroups",
            "list",
            required=True,
            ref="Classes",
            width=22,
        ),
        _c("subject", "Пән", "Предмет", "Subject", "code", required=True, ref="Subjects"),
        _c("teachers", "Мұғалімдер", "Учителя", "Teachers", "list", ref="Teachers", width=18),
        _c("periods", "Аптасына сабақ", "Уроков в неделю", "Periods a week", "int", required=True),
        _c("doubles", "Қос сабақтар", "Сдвоенных уроков", "Double lessons", "int"),
        _c(*_KIND, choices="room_kinds"),
        _c(
            "rooms",
            "Рұқсат етілген кабинеттер",
            "Разрешённые кабинеты",
            "Allowed rooms",
            "list",
            ref="Rooms",
            width=18,
        ),
    ),
    required=True,
)
SETTINGS = SheetSpec(
    "Settings",
    "Баптаулар",
    "Настройки",
    (
        _c("setting", "Баптау", "Параметр", "Setting", required=True, width=26),
        _c("value", "Мәні", "Значение", "Value", width=10),
        _c("about", "Сипаттамасы", "Описание", "Description", width=90),
    ),
)
STUDENTS = SheetSpec(
    "Students",
    "Оқушылар",
    "Ученики",
    (
        _c("code", "Оқушы коды", "Код ученика", "Student code", "code", required=True),
        _c("name", "Аты-жөні", "ФИО", "Full name", required=True, width=30),
        _c(*_CLASS, "code", required=True, ref="Classes", width=10),
        _c("subgroups", "Топтары", "Подгруппы", "Subgroups", "list", width=18),
        _c("birth", "Туған күні", "Дата рождения", "Birth date", "date", width=12),
    ),
)
PARENTS = SheetSpec(
    "Parents",
    "Ата-аналар",
    "Родители",
    (
        _c("code", "Ата-ана коды", "Код родителя", "Parent code", "code", required=True),
        _c("name", "Аты-жөні", "ФИО", "Full name", required=True, width=30),
        _c(
            "children",
            "Балалары (оқушы коды)",
            "Дети (коды учеников)",
            "Children (student codes)",
            "list",
            required=True,
            ref="Students",
            width=22,
        ),
        _c(*_EMAIL, width=24),
        _c(*_PHONE, width=16),
        _c("relation", "Туыстығы", "Кем приходится", "Relation", width=14),
    ),
)
LOCKED = SheetSpec(
    "Locked",
    "Бекітілген",
    "Закреплённые",
    (
        _c(
            "lesson",
            "Сабақ кілті",
            "Ключ урока",
            "Lesson key",
            "code",
            required=True,
            ref="Lessons",
        ),
        _c("unit", "Бөлік №", "Часть №", "Unit", "int", required=True, width=8),
        _c("day", "Күн", "День", "Day", "day", required=True),
        _c(*_SHIFT, "code", required=True, choices="shifts", width=10),
        _c("period", "Сабақ №", "Урок №", "Period", "int", required=True, width=10),
        _c("room", "Кабинет", "Кабинет", "Room", "code", ref="Rooms"),
    ),
)
RULES = SheetSpec(
    "Rules",
    "Ережелер",
    "Правила",
    (
        _c("kind", "Түрі", "Вид", "Kind", required=True, width=24),
        _c("params", "Параметрлер (JSON)", "Параметры (JSON)", "Parameters (JSON)", width=60),
        _c("weight", "Салмағы", "Вес", "Weight", "int", width=10),
        _c("active", "Белсенді", "Активно", "Active", "bool", choices="yes_no", width=10),
    ),
)

DATA_SHEETS: tuple[SheetSpec, ...] = (
    SCHOOL,
    TERMS,
    HOLIDAYS,
    BUILDINGS,
    TRAVEL,
    ROOMS,
    SUBJECTS,
    TEACHERS,
    AVAILABILITY,
    CLASSES,
    SUBGROUPS,
    BELLS,
    LESSONS,
    SETTINGS,
    STUDENTS,
    PARENTS,
    LOCKED,
    RULES,
)
INSTRUCTIONS = ("Instructions", "Нұсқаулық", "Инструкция")
LISTS = "Lists"  # hidden sheet holding the fixed drop-down lists

# the Settings sheet's rows: key -> description (kk, ru, en)
SETTING_ROWS: dict[str, tuple[str, str, str]] = {
    "class_no_gaps": (
        "Сыныптың күнінде бос сабақ болмайды (иә/жоқ)",
        "У класса нет окон в течение дня (да/нет)",
        "Classes have no free periods between lessons (yes/no)",
    ),
    "late_after": (
        "Осы нөмірден кейінгі сабақ «кеш» саналады (күрделі пәндер үшін)",
        "Уроки с номером больше этого считаются «поздними» (для трудных предметов)",
        "A period numbered above this is 'late' (for hard subjects)",
    ),
    "max_building_changes": (
        "Мұғалімнің күніне ғимарат ауысуының шегі (бос = шексіз)",
        "Предел переходов учителя между зданиями в день (пусто = без предела)",
        "Cap on a teacher's building changes a day (empty = no cap)",
    ),
}
WEIGHT_PREFIX = "weight."  # "weight.teacher_gap" rows set `Weights` fields; empty = default

DAY_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "ru": ("Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"),
    "kk": ("Дүйсенбі", "Сейсенбі", "Сәрсенбі", "Бейсенбі", "Жұма", "Сенбі", "Жексенбі"),
}
DAY_ABBR: dict[str, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "ru": ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"),
    "kk": ("Дс", "Сс", "Ср", "Бс", "Жм", "Сб", "Жс"),
}
YES: dict[str, str] = {"kk": "иә", "ru": "да", "en": "yes"}
NO: dict[str, str] = {"kk": "жоқ", "ru": "нет", "en": "no"}
WHO: dict[str, dict[str, str]] = {  # Availability "Type" values
    "teacher": {"kk": "мұғалім", "ru": "учитель", "en": "teacher"},
    "class": {"kk": "сынып", "ru": "класс", "en": "class"},
    "room": {"kk": "кабинет", "ru": "кабинет", "en": "room"},
}
ROOM_KINDS = ("ordinary", "lab", "computer", "gym", "workshop", "music", "art", "library")
GRID_SEP = "·"  # availability grid column header: "Mon·1·3" = Monday, shift 1, period 3


def sheet_by_name(name: str) -> SheetSpec | None:
    """The data sheet a title names, in any of the three languages (case-insensitive)."""
    wanted = name.strip().casefold()
    for spec in DATA_SHEETS:
        if wanted in (spec.name.casefold(), spec.kk.casefold(), spec.ru.casefold()):
            return spec
    return None


def all_sheet_titles() -> list[str]:
    """Every title the reader recognises (for "did you mean" hints)."""
    titles = [t for s in DATA_SHEETS for t in (s.name, s.kk, s.ru)]
    return [*titles, *INSTRUCTIONS, LISTS]
