"""Numbers to dial: "quel numéro" is answered by "+502 5555 0123" or "la ligne 189", not by "18 500
abonnés" (a count), "100 pour cent" (a share), "en 2023" or "2025-2029" (dates); and a number to
dial is no count ("appeler le 1098" does not answer "combien d'enfants").

Evidence for the extractive answerer (:mod:`assistant.answering.slots` holds the question types).
"""

from __future__ import annotations

import re

from assistant.text.dates import YEAR
from assistant.text.terms import is_stopword

# digits run together by spaces, dashes, dots or brackets ("+502 5555 0123", "380 44-568 50 15", "189")
_DIGITS = re.compile(r"\+?\(?\d(?:[\d().-]|\s(?=\(?\d))*")
# a word of dialling, then at most one word ("la ligne 189", "Tél. :"), or a verb of it ("appeler le 1098")
_DIALLED = re.compile(r"(num[ée]ro|ligne|t[ée]l|appel|compos|joindre|number|call|dial|line)\W*\w*\W*$"
                      r"|\b(?:appele[rz]|compose[rz])\s+(?:le\s+|au\s+)?$", re.I)
_AFTER = re.compile(r"\s*(%|[^\W\d_]+)")
_PERCENT = re.compile(r"\s*(pour\s*cent|percent)\b", re.I)
_YEARS = re.compile(rf"{YEAR.pattern}\s*[-/]\s*(?:{YEAR.pattern}|\d\d)")  # "2025-2029", "2023/24": a period
_FULL = 7  # digits of a full phone number ("+7 7172 69 54 00", "0800 123 456"); fewer: a hotline's short code
# what names a short number as one to dial: an article or an extension just before it ("le 1414",
# "au 1098", "x 236"), a code's star ("*483*58#"), or a word of dialling a few words before, in its
# clause ("la ligne d'assistance gratuite 1599")
_NAMED = re.compile(r"(?:\b(?:le|au|the|x|ext\.?|poste)\s*|\*)$"
                    r"|(?:num[ée]ro|ligne|t[ée]l[ée]phone|hotline|helpline|line|code|ussd|appel|compos|joindre|call|dial)[^.;:,]{0,30}$",
                    re.I)
# a figure that is a count's value: "à 100000 le nombre d'Ukrainiens", "at 2,000 the total"
_COUNT_OF = re.compile(r"\s*(?:le|la|the)\s+(?:nombre|total|chiffre|number)\b", re.I)


def dialled(sentence: str, start: int) -> bool:
    """Whether a word of dialling comes just before the figure at ``start`` ("la ligne 189",
    "appeler le 1098", "Tél. : 380 …"); not past a second word ("la ligne d'assistance, le 1414")."""
    return bool(_DIALLED.search(sentence[max(0, start - 25) : start]))


def in_number_to_dial(sentence: str, start: int) -> bool:
    """Whether the figure at ``start`` is a group of a number to dial, not a count: of an
    international one ("+66 2 343 9300": "343" counts nothing), or of one a word of dialling
    comes just before (:func:`dialled`: "Tél. : 380 44 568 50 15")."""
    run = next((m for m in _DIGITS.finditer(sentence) if m.start() <= start < m.end()), None)
    if run is None:
        return dialled(sentence, start)
    return run.group().startswith("+") or dialled(sentence, run.start())


def phone_numbers(sentence: str, question: str = "") -> list[str]:
    """The numbers of ``sentence`` that may be dialled: three digits or more, run together by
    spaces, dashes or brackets, that the question does not give. A figure followed by what it
    counts ("18 500 abonnés", "1 260 travailleurs") or by a unit ("100 pour cent") is a quantity,
    and a year ("en 2023") or a span of years ("2025-2029") a date, unless a word of dialling
    comes just before ("la ligne 189"); so is a bare figure of fewer than seven digits that the
    sentence does not name as one to dial ("s'élevait à 860", not "le 1414")."""
    asked = {re.sub(r"\D", "", m.group()) for m in _DIGITS.finditer(question)}
    found = []
    for m in _DIGITS.finditer(sentence):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) < 3 or digits in asked:
            continue
        after = _AFTER.match(sentence, m.end())
        word = after.group(1) if after else ""
        quantity = (word == "%" or (len(word) > 1 and not is_stopword(word))
                    or bool(_PERCENT.match(sentence, m.end())) or bool(_COUNT_OF.match(sentence, m.end())))
        dated = YEAR.fullmatch(digits) or _YEARS.fullmatch(m.group().strip(" .-()"))
        # a short number is dialled where the sentence says so or names it ("le 1414", "au 1098"); a
        # bare one is a figure ("s'élevait à 860", "310 au Kazakhstan", "1 150 de ses employés")
        short = (len(digits) < _FULL and not m.group().startswith("+")
                 and not _NAMED.search(sentence[max(0, m.start() - 40) : m.start()]))
        if dialled(sentence, m.start()) or not (quantity or dated or short):
            found.append(m.group().strip(" .-()"))
    return found
