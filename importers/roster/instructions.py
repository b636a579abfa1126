"""The roster workbook's Instructions sheet, in Kazakh, Russian and English."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from importers.excel.layout import INSTRUCTIONS

_RULES: dict[str, tuple[str, ...]] = {
    "kk": (
        "Sabaq: оқушылар мен ата-аналар тізімі",
        "Кітапта екі парақ бар: Оқушылар және Ата-аналар. Әр парақтың алғашқы үш жолы — "
        "тақырыптар (қазақша, орысша, ағылшынша); деректерді 4-жолдан бастап енгізіңіз. "
        "* белгісі бар бағандар міндетті.",
        "Тізімде мектептің барлық оқушысы болады: парақта жоқ оқушы мектептен кетті деп "
        "белгіленеді (жазбасы тарихта сақталады, өшірілмейді).",
        "Адам коды бойынша танылады, коды жоқ болса — аты-жөні бойынша. Кодты өзгертпеңіз: "
        "жаңа код жаңа адамды білдіреді.",
        "Сынып мектеп деректерінде болуы керек (7А). Топ бөлінуімен жазылады: «eng/en1, inf/1».",
        "Ата-ананың балалары — оқушы кодтары, үтір арқылы: «S0001, S0002».",
        "Күндер: 2013-05-04 немесе 04.05.2013.",
        "Сақтамас бұрын не өзгеретіні көрсетіледі; қате болса, бәрі бірден көрсетіледі және "
        "ештеңе сақталмайды.",
    ),
    "ru": (
        "Sabaq: список учеников и родителей",
        "В книге два листа: Ученики и Родители. Первые три строки каждого листа — заголовки "
        "(на казахском, русском и английском); данные вводите с 4-й строки. Столбцы со "
        "звёздочкой * обязательны.",
        "В списке все ученики школы: ученик, которого нет на листе, отмечается как выбывший "
        "(запись сохраняется в истории и не удаляется).",
        "Человека узнают по коду, а без кода — по ФИО. Не меняйте коды: новый код означает "
        "нового человека.",
        "Класс должен быть в данных школы (7А). Подгруппа пишется с делением: «eng/en1, inf/1».",
        "Дети родителя — коды учеников через запятую: «S0001, S0002».",
        "Даты: 2013-05-04 или 04.05.2013.",
        "До сохранения показывается, что изменится; если в файле есть ошибки, они показываются "
        "все сразу и ничего не сохраняется.",
    ),
    "en": (
        "Sabaq: students and parents roster",
        "The workbook has two sheets: Students and Parents. The first three rows of each are "
        "headers (Kazakh, Russian, English); enter data from row 4. Columns marked * are "
        "required.",
        "The roster lists every student of the school: a student missing from the sheet is "
        "marked as having left the school (the record is kept in the history, never deleted).",
        "People are recognised by their code, or by full name when they have none. Keep codes "
        "as they are: a new code means a new person.",
        "The class must be in the school data (7A). Subgroups are written with their division: "
        "'eng/en1, inf/1'.",
        "A parent's children are student codes separated by commas: 'S0001, S0002'.",
        "Dates: 2013-05-04 or 04.05.2013.",
        "Before anything is saved you see what would change; if the file has problems, all of "
        "them are listed at once and nothing is saved.",
    ),
}
_EXAMPLES = (
    ("Students", "S0001 | Қасымова Айгерім | 7А | eng/en1, inf/1 | 2013-05-04"),
    ("Parents", "P0001 | Қасымов Серік | S0001, S0002 | p@mail.kz | +7 700 000 0000 | әкесі"),
)


def write_roster_instructions(ws: Worksheet, langs: tuple[str, ...]) -> None:
    """Fill `ws` (renamed to Instructions) with the rules in `langs` order and two examples."""
    ws.title = INSTRUCTIONS[0]
    # each language's rules, its title first, a blank row after each language
    lines = [(text, i == 0) for lang in langs for i, text in enumerate((*_RULES[lang], ""))]
    for row, (text, title) in enumerate(lines, start=1):
        if text:
            cell = ws.cell(row=row, column=1, value=text)
            cell.font = Font(bold=title, size=14 if title else 11)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    row = len(lines) + 1
    for name, example in _EXAMPLES:
        ws.cell(row=row, column=1, value=name).font = Font(bold=True)
        ws.cell(row=row, column=2, value=example)
        row += 1
    ws.column_dimensions["A"].width = 110
    ws.column_dimensions["B"].width = 70
