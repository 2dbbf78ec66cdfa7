"""The one service every front end goes through: the CLI, ``answer()``, the UI and the eval.

It owns the store, the retriever and the answerer, so they cannot disagree.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.parts import merged, parts
from assistant.answering.replies import abstention
from assistant.answering.slots import is_broad
from assistant.config import Settings
from assistant.index.catalogue import ReleaseRecord
from assistant.ingest.pipeline import IngestReport
from assistant.retrieval.followups import condense
from assistant.retrieval.hybrid import HybridRetriever, RetrievedChunk, Search
from assistant.store import ReleaseStore
from assistant.text.normalize import unify_apostrophes
from assistant.text.terms import detect_language
from assistant.types import Answer, History

log = logging.getLogger(__name__)


def validate_question(question: object, max_chars: int) -> str:
    """The question stripped, its typographic apostrophes made plain ("Combien d’argent …" asks
    what "Combien d'argent …" does); ``ValueError`` with a clear message when it cannot be asked."""
    if not isinstance(question, str):
        raise ValueError(f"the question must be text, not {type(question).__name__}")
    question = unify_apostrophes(question.strip())
    if not question:
        raise ValueError("the question is empty: type a question about the press releases")
    if len(question) > max_chars:
        raise ValueError(
            f"the question is {len(question)} characters long; the limit is {max_chars}: "
            "ask about one point at a time"
        )
    return question


def validate_history(history: object, settings: Settings) -> History:
    """Earlier turns as ``(question, answer_text)`` pairs, the most recent ones the service
    reads; ``ValueError`` naming the field and the expected shape when they are malformed or
    larger than a request may carry.

    Accepted: ``None``, or a list of ``[question, answer_text]`` pairs (lists or tuples) or
    of ``{"question": …, "text": …}`` objects.
    """
    if history is None:
        return []
    shape = "a list of [question, answer_text] pairs of text"
    if not isinstance(history, (list, tuple)):
        raise ValueError(f"history must be {shape}, not {type(history).__name__}")
    if len(history) > settings.max_history_turns:
        raise ValueError(
            f"history holds {len(history)} turns; the limit is {settings.max_history_turns} "
            f"(only the last {settings.history_turns_used} are read): send the most recent ones"
        )
    pairs: History = []
    for n, item in enumerate(history):
        if isinstance(item, dict) and "question" in item:
            item = (item["question"], item.get("text", item.get("answer", "")))
        if not isinstance(item, (list, tuple)) or len(item) != 2 or not all(isinstance(x, str) for x in item):
            raise ValueError(f"history[{n}] must be a [question, answer_text] pair of text; {shape} is expected")
        question, text = item
        for value, name, limit in ((question, "question", settings.max_question_chars),
                                   (text, "answer_text", settings.max_answer_chars)):
            if len(value) > limit:
                raise ValueError(f"history[{n}]: its {name} is {len(value)} characters long; the limit is {limit}")
        pairs.append((unify_apostrophes(question), text))  # (read as the question asked now is)
    return pairs[-settings.history_turns_used :] if settings.history_turns_used else []


class AssistantService:
    def __init__(self, settings: Settings) -> None:
        llm = None
        if settings.llm != "extractive":
            # the backends are extras, imported only when chosen; a wrong name, a missing
            # setting or a missing extra fails here, before the store opens
            from assistant.answering.generative.backends import build_llm

            llm = build_llm(settings)
        self.settings = settings
        self.store = ReleaseStore(settings)
        self.retriever = HybridRetriever(self.store, settings)
        self.answerer = ExtractiveAnswerer(self.store)  # the default, and the LLM's fallback
        self.generator = None
        if llm is not None:
            from assistant.answering.generative.answerer import GenerativeAnswerer

            self.generator = GenerativeAnswerer(settings, self.store, llm)
        self._lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings | None = None, progress: bool = False) -> AssistantService:
        """Open the store; an empty store with a ``releases/`` folder is built from it first."""
        service = cls(settings or Settings.from_env())
        service.ensure_built(progress=progress)
        return service

    def ensure_built(self, progress: bool = False) -> IngestReport | None:
        releases = self.settings.releases_dir
        self.store.upgrade()
        if self.store.is_empty() and releases.is_dir():
            log.info("building the store from %s", releases)
            return self.ingest([releases], progress=progress)
        return None

    # ---------------------------------------------------------------- questions

    def retrieve(
        self, question: str, history: History | None = None, mode: str | None = None
    ) -> tuple[str, list[RetrievedChunk]]:
        question = validate_question(question, self.settings.max_question_chars)
        history = validate_history(history, self.settings)
        query = condense(question, history)
        search, vector = self._begin(question, query, mode)
        with self._lock:
            return query, self.retriever.finish(search, vector)

    def _begin(self, question: str, query: str, mode: str | None) -> tuple[Search, np.ndarray]:
        """Start the search for ``query`` (the store's state, BM25 on a worker), then embed it
        meanwhile. A broad ``question`` ("Quels pays …") reads more chunks: its answer may span
        releases."""
        top_k = self.settings.broad_top_k if is_broad(question) else None
        with self._lock:  # Chroma's embedded client and the BM25 cache are shared by threads
            search = self.retriever.begin(query, mode, top_k)
        return search, self.store.embedder.query_vector(query)

    def ask(self, question: str, history: History | None = None, mode: str | None = None) -> Answer:
        """Answer one question (with the conversation so far, for follow-ups).

        >>> service.ask("Qui finance la campagne de sensibilisation dans les Caraïbes ?").citations[0].release_id
        '002_cd64a4c7dfd5f85e'
        """
        question = validate_question(question, self.settings.max_question_chars)
        history = validate_history(history, self.settings)
        if self.generator is not None:
            *_, answer = self._generate(question, history, mode, stream=False)
            return answer
        language = detect_language(question)
        started = time.perf_counter()
        result, _ = self._extract(question, condense(question, history), language, mode)
        if pieces := parts(question):  # two questions in one: each part on its own, the other as context
            answers = [self._extract(p, condense(p, [*history, (pieces[1 - i], "")]), language, mode)[0]
                       for i, p in enumerate(pieces)]
            result = merged(result, answers, language)
        log.debug("answered in %.0f ms", 1000 * (time.perf_counter() - started))
        return result

    def _extract(self, question: str, query: str, language: str, mode: str | None, prepare=None) -> tuple[Answer, object]:
        """Retrieve for ``query`` and answer ``question`` from the releases; with ``prepare``, also
        what it makes of the same chunks (the LLM's passages), or None when nothing was found."""
        search, vector = self._begin(question, query, mode)
        with self._lock:
            chunks = self.retriever.finish(search, vector)
            if not chunks:
                return abstention(question, language), None
            answer = self.answerer.answer(query, vector, chunks, language, current=question)
            return answer, (prepare(chunks) if prepare else None)

    def ask_stream(
        self, question: str, history: History | None = None, mode: str | None = None
    ) -> Iterator[str | Answer]:
        """The answer's text piece by piece as it is verified (with an LLM), then the :class:`Answer`.

        The pieces are sentences whose markers were checked; the final Answer is what to keep
        (with an LLM failure it is the extractive answer, which replaces what was shown).
        Without an LLM, only the Answer.
        """
        question = validate_question(question, self.settings.max_question_chars)
        history = validate_history(history, self.settings)
        if self.generator is None:
            yield self.ask(question, history, mode)
            return
        yield from self._generate(question, history, mode, stream=True)

    def _generate(
        self, question: str, history: History | None, mode: str | None, stream: bool
    ) -> Iterator[str | Answer]:
        """With an LLM: condense the follow-up with it, retrieve, then answer and verify."""
        from assistant.answering.generative.backends import LLMError, failure_notice

        language = detect_language(question)
        started = time.perf_counter()
        failure = None
        try:
            standalone = self.generator.condense(question, history)
        except LLMError as error:
            standalone, failure = None, error
        query = standalone or condense(question, history)
        extractive, material = self._extract(question, query, language, mode, self.generator.prepare)
        if material is None:  # nothing retrieved: the abstention
            yield extractive
            return
        if failure is not None:  # the server failed already: do not wait for it a second time
            yield self.generator.fallback(extractive, failure_notice(failure, language))
            return
        yield from self.generator.generate(question, query, history, material, language, extractive, stream)
        log.debug("answered with %s in %.0f ms", self.settings.llm, 1000 * (time.perf_counter() - started))

    # ---------------------------------------------------------------- the store

    def ingest(self, paths: list[str | Path], progress: bool = False) -> IngestReport:
        with self._lock:
            return self.store.ingest(paths, progress=progress)

    def remove(self, release_id: str) -> bool:
        with self._lock:
            return self.store.remove(release_id)

    def releases(self) -> list[ReleaseRecord]:
        """The committed releases, as the last write of any process left them."""
        self.store.sync()
        return list(self.store.catalogue().values())

    def release_text(self, release_id: str) -> str:
        return self.store.release_text(release_id)
