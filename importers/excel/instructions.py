"""The Instructions sheet: how to fill the workbook, in Kazakh, Russian and English."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from importers.excel.layout import INSTRUCTIONS
from importers.excel.rule_help import write_rule_help

# General rules, one paragraph per line, per language.
_RULES: dict[str, tuple[str, ...]] = {
    "kk": (
        "Sabaq сабақ кестесіне арналған деректер кітабы",
        "Әр парақтың алғашқы үш жолы — тақырыптар (қазақша, орысша, ағылшынша). "
        "Деректерді 4-жолдан бастап енгізіңіз. * белгісі бар бағандар міндетті.",
        "Басқа парақтағы кодты талап ететін ұяшықтарда ашылмалы тізім бар.",
        "Бір ұяшықта бірнеше мән болса, үтірмен бөліңіз: «T01, T02».",
        "Топ сыныптан кейін қиғаш сызықпен жазылады: «7A/kz». "
        "Бірнеше сыныптың топтары бір сабаққа біріктіріледі: «7A/kz, 7B/kz».",
        "Күндер: 2026-09-01 немесе 01.09.2026. Уақыт: 08:00.",
        "Бос емес уақыт парағында x белгісі — мұғалім (сынып, кабинет) сол сабақта бос емес.",
        "Иә/жоқ: иә, жоқ (да/нет, yes/no да болады).",
        "Өз ескертпелеріңізге арналған бағанның тақырыбын # белгісімен бастаңыз.",
        "Ключ бағаны бос болса, кілт автоматты түрде жасалады.",
    ),
    "ru": (
        "Книга данных для расписания Sabaq",
        "Первые три строки каждого листа — заголовки (на казахском, русском и английском). "
        "Данные вводите с 4-й строки. Столбцы со звёздочкой * обязательны.",
        "В ячейках, где нужен код с другого листа, есть выпадающий список.",
        "Несколько значений в одной ячейке разделяйте запятой: «T01, T02».",
        "Подгруппа пишется после класса через косую черту: «7A/kz». "
        "Подгруппы нескольких классов объединяются в один урок: «7A/kz, 7B/kz».",
        "Даты: 2026-09-01 или 01.09.2026. Время: 08:00.",
        "На листе занятости x означает, что учитель (класс, кабинет) занят на этом уроке.",
        "Да/нет: да, нет (также иә/жоқ, yes/no).",
        "Столбец для своих заметок начинайте с символа # в заголовке.",
        "Если ключ урока пуст, он создаётся автоматически.",
    ),
    "en": (
        "Sabaq timetable data workbook",
        "The first three rows of every sheet are headers (Kazakh, Russian, English). "
        "Enter data from row 4. Columns marked * are required.",
        "Cells that must name something from another sheet have a drop-down list.",
        "Several values in one cell are separated by commas: 'T01, T02'.",
        "A subgroup follows its class after a slash: '7A/kz'. "
        "Subgroups of several classes join one lesson: '7A/kz, 7B/kz'.",
        "Dates: 2026-09-01 or 01.09.2026. Times: 08:00.",
        "On the Availability sheet an x means the teacher (class, room) is not available then.",
        "Yes/no: yes, no (иә/жоқ and да/нет work too).",
        "Start a column header with # for your own notes; the importer skips it.",
        "An empty lesson key is made up automatically.",
    ),
}

# Per sheet: what it holds (kk, ru, en) and one example row.
_SHEETS: tuple[tuple[str, str, str, str, str], ...] = (
    ("School", "Мектеп туралы бір жол", "Одна строка о школе", "One row about the school",
     "SCH-12 | № 12 мектеп-гимназия | Астана | Астана | 6 | kk"),
    ("Terms", "Тоқсандар және олардың күндері", "Четверти и их даты", "Terms and their dates",
     "1 тоқсан | 2026-09-01 | 2026-10-24"),
    ("Holidays", "Тоқсан ішіндегі демалыс күндері", "Праздники внутри четверти",
     "Holidays inside a term", "1 тоқсан | Конституция күні | 2026-08-30 | 2026-08-31"),
    ("Buildings", "Ғимараттар", "Здания", "Buildings", "MAIN | Бас ғимарат | Абай к-сі, 10"),
    ("Travel", "Ғимараттар арасындағы жол, минут", "Время в пути между зданиями, минут",
     "Travel minutes between buildings", "MAIN | GYM | 15"),
    ("Rooms", "Кабинеттер", "Кабинеты", "Rooms", "204 | Физика | MAIN | 30 | lab"),
    ("Subjects", "Пәндер", "Предметы", "Subjects", "MATH | Математика | иә | ordinary"),
    ("Teachers", "Мұғалімдер", "Учителя", "Teachers",
     "T01 | Әсел Нұрова | MATH, ALG | 6 | 22 | 5 | Сенбі | 2 | asel@school.kz | +7 701 000 0000"),
    ("Availability", "Бос емес уақыт торы", "Сетка занятости", "Availability grid",
     "мұғалім | T01 | x | | x"),
    ("Classes", "Сыныптар және сынып жетекшілері", "Классы и классные руководители",
     "Classes and class teachers", "7A | 7 | 1 | 26 | 204 | 7 | T01"),
    ("Subgroups", "Сынып топтары", "Подгруппы классов", "Subgroups of classes",
     "7A | lang | kz | 13"),
    ("Bells", "Қоңырау кестесі", "Расписание звонков", "Bell schedule", "1 | 1 | 08:00 | 08:45"),
    ("Lessons", "Оқу жүктемесі", "Учебная нагрузка", "Lesson load",
     "7A-MATH | 7A | MATH | T01 | 5 | 1 | | "),
    ("Settings", "Баптаулар мен салмақтар", "Настройки и веса", "Settings and weights",
     "late_after | 4"),
    ("Students", "Оқушылар (міндетті емес)", "Ученики (необязательно)", "Students (optional)",
     "S001 | Айгерім Қасымова | 7A | lang/kz, inf/1 | 2013-05-04"),
    ("Parents", "Ата-аналар (міндетті емес)", "Родители (необязательно)", "Parents (optional)",
     "P001 | Қасым Серіков | S001 | p@mail.kz | +7 700 | әкесі"),
    ("Locked", "Бекітілген сабақтар (міндетті емес)", "Закреплённые уроки (необязательно)",
     "Locked lessons (optional)", "7A-MATH | 0 | Дүйсенбі | 1 | 2 | 204"),
    ("Rules", "Қосымша ережелер (міндетті емес)", "Дополнительные правила (необязательно)",
     "Extra rules (optional)",
     'Limit | {"teacher": "T01", "measure": "max_gaps_week", "value": 2} | 5 | иә'),
)  # fmt: skip

_TITLE = {"kk": "Парақтар", "ru": "Листы", "en": "Sheets"}
_EXAMPLE = {"kk": "Мысал", "ru": "Пример", "en": "Example"}


def write_instructions(ws: Worksheet, langs: tuple[str, ...]) -> None:
    """Fill `ws` (renamed to Instructions) with the rules and a sheet table in `langs` order."""
    ws.title = INSTRUCTIONS[0]
    row = 1
    for lang in langs:
        for i, text in enumerate(_RULES[lang]):
            cell = ws.cell(row=row, column=1, value=text)
            cell.font = Font(bold=i == 0, size=14 if i == 0 else 11)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            row += 1
        row += 1
    li = {lang: ("kk", "ru", "en").index(lang) for lang in langs}
    header = ["", *(_TITLE[lang] for lang in langs), " / ".join(_EXAMPLE[x] for x in langs)]
    for c, text in enumerate(header, start=1):
        ws.cell(row=row, column=c, value=text).font = Font(bold=True)
    for name, *about, example in _SHEETS:
        row += 1
        ws.cell(row=row, column=1, value=name).font = Font(bold=True)
        for c, lang in enumerate(langs, start=2):
            ws.cell(row=row, column=c, value=about[li[lang]])
        ws.cell(row=row, column=len(langs) + 2, value=example)
    write_rule_help(ws, row + 2, langs)
    for letter, width in zip("ABCDE", (16, 40, 40, 40, 70), strict=True):
        ws.column_dimensions[letter].width = width
