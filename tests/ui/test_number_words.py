"""Ticket numbers in words, as the caller says them, in both languages."""

from __future__ import annotations

import pytest

from terminal.kiosk.screens import Language
from ui.number_words import english, ticket_in_words, vietnamese


@pytest.mark.parametrize("n, words", [
    (0, "không"), (5, "năm"), (10, "mười"), (11, "mười một"), (15, "mười lăm"),
    (21, "hai mươi mốt"), (24, "hai mươi tư"), (25, "hai mươi lăm"), (30, "ba mươi"),
    (101, "một trăm linh một"), (114, "một trăm mười bốn"), (250, "hai trăm năm mươi"),
    (1000, "một nghìn"), (1005, "một nghìn không trăm linh năm"),
    (1012, "một nghìn không trăm mười hai"), (2345, "hai nghìn ba trăm bốn mươi lăm")])
def test_vietnamese(n, words):
    assert vietnamese(n) == words


@pytest.mark.parametrize("n, words", [
    (7, "seven"), (12, "twelve"), (42, "forty-two"), (105, "one hundred and five"),
    (1001, "one thousand and one"), (2345, "two thousand three hundred and forty-five")])
def test_english(n, words):
    assert english(n) == words


def test_tickets():
    assert ticket_in_words("A012", Language.VIETNAMESE) == "A, mười hai"
    assert ticket_in_words("UT-003", Language.ENGLISH) == "UT, three"
    assert ticket_in_words("A2001", Language.ENGLISH) == "A, two thousand and one"
    assert ticket_in_words("", Language.ENGLISH) == ""
