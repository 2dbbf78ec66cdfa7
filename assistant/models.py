"""The public result types: an :class:`Answer` and the :class:`Citation` s that support it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    """A passage of one release that supports (part of) an answer.

    ``quote`` is exactly ``text[start:end]`` of the cited release's cleaned text
    (:attr:`assistant.releases.Release.text`), so it can be located and highlighted.
    """

    release_id: str
    title: str
    quote: str
    score: float
    start: int = 0
    end: int = 0
    chunk_id: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """An answer with ``[n]`` markers that refer to ``citations[n-1]``.

    ``abstained`` is True when the releases do not answer the question; then there
    are no citations. ``verified`` is False when a generative answer is only partly
    verified (a marker its passage did not support was removed, or a sentence stating a
    number or a name cites nothing); ``notice`` then says what, in the question's language,
    as it does when the LLM failed and the extractive answer stands in.
    """

    text: str
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    question: str = ""
    language: str = "fr"
    verified: bool = True
    notice: str = ""

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "text": self.text,
            "abstained": self.abstained,
            "language": self.language,
            "citations": [c.to_dict() for c in self.citations],
            "verified": self.verified,
            "notice": self.notice,
        }
