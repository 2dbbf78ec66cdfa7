"""Text normalisation shared by the parser, the index and the answerers: whitespace,
apostrophes, accent folding and word tokens, each defined once."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WS = re.compile(r"\s+")
_WORD = re.compile(r"(?u)\b\w\w+\b")


def unify_apostrophes(text: str) -> str:
    """Typographic apostrophes as ``'``: "l’OIM" and "l'OIM" are one spelling."""
    return text.replace("’", "'").replace("‘", "'").replace("ʼ", "'")  # three scans beat one translate


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace to one space and trim."""
    return _WS.sub(" ", text).strip()


class _FoldTable(dict):
    """``str.translate`` table of accent folding, filled one character at a time on first use:
    each character maps to its NFKD decomposition without the combining marks."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        self[code] = folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case and strip accents: ``"Caraïbes"`` → ``"caraibes"``.

    The same as dropping the combining marks of ``NFKD(text.lower())`` (NFKD decomposes each
    character on its own, and its reordering only moves the marks dropped here), through a
    translation table: the answerer folds every word of every candidate sentence per question.
    """
    lowered = text.lower()
    return lowered if lowered.isascii() else _NON_ASCII.sub(_fold_run, lowered)


def unaccent(text: str) -> str:
    """Strip accents, each character keeping its case: ``"Communauté"`` → ``"Communaute"`` (the
    folding table of :func:`fold` without the lower-casing)."""
    return text if text.isascii() else _NON_ASCII.sub(_fold_run, text)


def folds_in_place(text: str) -> bool:
    """Whether folding keeps every character's offset (each folds to one character, as accented
    letters do): then a passage of the folded text is the slice at the raw text's offsets."""
    return all(len(fold(ch)) == 1 for ch in set(text) if not ch.isascii())


def folded_slice(raw: str, folded: str, lo: int, hi: int, aligned: bool) -> str:
    """The folded ``raw[lo:hi]``: sliced from ``folded`` (``fold(raw)``) when folding kept the
    offsets (:func:`folds_in_place`), folded again otherwise."""
    return folded[lo:hi] if aligned else fold(raw[lo:hi])


def fold_name(text: str) -> str:
    """:func:`fold` with apostrophes unified: the form a name is looked up in ("Côte d’Ivoire",
    "côte d'ivoire" → ``"cote d'ivoire"``)."""
    return unify_apostrophes(fold(text))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD)


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """:func:`fold` for single words, remembered: the same words recur in every question."""
    return fold(word)


def words(text: str) -> list[str]:
    """Word tokens of two characters or more (elided articles such as ``l'`` drop out)."""
    return _WORD.findall(unify_apostrophes(text))


# English contractions a question's patterns read spelled out: "What's the name of …" asks as
# "What is the name of …" does, "didn't" as "did not"
_CONTRACTED = re.compile(r"\b(what|who|where|when|how|that|it|there|here)['’]s\b|\b(\w+)n['’]t\b", re.I)
_NOT = {"ca": "cannot", "wo": "will not", "sha": "shall not"}


def spelled_out(question: str) -> str:
    """``question`` with its English contractions spelled out ("What's" → "What is")."""
    def full(m: re.Match[str]) -> str:
        if m.group(1):
            return f"{m.group(1)} is"
        return _NOT.get(m.group(2).lower(), f"{m.group(2)} not")
    return _CONTRACTED.sub(full, question)
