"""A course package with one step of every kind (files included), for tests that need them."""

from __future__ import annotations

from pathlib import Path

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32
VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nСәлем!\n"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

COURSE = """slug = "every-kind"
title = {kk = "Барлық қадамдар", ru = "Все шаги"}

[[modules]]
slug = "m1"
title = {kk = "Модуль", ru = "Модуль"}
lessons = ["l1"]
"""

LESSON = """title = {kk = "Сабақ", ru = "Урок"}
minutes = 20

[[steps]]
kind = "text"
file = "intro"

[[steps]]
kind = "video"
file = "clip.mp4"
captions = "clip.ru.vtt"
text = {ru = "Посмотрите."}

[[steps]]
kind = "audio"
url = "https://example.org/a.mp3"

[[steps]]
kind = "gallery"
images = [
  {file = "img/a.png", alt = {ru = "Схема"}, caption = {ru = "Рис. 1"}},
  {file = "img/b.png", alt = {kk = "Сурет"}},
]

[[steps]]
kind = "single"
question = {ru = "Сколько будет 2 + 2?"}
options = [{ru = "4", correct = true}, {ru = "5", correct = false, why = {ru = "Пересчитайте."}}]

[[steps]]
kind = "multiple"
question = {ru = "Чётные?"}
options = [{ru = "2", correct = true}, {ru = "3", correct = false}, {ru = "4", correct = true}]

[[steps]]
kind = "blanks"
text = {ru = "Функция {{print}} выводит, а {{input}} читает."}
answers = [["print"], ["input", "input()"]]

[[steps]]
kind = "ordering"
question = {ru = "По порядку"}
items = [{ru = "раз"}, {ru = "два"}, {ru = "три"}]

[[steps]]
kind = "matching"
question = {ru = "Пары"}
pairs = [
  {left = {ru = "int"}, right = {ru = "целое"}},
  {left = {ru = "str"}, right = {ru = "строка"}},
]

[[steps]]
kind = "open"
question = {ru = "Зачем нужны переменные?"}
rubric = {ru = "Назовите хотя бы две причины."}

[[steps]]
kind = "upload"
question = {ru = "Пришлите отчёт."}
types = [".pdf", ".png"]
max_mb = 2
rubric = {ru = "Полнота, оформление."}

[[steps]]
kind = "task"
task = "hello-world"

[[steps]]
kind = "glossary"
terms = [{term = {ru = "цикл"}, meaning = {ru = "повторение"}}]
"""


def write_every_kind(root: Path) -> Path:
    """The package's folder under `root`."""
    folder = root / "every-kind"
    lesson = folder / "lessons" / "l1"
    (lesson / "img").mkdir(parents=True)
    (folder / "course.toml").write_text(COURSE, encoding="utf-8")
    (lesson / "lesson.toml").write_text(LESSON, encoding="utf-8")
    (lesson / "intro.ru.md").write_text("# Введение\n\nТекст.\n", encoding="utf-8")
    (lesson / "intro.kk.md").write_text("# Кіріспе\n", encoding="utf-8")
    (lesson / "clip.mp4").write_bytes(MP4)
    (lesson / "clip.ru.vtt").write_text(VTT, encoding="utf-8")
    (lesson / "img" / "a.png").write_bytes(PNG)
    (lesson / "img" / "b.png").write_bytes(PNG + b"b")
    return folder
