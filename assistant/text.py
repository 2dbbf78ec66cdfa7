"""Small text utilities shared by the parser, the retriever and the answerer.

French-first: accent folding, sentence spans, question language and content terms.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

import Stemmer

_WS = re.compile(r"\s+")
_WORD = re.compile(r"(?u)\b\w\w+\b")

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = {
    "tél", "tel", "m", "mme", "mlle", "mm", "dr", "pr", "st", "ste", "no", "n°", "p", "etc",
    "mr", "mrs", "ms", "jr", "sr", "vs", "e-mail", "email", "av", "bd", "ex", "cf", "art",
}
_SENTENCE_END = re.compile(r"[.!?…]+[»\"”’)]*(?=\s+[«\"“(]?\s*[A-ZÀ-ÖØ-Þ0-9])")

FRENCH_STOPWORDS = frozenset(
    """
    a à au aux avec ce ces cet cette dans de des du elle elles en est et eux il ils je la le les leur
    leurs lui ma mais me même mes moi mon ne nos notre nous on ont ou où par pas pour qu que qui sa se
    ses son sont sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y été était être avoir
    ai as avons avez sera seront fait faire comme plus moins très aussi ainsi alors quel quelle quels
    quelles quoi combien comment pourquoi quand lequel laquelle lesquels dont si sans sous entre vers
    chez depuis pendant selon après avant contre parmi tout tous toute toutes autre autres cela ça ceci
    celui celle ceux celles y a-t-il est-ce qu'est-ce ils elles leur
    """.split()
)
ENGLISH_STOPWORDS = frozenset(
    """
    a an the and or of to in on at by for with from as is are was were be been being has have had do
    does did what which who whom whose when where why how many much that this these those it its they
    them their there here not no yes can could would should will shall may might must about into over
    under than then so such any some all each other one two did does i you he she we us our your his
    her me my mine
    """.split()
)


def is_stopword(word: str) -> bool:
    """A French or English stop word (accents and case ignored)."""
    folded = _fold_word(word)
    return folded in _FOLDED_FR or folded in _FOLDED_EN


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


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD)


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    """:func:`fold` for single words, remembered: the same words recur in every question."""
    return fold(word)


def words(text: str) -> list[str]:
    """Word tokens of two characters or more (elided articles such as ``l'`` drop out)."""
    return _WORD.findall(text.replace("’", "'"))


def detect_language(text: str) -> str:
    """Guess ``"fr"`` or ``"en"`` from stop words; French wins ties (the corpus language)."""
    tokens = [fold(w) for w in re.findall(r"(?u)\w+", text.replace("’", "'"))]
    fr = sum(t in _FOLDED_FR for t in tokens)
    en = sum(t in _FOLDED_EN for t in tokens)
    return "en" if en > fr else "fr"


_FOLDED_FR = frozenset(fold(w) for w in FRENCH_STOPWORDS)
_FOLDED_EN = frozenset(fold(w) for w in ENGLISH_STOPWORDS)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french")


def stem_words(tokens: list[str]) -> list[str]:
    """French Snowball stems, accent-folded so that a question typed without accents matches."""
    return [_fold_word(s) for s in _stemmer().stemWords([t.lower() for t in tokens])]


def content_terms(text: str) -> list[str]:
    """Stems of the words that carry meaning (stop words of both languages removed)."""
    kept = [w for w in words(text) if not is_stopword(w)]
    return stem_words(kept)


# letters and digits, possibly joined by - . / : "Zorblax017", "TRAFIK-24", "1-800-555-0199"
_COMPOUND = re.compile(r"[^\W_]+(?:[-./][^\W_]+)*")
_SEPARATORS = re.compile(r"[-./]")


def identifiers(text: str) -> list[str]:
    """Tokens that name one thing as written and must match whole, folded: codes mixing letters
    and digits ("zorblax017", "covid-19", "g8"), numbers with separators ("1-800-555-0199",
    "2007/2008") and acronyms ("asean", "umc"). Plain words and plain numbers are not among them.

    >>> identifiers("Le projet TRAFIK-24 de l'ASEAN, au 1-800-555-0199, depuis 2007")
    ['trafik-24', 'asean', '1-800-555-0199']
    """
    found = []
    for m in _COMPOUND.finditer(text):
        token = m.group()
        digits = any(c.isdigit() for c in token)
        letters = any(c.isalpha() for c in token)
        joined = _SEPARATORS.search(token) is not None
        acronym = letters and not digits and len(token) >= 2 and token.isupper() and not joined
        if (digits and (letters or joined)) or acronym:
            found.append(fold(token))
    return list(dict.fromkeys(found))


def compact(identifier: str) -> str:
    """An identifier without its separators: "1-800-555-0199" -> "18005550199"."""
    return _SEPARATORS.sub("", identifier)


def index_tokens(text: str) -> list[str]:
    """What BM25 indexes of a text (and looks up of a question): the folded French stems of its
    content words, plus each identifier whole, as written and without separators, so that a
    code or a phone number matches as one token and not only as pieces."""
    tokens = content_terms(text)
    present = set(tokens)
    for identifier in identifiers(text):
        for form in dict.fromkeys((identifier, compact(identifier))):
            if form not in present:
                tokens.append(form)
                present.add(form)
    return tokens


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text[start:end]``, in ``text`` coordinates.

    Paragraph breaks always end a sentence; a period after a known abbreviation
    (``Tél.``, ``M.``) or a single capital (an initial) does not.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text[start:end]):
        p_start = start + para.start()
        p_text = para.group()
        cut = 0
        for m in _SENTENCE_END.finditer(p_text):
            before = p_text[cut : m.start()].rstrip()
            last_word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
            last_word = last_word.lstrip("(«\"“")
            if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
                continue
            spans.append((p_start + cut, p_start + m.end()))
            cut = m.end()
            while cut < len(p_text) and p_text[cut].isspace():
                cut += 1
        if cut < len(p_text):
            spans.append((p_start + cut, p_start + len(p_text.rstrip())))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def idf_from_texts(texts: list[str]) -> dict[str, float]:
    """Smoothed inverse document frequency of the content stems of ``texts``."""
    df: dict[str, int] = {}
    for text in texts:
        for term in set(content_terms(text)):
            df[term] = df.get(term, 0) + 1
    n = max(len(texts), 1)
    return {t: math.log(1 + n / c) for t, c in df.items()}

