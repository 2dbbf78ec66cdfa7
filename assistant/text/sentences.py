"""Where a sentence ends: the one rule the parser, the chunker and the streaming LLM
answer all follow."""

from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = {
    "tél", "tel", "m", "mme", "mlle", "mm", "dr", "pr", "st", "ste", "no", "n°", "p", "etc",
    "mr", "mrs", "ms", "jr", "sr", "vs", "e-mail", "email", "av", "bd", "ex", "cf", "art",
}
# A final stop (with the closing quotes or brackets after it), and what starts the next
# sentence after white space; the streaming answer puts its citation markers between the two.
STOP = r"[.!?…]+[»\"”’)]*"
NEXT_START = r"[«\"“(]?\s*[A-ZÀ-ÖØ-Þ0-9]"
SENTENCE_END = re.compile(rf"{STOP}(?=\s+{NEXT_START})")


def ends_sentence(before: str) -> bool:
    """Whether a stop right after ``before`` ends a sentence: not after a known abbreviation
    (``Tél.``, ``M.``) nor a single letter (an initial)."""
    last_word = before.rsplit(None, 1)[-1].lower().lstrip("(«\"“") if before.split() else ""
    return not (last_word in ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()))


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
        for m in SENTENCE_END.finditer(p_text):
            if not ends_sentence(p_text[cut : m.start()]):
                continue
            spans.append((p_start + cut, p_start + m.end()))
            cut = m.end()
            while cut < len(p_text) and p_text[cut].isspace():
                cut += 1
        if cut < len(p_text):
            spans.append((p_start + cut, p_start + len(p_text.rstrip())))
    return [(s, e) for s, e in spans if text[s:e].strip()]
