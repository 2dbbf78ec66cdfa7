"""Citation markers in a model's answer, parsed as the answer streams in.

Models cite the numbered passages of the prompt in several ways: ``[1]``, ``[1, 2]``,
``[1][2]``, ``【1】`` (common with Qwen and DeepSeek), now and then ``[^1]`` or
``[Passage 1]``. The parser rewrites every marker as ``[n]`` markers, one per number, drops
the numbers that name no passage (``[7]`` when the prompt had three passages) and, when asked,
renumbers by first use so that the first source cited is ``[1]``.

A streamed answer arrives in pieces that can cut a marker anywhere (``"… Justice ["``,
``"1"``, ``"] …"``); :class:`CitationParser` holds back a short tail that may still become
a marker, so feeding the pieces gives exactly the text a single :func:`parse_citations` would.

>>> parse_citations("Financées par les États-Unis【2】 et les Pays-Bas [2, 5][1].", n_passages=3)
('Financées par les États-Unis[1] et les Pays-Bas [1][2].', [2, 1])
"""

from __future__ import annotations

import re

# a whole marker: an opening bracket, an optional label, numbers separated by commas or
# semicolons (or "and"/"et"), a closing bracket
MARKER = re.compile(
    r"[\[【]\s*(?:\^|(?:passages?|sources?|docs?|documents?)\s*)?"
    r"(\d{1,3}(?:\s*(?:[,;]|and|et)\s*\^?\d{1,3})*)\s*[\]】]",
    re.I,
)
# what may still grow into a marker: an opening bracket followed by a few marker characters
_TAIL = re.compile(r"[\[【][\w\s,;^]{0,24}\Z")
# a canonical marker, as this module writes them
CANONICAL = re.compile(r"\[(\d+)\]")


class FirstUse:
    """Numbers keys (passages, quoted spans) 1, 2, … in the order they are first cited."""

    def __init__(self) -> None:
        self._numbers: dict[object, int] = {}

    def number(self, key: object) -> int:
        return self._numbers.setdefault(key, len(self._numbers) + 1)

    @property
    def order(self) -> list:
        """The keys, by their new number."""
        return list(self._numbers)


class CitationParser:
    """Streaming-safe marker parser: ``feed()`` each piece, then ``close()``.

    Both return the text that is safe to show so far, with markers in canonical form
    (``[n]``); ``renumber=True`` numbers passages by first use, and :attr:`order` then
    maps each new number (its index + 1) to the passage number of the prompt.
    """

    def __init__(self, n_passages: int, renumber: bool = False) -> None:
        self.n_passages = n_passages
        self.renumber = renumber
        self._first_use = FirstUse()
        self._pending = ""
        self.dropped: list[int] = []  # numbers cited that name no passage

    @property
    def order(self) -> list[int]:
        return self._first_use.order

    def feed(self, piece: str) -> str:
        text = self._pending + piece
        tail = _TAIL.search(text)
        if tail:
            self._pending, text = text[tail.start() :], text[: tail.start()]
        else:
            self._pending = ""
        return self._rewrite(text)

    def close(self) -> str:
        text, self._pending = self._pending, ""
        return self._rewrite(text)

    def _rewrite(self, text: str) -> str:
        return MARKER.sub(self._canonical, text)

    def _canonical(self, match: re.Match) -> str:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        kept = list(dict.fromkeys(n for n in numbers if 1 <= n <= self.n_passages))
        self.dropped += [n for n in numbers if not 1 <= n <= self.n_passages]
        if self.renumber:
            kept = [self._first_use.number(n) for n in kept]
        return "".join(f"[{n}]" for n in kept)


def parse_citations(text: str, n_passages: int) -> tuple[str, list[int]]:
    """The text with canonical markers renumbered by first use, and the passage number of
    each new number (``order[k - 1]`` is the prompt's number for ``[k]``)."""
    parser = CitationParser(n_passages, renumber=True)
    out = parser.feed(text) + parser.close()
    return out, parser.order
