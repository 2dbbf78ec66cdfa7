"""The model's reply as it streams in: cut into sentences (each is verified before it is
shown), after dropping the reasoning some models write first.

Sentences end where :mod:`assistant.text.sentences` says they do, the rule the releases were
split by, with one addition: the citation markers right after a final stop belong to the
sentence before them ("Il est gratuit. [2] Le numéro…").
"""

from __future__ import annotations

import re

from assistant.text.sentences import NEXT_START, STOP, ends_sentence

# a final stop, the markers after it (group 1), the white space to the next sentence (group 2)
_SENTENCE_END = re.compile(rf"{STOP}((?:[ \t]*\[\d+\])*)(\s+)(?={NEXT_START})")
# a line break ends a sentence too (list items, paragraphs), after the markers that close the line
_LINE_END = re.compile(r"((?:[ \t]*\[\d+\])*)([ \t]*\n\s*)(?=\S)")


class SentenceStream:
    """Cuts canonical text (markers as ``[n]``) into sentences as it streams in; the markers
    right after a sentence's final stop belong to it. ``feed``/``close`` return
    ``(sentence, separator)`` pairs whose concatenation is the text fed."""

    def __init__(self) -> None:
        self._buffer = ""

    def feed(self, text: str) -> list[tuple[str, str]]:
        """The sentences that ``text`` completes, with the white space after each."""
        self._buffer += text
        out = []
        while (cut := self._boundary()) is not None:
            end, after = cut
            out.append((self._buffer[:end], self._buffer[end:after]))
            self._buffer = self._buffer[after:]
        return out

    def close(self) -> list[tuple[str, str]]:
        """The rest, as a last sentence (none when nothing is left)."""
        rest, self._buffer = self._buffer, ""
        return [(rest, "")] if rest else []

    def _boundary(self) -> tuple[int, int] | None:
        best = None
        for m in _SENTENCE_END.finditer(self._buffer):
            if ends_sentence(self._buffer[: m.start()]):
                best = (m.start(2), m.end(2))
                break
        line = _LINE_END.search(self._buffer)
        if line and (best is None or line.start(2) < best[0]):
            best = (line.start(2), line.end(2))
        return best


class ThinkFilter:
    """Drops a leading ``<think>…</think>`` block (reasoning models behind a server that does
    not separate the reasoning from the answer)."""

    def __init__(self) -> None:
        self._head = ""
        self._state = "start"

    def feed(self, text: str) -> str:
        """What of the reply so far is answer: nothing while it may still open or be in a think block."""
        if self._state == "answer":
            return text
        self._head += text
        if self._state == "start":
            stripped = self._head.lstrip()
            if len(stripped) < len("<think>") and "<think>".startswith(stripped):
                return ""
            if not stripped.startswith("<think>"):
                self._state = "answer"
                out, self._head = self._head, ""
                return out
            self._state = "thinking"
        end = self._head.find("</think>")
        if end < 0:
            return ""
        out, self._head, self._state = self._head[end + len("</think>") :], "", "answer"
        return out

    def close(self) -> str:
        """The text held back at the end (none if the think block never closed)."""
        out, self._head = ("" if self._state == "thinking" else self._head), ""
        return out
