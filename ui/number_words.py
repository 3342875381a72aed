"""A ticket number in words, as a caller would say it ("A012" → "A, mười hai" / "A, twelve"):
shown under the number and read by a screen reader, for patients who read numbers poorly."""

from __future__ import annotations

import re

from terminal.kiosk.screens import Language

_VI = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
       "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
       "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def vietnamese(n: int) -> str:
    """0-9999 in Vietnamese words (mốt, tư, lăm and linh as spoken)."""
    if n < 10:
        return _VI[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        head = "mười" if tens == 1 else f"{_VI[tens]} mươi"
        tail = ("" if unit == 0 else "lăm" if unit == 5
                else "mốt" if unit == 1 and tens > 1 else "tư" if unit == 4 and tens > 1
                else _VI[unit])
        return f"{head} {tail}".strip()
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        tail = "" if rest == 0 else f"linh {_VI[rest]}" if rest < 10 else vietnamese(rest)
        return f"{_VI[hundreds]} trăm {tail}".strip()
    thousands, rest = divmod(n, 1000)
    if rest == 0:
        return f"{_VI[thousands]} nghìn"
    tail = vietnamese(rest) if rest >= 100 else f"không trăm {vietnamese(rest) if rest >= 10 else 'linh ' + _VI[rest]}"
    return f"{_VI[thousands]} nghìn {tail}"


def english(n: int) -> str:
    """0-9999 in English words."""
    if n < 20:
        return _EN[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _EN_TENS[tens] + (f"-{_EN[unit]}" if unit else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_EN[hundreds]} hundred" + (f" and {english(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    return f"{_EN[thousands]} thousand" + (
        "" if not rest else f" and {english(rest)}" if rest < 100 else f" {english(rest)}")


def ticket_in_words(ticket: str, language: Language) -> str:
    """"A012" → "A, mười hai"; "UT-003" → "UT, ba"; "" for anything else."""
    match = re.fullmatch(r"([A-Z]{1,3})-?([0-9]{1,4})", ticket)
    if match is None:
        return ""
    number = int(match[2])
    words = english(number) if language is Language.ENGLISH else vietnamese(number)
    return f"{match[1]}, {words}"
