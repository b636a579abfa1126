"""Kazakh and Russian personal names for generated teachers (Unicode, as schools write them)."""

from __future__ import annotations

import random

_KK_MEN = (
    "Нұрлан",
    "Ғалым",
    "Ерлан",
    "Асқар",
    "Бауыржан",
    "Дәурен",
    "Жандос",
    "Қайрат",
    "Мұрат",
    "Серік",
    "Талғат",
    "Әділет",
    "Ержан",
    "Олжас",
    "Рүстем",
    "Санжар",
    "Төлеген",
    "Ұлан",
)
_KK_WOMEN = (
    "Әсел",
    "Айгүл",
    "Гүлнар",
    "Жанар",
    "Дана",
    "Әйгерім",
    "Меруерт",
    "Салтанат",
    "Ақмарал",
    "Гүлжан",
    "Назгүл",
    "Сәуле",
    "Ләззат",
    "Бақыт",
    "Динара",
    "Жұлдыз",
    "Мөлдір",
    "Іңкәр",
)
_KK_SURNAMES = (
    "Нұрланов",
    "Сейітқали",
    "Әбдірахманов",
    "Жұмабеков",
    "Қасымов",
    "Омарұлы",
    "Тоқтаров",
    "Байжанов",
    "Есенов",
    "Мұхамеджанов",
    "Сәрсенбаев",
    "Ғабдуллин",
    "Құдайбергенов",
    "Әлімжанов",
    "Бекмұхамбетов",
    "Ысқақов",
    "Шәріпов",
    "Өтегенов",
)
_RU_MEN = ("Андрей", "Сергей", "Дмитрий", "Алексей", "Игорь", "Виктор", "Олег", "Павел")
_RU_WOMEN = ("Ольга", "Елена", "Татьяна", "Наталья", "Ирина", "Светлана", "Людмила", "Юлия")
_RU_SURNAMES = ("Иванов", "Ким", "Петренко", "Соколов", "Волков", "Шевченко", "Морозов", "Попов")


def _feminine(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ин")):
        return surname + "а"
    if surname.endswith("ұлы"):
        return surname[:-3] + "қызы"
    return surname


def person_name(rng: random.Random, *, woman: bool | None = None) -> str:
    """A plausible full name, 'Surname Given', mostly Kazakh, sometimes Russian or Korean."""
    if woman is None:
        woman = rng.random() < 0.75  # most school teachers are women
    kazakh = rng.random() < 0.75
    given = rng.choice(
        (_KK_WOMEN if woman else _KK_MEN) if kazakh else (_RU_WOMEN if woman else _RU_MEN)
    )
    surname = rng.choice(_KK_SURNAMES if kazakh else _RU_SURNAMES)
    return f"{_feminine(surname) if woman else surname} {given}"


class NamePool:
    """Hands out names without repeats (a suffix initial when the pool runs dry)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def take(self) -> str:
        """A name not handed out before."""
        for _ in range(50):
            name = person_name(self._rng)
            if name not in self._used:
                self._used.add(name)
                return name
        n = len(self._used)
        name = f"{person_name(self._rng)} {'АБВГДЕЖЗИКЛМНОПРСТ'[n % 18]}."
        while name in self._used:
            name += "."
        self._used.add(name)
        return name
