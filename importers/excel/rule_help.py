"""The Instructions sheet's table of rule kinds (Rules sheet) in Kazakh, Russian and English.

One row per kind of `solver.rule_codec.KINDS`, with an example of its parameters that names
the example codes of the other sheets (T01, 7A, 7A-MATH, 204); a test decodes every example.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

_LANGS = ("kk", "ru", "en")

_INTRO: tuple[tuple[str, str, str], ...] = (
    (
        "Rules парағының ережелері",
        "Правила листа Rules",
        "Rules sheet: the kinds of rule",
    ),
    (
        "Сабақ кілтімен аталады: «7A-MATH» — аптадағы барлық сабағы; [«7A-MATH», 0] — біреуі "
        "(0-ден санаймыз, қос сабақтар алдымен). Күн: 0 = дүйсенбі. Ұяшық: [күн, ауысым, сабақ].",
        "Урок называется ключом: «7A-MATH» — все его уроки недели; [«7A-MATH», 0] — один из них "
        "(счёт с 0, сдвоенные первыми). День: 0 = понедельник. Ячейка: [день, смена, урок].",
        "A lesson is named by its key: '7A-MATH' — all its lessons of the week; ['7A-MATH', 0] — "
        "one of them (counting from 0, doubles first). Day 0 = Monday. A slot: [day, shift, "
        "period].",
    ),
    (
        "Салмақ: бос — ереже міндетті; сан — тілек, әр бұзылуының құны (салыстыру үшін: "
        "мұғалімнің бір терезесі 3 тұрады).",
        "Вес: пусто — правило обязательно; число — пожелание, цена каждого нарушения (для "
        "сравнения: одно окно учителя стоит 3).",
        "Weight: empty — the rule must hold; a number — a wish, the cost of each breach (for "
        "comparison: a teacher's gap costs 3).",
    ),
)

# kind: (kk, ru, en, example parameters)
KIND_HELP: dict[str, tuple[str, str, str, str]] = {
    "MinDaysApart": (
        "Бұл сабақтар кемінде days күн аралықпен өтеді.",
        "Эти уроки стоят не ближе чем через days дней.",
        "These lessons are at least days days apart.",
        '{"lessons": ["7A-MATH"], "days": 1}',
    ),
    "SameStart": (
        "Бұл сабақтар бір уақытта басталады (what: slot, day немесе period).",
        "Эти уроки начинаются одновременно (what: slot, day или period).",
        "These lessons start together (what: slot, day or period).",
        '{"lessons": ["7A-PE", "7B-PE"]}',
    ),
    "NoOverlap": (
        "Бұл сабақтардың екеуі бір уақытта өтпейді.",
        "Никакие два из этих уроков не идут одновременно.",
        "No two of these lessons at the same time.",
        '{"lessons": ["7A-PE", "7B-PE"]}',
    ),
    "Block": (
        'Бұл 2–3 сабақ бір күні қатар өтеді (берілген ретпен; "ordered": false — кез келген).',
        'Эти 2–3 урока идут подряд в один день (по порядку; "ordered": false — в любом).',
        'These 2–3 lessons follow each other on one day (in order; "ordered": false — any).',
        '{"lessons": [["7A-MATH", 1], "7A-PE"]}',
    ),
    "Before": (
        "first сабағы аптада second сабағынан бұрын өтеді.",
        "Урок first стоит в неделе раньше урока second.",
        "Lesson first comes before lesson second in the week.",
        '{"first": ["7A-MATH", 1], "second": "7A-PE"}',
    ),
    "StartsIn": (
        'Бұл сабақтар тек slots ұяшықтарында немесе days күндері басталады ("whole": true — '
        "толығымен солардың ішінде).",
        'Эти уроки начинаются только в ячейках slots или в дни days ("whole": true — целиком '
        "внутри них).",
        'These lessons start only at slots or on days ("whole": true — wholly inside them).',
        '{"lessons": ["7A-PE"], "days": [0, 2, 4]}',
    ),
    "EndsDay": (
        "Бұл сабақтан кейін оқушыларында сол күні сабақ жоқ.",
        "После этих уроков у их учеников в тот день уроков нет.",
        "Nothing follows these lessons in their students' day.",
        '{"lessons": ["7A-PE"]}',
    ),
    "MinGap": (
        "Бір күнгі осы сабақтардың арасында кемінде periods бос сабақ бар.",
        "Между этими уроками в один день не меньше periods свободных уроков.",
        "These lessons on one day have at least periods free periods between them.",
        '{"lessons": ["7A-MATH", "7A-PE"], "periods": 1}',
    ),
    "Limit": (
        "Мұғалімнің (teacher) немесе сыныптың, топтың (students) аптасына шек: measure, value.",
        "Ограничение недели учителя (teacher) или класса, подгруппы (students): measure, value.",
        "A limit on a teacher's (teacher) or a class's or subgroup's (students) week.",
        '{"teacher": "T01", "measure": "max_gaps_week", "value": 2}',
    ),
    "PreferRooms": (
        "Бұл сабақтар мүмкіндігінше rooms кабинеттерінің бірінде (салмақ керек).",
        "Эти уроки по возможности в одном из кабинетов rooms (нужен вес).",
        "These lessons in one of rooms if possible (needs a weight).",
        '{"lessons": ["7A-MATH"], "rooms": ["204"]}',
    ),
    "Spread": (
        "Әр ұяшықтар тобында (groups) осы сабақтардың least-тен most-қа дейінгісі басталады.",
        "В каждой группе ячеек (groups) начинается от least до most этих уроков.",
        "Between least and most of these lessons start in each group of slots (groups).",
        '{"lessons": ["7A-MATH"], "groups": [[[0, "1", 1], [0, "1", 2]]], "most": 1}',
    ),
}

# Limit's measures: (kk, ru, en)
MEASURE_HELP: dict[str, tuple[str, str, str]] = {
    "max_per_day": ("күніне ең көп сабақ", "не больше уроков в день", "lessons a day, at most"),
    "min_per_day": (
        "сабақ бар күні ең аз сабақ",
        "не меньше уроков в день с уроками",
        "lessons on a day with lessons, at least",
    ),
    "max_continuous": ("қатарынан ең көп сабақ", "подряд не больше", "lessons in a row, at most"),
    "max_days": ("ең көп жұмыс күні", "рабочих дней не больше", "working days, at most"),
    "min_days": ("ең аз жұмыс күні", "рабочих дней не меньше", "working days, at least"),
    "max_gaps_day": ("күніне ең көп терезе", "окон в день не больше", "gaps a day, at most"),
    "max_gaps_week": ("аптасына ең көп терезе", "окон в неделю не больше", "gaps a week, at most"),
    "max_late_starts": (
        "2-сабақтан басталатын күндер, ең көп",
        "дней, начатых со 2-го урока, не больше",
        "days starting at period 2, at most",
    ),
    "interval_max_days": (
        "from_period..to_period сабақтарында сабағы бар күндер, ең көп",
        "дней с уроком в уроках from_period..to_period, не больше",
        "days with a lesson in periods from_period..to_period, at most",
    ),
    "max_building_changes_day": (
        "күніне ғимарат ауысу, ең көп",
        "переходов между зданиями в день, не больше",
        "building changes a day, at most",
    ),
    "max_building_changes_week": (
        "аптасына ғимарат ауысу, ең көп",
        "переходов между зданиями в неделю, не больше",
        "building changes a week, at most",
    ),
    "min_gap_building_change": (
        "басқа ғимаратқа ауысар алдында бос сабақ, ең аз",
        "свободных уроков перед переходом в другое здание, не меньше",
        "free periods before moving to another building, at least",
    ),
}


def write_rule_help(ws: Worksheet, row: int, langs: tuple[str, ...]) -> int:
    """Write the kinds table from `row` on, in `langs` order; returns the next free row."""
    index = [_LANGS.index(lang) for lang in langs]
    for i, texts in enumerate(_INTRO):
        cell = ws.cell(row=row, column=1, value=" / ".join(texts[j] for j in index))
        cell.font = Font(bold=i == 0)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(langs) + 2)
        row += 1
    for kind, (*about, example) in KIND_HELP.items():
        ws.cell(row=row, column=1, value=kind).font = Font(bold=True)
        for c, j in enumerate(index, start=2):
            ws.cell(row=row, column=c, value=about[j]).alignment = Alignment(wrap_text=True)
        ws.cell(row=row, column=len(langs) + 2, value=example)
        row += 1
    for measure, texts in MEASURE_HELP.items():
        ws.cell(row=row, column=1, value=f"Limit: {measure}")
        for c, j in enumerate(index, start=2):
            ws.cell(row=row, column=c, value=texts[j])
        row += 1
    return row
