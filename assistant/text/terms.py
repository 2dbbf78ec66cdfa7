"""Terms: stop words, French stems, the question's language, identifiers, and what BM25 and
the answerer count as words."""

from __future__ import annotations

import math
import re
from functools import lru_cache

import Stemmer

from assistant.text.normalize import fold, fold_word, unify_apostrophes, words

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
    folded = fold_word(word)
    return folded in _FOLDED_FR or folded in _FOLDED_EN

# an English possessive ("IOM's campaign"), not a French elision ("s'appelle")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_FRENCH_LETTERS = re.compile(r"[àâçéèêëîïôûùœ]", re.I)


def detect_language(text: str) -> str:
    """Guess ``"fr"`` or ``"en"`` from stop words; on a tie, English if some English stop word
    and no French accent ("Which donors back IOM's Caribbean campaign?"), else French (the
    corpus language)."""
    text = unify_apostrophes(text)
    tokens = [fold(w) for w in re.findall(r"(?u)\w+", _POSSESSIVE.sub("", text))]
    fr = sum(t in _FOLDED_FR for t in tokens)
    en = sum(t in _FOLDED_EN for t in tokens)
    if en == fr:
        return "en" if en and not _FRENCH_LETTERS.search(text) else "fr"
    return "en" if en > fr else "fr"


_FOLDED_FR = frozenset(fold(w) for w in FRENCH_STOPWORDS)
_FOLDED_EN = frozenset(fold(w) for w in ENGLISH_STOPWORDS)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french")


# a feminine agent noun stems as its masculine does ("directrice": "directeur", "coordinatrices",
# "cheffe de mission": "chef"): a question names a role in one gender, a release in the other
_FEMININE = re.compile(r"(?<=\w\w)(?:(?P<trice>trice)|(?P<cheffe>(?<=^ch)effe))(?P<s>s?)$")


def _masculine(token: str) -> str:
    return _FEMININE.sub(lambda m: ("teur" if m.group("trice") else "ef") + m.group("s"), token)


def stem_words(tokens: list[str]) -> list[str]:
    """French Snowball stems, accent-folded so that a question typed without accents matches; a
    feminine agent noun's as its masculine's."""
    return [fold_word(s) for s in _stemmer().stemWords([_masculine(t.lower()) for t in tokens])]


def content_terms(text: str) -> list[str]:
    """Stems of the words that carry meaning (stop words of both languages removed)."""
    return [t for t in map(_content_term, words(text)) if t]


@lru_cache(maxsize=1 << 17)
def _content_term(word: str) -> str:
    """A word's stem, or "" for a stop word, remembered: the answerer reads the terms of every
    candidate sentence per question, and the same words recur in every release."""
    return "" if is_stopword(word) else stem_word(word)


def cognate(a: str, b: str) -> bool:
    """Two words (or stems) of about one length sharing their first five letters: an English word
    and its French cognate ("victims"/"victimes", "identified"/"identifiées", "agencies"/"agences");
    not a derived word ("official"/"officiellement") nor a short one ("data"/"date")."""
    return len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5] and abs(len(a) - len(b)) <= 3


@lru_cache(maxsize=1 << 17)
def stem_word(word: str) -> str:
    """:func:`stem_words` of one word, remembered."""
    return stem_words([word])[0]


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


# the mark of a name's whole-word token, apart from the stems ("=male" is Malé, not "mal")
NAME_MARK = "="


def index_tokens(text: str) -> list[str]:
    """What BM25 indexes of a text (and looks up of a question): the folded French stems of its
    content words, plus each identifier whole, as written and without separators, so that a
    code or a phone number matches as one token and not only as pieces, and each capitalised
    word whole too: a name's stem may be a word's or another name's ("Malé", "Mali" and "mal" all
    stem to "mal"), its whole form is its own."""
    tokens = content_terms(text)
    names = [NAME_MARK + fold(w) for w in words(text) if w[:1].isupper() and not w.isupper() and len(w) >= 3
             and not is_stopword(w)]
    whole = [form for identifier in identifiers(text) for form in (identifier, compact(identifier))]
    present = set(tokens)
    for form in [*names, *whole]:  # each once, after the stems
        if form not in present:
            tokens.append(form)
            present.add(form)
    return tokens


def idf_from_texts(texts: list[str]) -> dict[str, float]:
    """Smoothed inverse document frequency of the content stems of ``texts``."""
    df: dict[str, int] = {}
    for text in texts:
        for term in set(content_terms(text)):
            df[term] = df.get(term, 0) + 1
    n = max(len(texts), 1)
    return {t: math.log(1 + n / c) for t, c in df.items()}

