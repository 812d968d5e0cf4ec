"""The Russian language as WordPress outlets print it: dates, photo credits, slugs."""

from __future__ import annotations

import re
from functools import cache
from itertools import product

import snowballstemmer

from newsbot.sites.profile import Language

GENITIVE_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

CREDIT_LINE = re.compile(
    r"^(Фото|Видео|Фото и видео|Иллюстрация|Скриншот|Коллаж|Источник фото)\b[^:]{0,40}:\s*\S"
)

# Cyr-To-Lat (GOST 7.79-2000 system B, as the WordPress plugin applies it to slugs).
# "ц" is "c" before е, и, ы, й and "cz" elsewhere; the ordered pairs below encode that.
CYR_TO_LAT: tuple[tuple[str, str], ...] = (
    ("це", "ce"),
    ("ци", "ci"),
    ("цы", "cy"),
    ("цй", "cj"),
    ("ц", "cz"),
    ("а", "a"),
    ("б", "b"),
    ("в", "v"),
    ("г", "g"),
    ("д", "d"),
    ("е", "e"),
    ("ё", "yo"),
    ("ж", "zh"),
    ("з", "z"),
    ("и", "i"),
    ("й", "j"),
    ("к", "k"),
    ("л", "l"),
    ("м", "m"),
    ("н", "n"),
    ("о", "o"),
    ("п", "p"),
    ("р", "r"),
    ("с", "s"),
    ("т", "t"),
    ("у", "u"),
    ("ф", "f"),
    ("х", "x"),
    ("ч", "ch"),
    ("ш", "sh"),
    ("щ", "shh"),
    ("ъ", ""),
    ("ы", "y"),
    ("ь", ""),
    ("э", "e"),
    ("ю", "yu"),
    ("я", "ya"),
)

PAGE_NUMBER = re.compile(r"Страница \d+(?: из \d+)?")
"""Core's "Page %s" (and Yoast's "Page %s of %s") in the Russian locale."""

RUSSIAN = Language(
    genitive_months=GENITIVE_MONTHS,
    credit_line=CREDIT_LINE,
    slug_transliteration=CYR_TO_LAT,
    page_number=PAGE_NUMBER,
    code="ru",
)


MAX_SPELLINGS = 4
"""More `е`s in a stem than make this many spellings: only the stem as typed and with `е`."""


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("russian")


def russian_stem(word: str) -> str:
    """The Snowball stem of a Russian word in lower case, as typed (`ё` kept where it was)."""
    lowered = word.lower()
    stem = str(_stemmer().stemWord(lowered))
    folded = lowered.replace("ё", "е")
    return lowered[: len(stem)] if folded.startswith(stem) else stem


def spellings(stem: str) -> list[str]:
    """The stem with each `е` or `ё` written either way (the archive keeps `ё` as printed)."""
    folded = stem.replace("ё", "е")
    first, *others = folded.split("е")
    if 2 ** len(others) > MAX_SPELLINGS:
        return list(dict.fromkeys([stem, folded]))
    return [
        first + "".join(letter + part for letter, part in zip(letters, others, strict=True))
        for letters in product("её", repeat=len(others))
    ]
