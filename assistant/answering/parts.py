"""A question made of two questions: "Qui finance l'enquête sur les domestiques malgaches, et qui
finance le programme dans les Balkans ?", "Quels numéros verts sont cités pour l'Ukraine et pour
le Laos ?", "Who are IOM's coordinators for the Pacific and for Central Asia?". Each part is
asked on its own (the second as a follow-up of the first, so that an elliptical one, "et
combien de personnes au total …", keeps what it asks about); when the parts are answered from
different releases, the answer quotes each part's answer, since one search for both finds the
release of one."""

from __future__ import annotations

import re

from assistant.answering.replies import compose
from assistant.types import Answer

_ASKING = (r"(?:qui|que|qu['’]|quoi|quel|quelle|quels|quelles|combien|o[uù]|quand|comment|pourquoi|lequel|laquelle"
           r"|lesquels|lesquelles|who|what|which|how|where|when|why)")
_PREPOSITION = r"(?:pour|en|au|aux|à|a|dans|chez|sur|de|du|des|d['’]|par|depuis|for|in|at|on|about|from|of|by|since)"
# a second question after the first: "…, et qui finance …", "… and how many …", "… et à hauteur de combien ?"
_SECOND_QUESTION = re.compile(rf",?\s+(?:et|and|mais|but)\s+(?=(?:{_PREPOSITION}(?:\s+|(?<=['’]))(?:\w+\s+){{0,2}})?{_ASKING}\b)",
                              re.I)
# a second complement, with its preposition: "pour l'Ukraine et pour le Laos", "in Bosnia and
# Herzegovina in 2022, and in Iraq in 2023", "in the displacement sites and on the farms"
_AND_PREPOSITION = re.compile(rf",?\s+(?:et|and|ainsi\s+que|as\s+well\s+as)\s+(?={_PREPOSITION}(?:\s|(?<=['’])))", re.I)
_AND = re.compile(r",?\s+(?:et|and)\s+", re.I)
# the two sides named as such: "… financent, d'une part, l'étude …, et, d'autre part, le programme …",
# "… on the one hand …, and on the other …"
_SIDES = re.compile(r"[\s,]*(?:d['’]une\s+part|on\s+the\s+one\s+hand)[\s,]+(?P<first>.+?)[\s,;]*"
                    r"(?:(?:et|and)[\s,]+)?(?:d['’]autre\s+part|on\s+the\s+other(?:\s+hand)?)[\s,]+(?P<second>.+)",
                    re.I)
_MIN_WORDS = 3  # a part asks something: "et qui ?" alone is no question of its own


def parts(question: str) -> list[str]:
    """The two questions ``question`` is made of, the first whole and the second as asked (a
    follow-up of the first); [] for a question that is one."""
    text = question.strip()
    return _two_sides(text) or _two_questions(text) or _two_complements(text) or _parallel(text)


def _two_sides(text: str) -> list[str]:
    """"Quels gouvernements financent, d'une part, l'étude …, et, d'autre part, le programme … ?":
    what comes before the first side, with each side."""
    if (m := _SIDES.search(text)) and len(text[: m.start()].split()) >= _MIN_WORDS:
        head = text[: m.start()]
        return [f"{head} {_unended(m.group('first'))} ?", f"{head} {_unended(m.group('second'))} ?"]
    return []


def _two_questions(text: str) -> list[str]:
    """"…, et qui finance …", "… and how many …", "…, et depuis quand ?"."""
    if m := _SECOND_QUESTION.search(text):
        first, second = text[: m.start()].rstrip(" ,;"), text[m.end():]
        if len(first.split()) >= _MIN_WORDS and len(second.split()) >= 2:
            return [_asked(first), _asked(second[:1].upper() + second[1:])]
    return []


def _two_complements(text: str) -> list[str]:
    """"… pour l'Ukraine et pour le Laos ?": the first complement opens on the same preposition,
    as many back as the second holds ("in Bosnia and Herzegovina in 2022, and in Iraq in 2023"),
    or on the last preposition before it ("in the displacement sites and on the farms")."""
    if not (found := list(_AND_PREPOSITION.finditer(text))):
        return []
    m = found[-1]
    before, second = text[: m.start()], _unended(text[m.end():])
    word = re.match(r"\w+['’]?", second).group()
    same = rf"(?<!\w){re.escape(word)}" + ("" if word[-1] in "'’" else r"(?!\w)")
    times = len(re.findall(same, second, re.I))
    starts = [p.start() for p in re.finditer(same, before, re.I)]
    if not starts and times == 1:
        starts = [p.start() for p in re.finditer(rf"(?<!\w){_PREPOSITION}(?=\s)", before, re.I)][-1:]
    if "," in second or len(starts) < times or len(before[: starts[-times]].split()) < _MIN_WORDS:
        return []
    return _split(before, before[: starts[-times]], second)


def _parallel(text: str) -> list[str]:
    """A second conjunct repeating the first's opening words: "le nombre de juges formés … et le
    nombre d'hôtesses formées …", "the share of women … and the share of children …" (a verb may
    be all the two parts share: "Comparez le nombre …")."""
    for m in reversed(list(_AND.finditer(text))):
        before, second = text[: m.start()], _unended(text[m.end():])
        opening = re.match(r"(\w+['’]?\s*\w+)", second)
        if opening and "," not in second and (starts := [p.start() for p in re.finditer(
                rf"(?<!\w){re.escape(opening.group(1))}(?!\w)", before, re.I)]) and before[: starts[-1]].strip():
            return _split(before, before[: starts[-1]], second)
    return []


def _unended(text: str) -> str:
    return re.sub(r"\s*[?.!]\s*$", "", text)


def _split(before: str, head: str, second: str) -> list[str]:
    """The question up to the "et" (its first complement included) and the head it shares with
    the second complement, then that complement."""
    return [f"{before.rstrip(' ,')} ?", f"{head}{second} ?"]


def _asked(text: str) -> str:
    return text if text.rstrip().endswith(("?", ".", "!")) else f"{text.rstrip()} ?"


def merged(whole: Answer, answers: list[Answer], language: str) -> Answer:
    """The answer to a question in parts: ``whole`` (the question asked at once) unless the parts'
    answers (``answers``) come from at least two releases it does not all quote, or ``whole`` is
    a refusal and a part is answered; then each part's quotes of its own release, in the parts'
    order, once each."""
    found = [a for a in answers if not a.abstained and a.citations]
    releases = {a.citations[0].release_id for a in found}
    if not (whole.abstained and found) and (len(releases) < 2 or releases <= {c.release_id for c in whole.citations}):
        return whole
    citations, seen = [], set()
    for a in found:
        for c in (c for c in a.citations if c.release_id == a.citations[0].release_id):
            if (c.release_id, c.start) not in seen:
                seen.add((c.release_id, c.start))
                citations.append(c)
    return Answer(text=compose(citations, language), citations=citations, abstained=False,
                  question=whole.question, language=language)
