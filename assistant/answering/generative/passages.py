"""Passages: the retrieved text the model answers from, in whole sentences, and how it is shown.

A passage is a run of contiguous sentences of one release, read with the e5 vectors stored at
ingest (the verifier compares claims to them). In the prompt each passage is numbered and
placed between ``<passage n="…">`` tags that its own text cannot forge.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import numpy as np

from assistant.retrieval.hybrid import RetrievedChunk
from assistant.store import ReleaseStore


@dataclass(frozen=True)
class PassageSentence:
    """One sentence of a passage: its span in the release text and its e5 vector."""

    start: int
    end: int
    text: str
    vector: np.ndarray
    instruction: bool  # worded as an order to the reader: quoted to the model, never support


@dataclass(frozen=True)
class Passage:
    """Whole sentences of one release, contiguous, as shown to the model under one number."""

    release_id: str
    title: str
    chunk_id: str  # the retrieved chunk the sentences come from
    release_text: str
    sentences: tuple[PassageSentence, ...]

    @property
    def text(self) -> str:
        return self.release_text[self.sentences[0].start : self.sentences[-1].end]

    def head(self, k: int) -> Passage:
        """The passage cut to its first ``k`` sentences."""
        return dataclasses.replace(self, sentences=self.sentences[:k])


@dataclass
class Material:
    """What the generative answerer needs from the store, read under the service's lock."""

    passages: list[Passage]
    baseline: np.ndarray  # e5 vectors of every retrieved sentence: what "unrelated" scores


# sentences worded as orders to the model reading them (prompt injection): shown to the model
# inside the passage, never accepted as support, and an answer that repeats them loses the sentence
_INSTRUCTION = re.compile(
    r"\b(ignore[rz]?|disregard|oublie[rz]?|forget|override)\b.{0,60}?\b(instructions?|consignes?|above|previous|"
    r"prior|précédent(?:e|es|s)?|ci-dessus|prompt|rules|règles)\b"
    r"|\b(system prompt|you are now|tu es maintenant|vous êtes maintenant|new instructions|nouvelles instructions)\b"
    r"|^\W*(system|assistant|développeur|developer)\s*:"
    r"|\b(the answer is always|la réponse est toujours|answer only with|answer with|réponds? uniquement|"
    r"répondez uniquement|réponds toujours|répondez toujours)\b",
    re.I | re.S,
)


def passages_from_chunks(store: ReleaseStore, chunks: list[RetrievedChunk]) -> Material:
    """Passages of whole sentences for the retrieved chunks, most relevant first.

    Chunks overlap and may cut a sentence; a passage shows the sentences a chunk covers that
    no earlier passage shows, so the budget is not spent twice on the same text.
    """
    rows = store.sentences_of(c.id for c in chunks)
    shown: set[str] = set()
    passages: list[Passage] = []
    for chunk in chunks:
        run: list[PassageSentence] = []
        runs = [run]
        for sid in chunk.sentence_ids():
            if sid in shown or sid not in rows:
                run = []
                runs.append(run)
                continue
            shown.add(sid)
            text, meta, vec = rows[sid]
            run.append(
                PassageSentence(
                    int(meta["start"]), int(meta["end"]), text, np.asarray(vec, dtype=np.float32),
                    bool(_INSTRUCTION.search(text)),
                )
            )
        release_text = store.release_text(chunk.release_id) if any(runs) else ""
        passages += [Passage(chunk.release_id, chunk.title, chunk.id, release_text, tuple(r)) for r in runs if r]
    vectors = [np.asarray(vec, dtype=np.float32) for _, _, vec in rows.values()]
    baseline = np.stack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)
    return Material(passages, baseline)


def _quoted(text: str) -> str:
    # angle brackets become look-alikes: a release cannot open or close a <passage> tag
    return text.replace("<", "‹").replace(">", "›")


def render_passage(number: int, passage: Passage) -> str:
    """The passage as the model reads it: ``<passage n="1" release="…" title="…">`` text ``</passage>``."""
    title = _quoted(passage.title).replace('"', "'")
    return (
        f'<passage n="{number}" release="{passage.release_id}" title="{title}">\n'
        f"{_quoted(passage.text)}\n</passage>"
    )
