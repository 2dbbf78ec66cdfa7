"""The domain types, defined once: a :class:`Release` and its :class:`Contact` s, the
:class:`Sentence` s and :class:`Chunk` s it is split into, and the public result types, an
:class:`Answer` and the :class:`Citation` s that support it, with the conversation's :data:`History`."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

# earlier turns of a conversation, oldest first: (question, answer_text)
History = list[tuple[str, str]]


@dataclass(frozen=True)
class Contact:
    """One press contact from the closing block."""

    name: str | None
    affiliation: str | None = None
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class Release:
    """One press release, cleaned.

    ``body`` is the release text without navigation and without the contact block;
    ``contact_text`` is the cleaned contact block; ``text`` (body, blank line, contact
    text) is what is indexed and what citation offsets point into.
    """

    id: str
    title: str
    body: str
    contact_text: str = ""
    contacts: tuple[Contact, ...] = ()
    dateline: str | None = None
    source: str = ""
    encoding: str = "utf-8"
    had_navigation: bool = False
    links: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return f"{self.body}\n\n{self.contact_text}" if self.contact_text else self.body

    @property
    def content_hash(self) -> str:
        """Hash of what gets indexed; a release whose hash is unchanged costs nothing to re-ingest."""
        return hashlib.sha256(f"{self.title}\n{self.text}".encode()).hexdigest()[:16]


def sentence_id(release: Release | str, index: int, content_hash: str | None = None) -> str:
    """Ids carry the release's content hash: a changed release gets new ids, an unchanged one the same."""
    if isinstance(release, Release):
        return f"{release.id}:{release.content_hash}:s{index}"
    return f"{release}:{content_hash}:s{index}"


def chunk_id(release_id: str, content_hash: str, index: int) -> str:
    """The id of a release version's chunk ``index``: like a sentence's, it carries the content hash."""
    return f"{release_id}:{content_hash}:c{index}"


def chunk_owner(chunk_id: str) -> tuple[str, str]:
    """(release id, content hash) from a chunk id, ``{release}:{hash}:c{i}`` (chunking.py)."""
    release_id, content_hash, _ = chunk_id.rsplit(":", 2)
    return release_id, content_hash


def covered_sentence_ids(release_id: str, content_hash: str, first: int, last: int) -> list[str]:
    """Ids of the sentences ``first`` to ``last`` of a release version: those a chunk covers."""
    return [sentence_id(release_id, i, content_hash) for i in range(first, last + 1)]


@dataclass(frozen=True)
class Sentence:
    id: str
    release_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Chunk:
    id: str
    release_id: str
    title: str
    index: int
    start: int
    end: int
    text: str
    first_sentence: int
    last_sentence: int

    @property
    def embed_text(self) -> str:
        # the title gives every chunk the release's topic; measured in the README
        return f"{self.title}\n{self.text}"




@dataclass(frozen=True)
class Citation:
    """A passage of one release that supports (part of) an answer.

    ``quote`` is exactly ``text[start:end]`` of the cited release's cleaned text
    (:attr:`Release.text`), so it can be located and highlighted; ``chunk_id`` is the retrieved
    chunk it was read from, whichever answerer quoted it.
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
