"""Generative answers through an LLM server, every cited claim checked against its passage.

Opt-in (``ASSISTANT_LLM=ollama | openai-like | openai``); the extractive answerer stays the
default and the fallback. Where a question becomes an answer, top-down:

1. :meth:`GenerativeAnswerer.condense` rewrites a follow-up as a standalone question with the
   model (llama-index's condense-question prompt, :mod:`.prompts`); the service retrieves with it.
2. :meth:`GenerativeAnswerer.prepare` turns the retrieved chunks into passages of whole
   sentences (:mod:`.passages`), and :class:`~.budget.ContextBudget` packs as many as fit the
   context window minus the answer budget, counted with tiktoken.
3. :func:`~.prompts.build_messages`: instructions, the conversation, the numbered passages
   between ``<passage>`` tags that the release text cannot forge, the question.
4. The reply (streamed or not, from the backend of :mod:`.backends`) goes through
   :class:`~.citations.CitationParser` and :class:`~.stream.SentenceStream`; each sentence
   that cites a passage is checked by :class:`~.verify.Verifier`, and :class:`~.compose.Composer`
   renumbers the supported markers, each quoting the span that supports it, and removes the
   others, flagging the answer. Nothing supported, or any failure of the server: the
   extractive answer, with a notice saying why.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from assistant.answering.generative.backends import LLMError, build_llm, classify_failure, failure_notice
from assistant.answering.generative.budget import ContextBudget, ContextTooSmall, message_tokens
from assistant.answering.generative.citations import CitationParser
from assistant.answering.generative.compose import Composer, fallback, notice
from assistant.answering.generative.passages import Material, Passage, passages_from_chunks
from assistant.answering.generative.prompts import (
    build_messages,
    condense_messages,
    history_messages,
    standalone_question,
)
from assistant.answering.generative.stream import SentenceStream, ThinkFilter
from assistant.answering.generative.verify import SupportWeights, Verifier
from assistant.config import Settings
from assistant.retrieval.hybrid import RetrievedChunk
from assistant.store import ReleaseStore
from assistant.types import Answer, History

log = logging.getLogger(__name__)


class GenerativeAnswerer:
    """Answers from the retrieved passages with an LLM; see the module docstring for the flow."""

    def __init__(self, settings: Settings, store: ReleaseStore, llm=None, weights: SupportWeights | None = None) -> None:
        self.settings = settings
        self.store = store
        self.llm = llm if llm is not None else build_llm(settings)
        self.budget = ContextBudget(settings.llm_context_window, settings.llm_answer_tokens)
        self.weights = weights or SupportWeights()

    # the service stands the extractive answer in with it when condensing fails
    fallback = staticmethod(fallback)

    def _call(self, messages: list, stream: bool) -> Iterator[str]:
        """The reply's text as it comes; every failure becomes an :class:`LLMError`."""
        got = False
        try:
            if stream:
                for response in self.llm.stream_chat(messages):
                    delta = response.delta or ""
                    got = got or bool(delta.strip())
                    yield delta
            else:
                content = self.llm.chat(messages).message.content
                content = "" if content is None else content  # no text block: an empty reply
                if not isinstance(content, str):
                    raise LLMError("malformed", "no text in the reply")
                got = bool(content.strip())
                yield content
        except LLMError:
            raise
        except Exception as exc:  # whichever client: httpx, openai, ollama, pydantic, json
            error = classify_failure(exc, self.settings)
            log.warning("LLM call failed: %s", error)
            log.debug("LLM failure", exc_info=True)
            raise error from exc
        if not got:
            raise LLMError("empty")

    def condense(self, question: str, history: History | None) -> str | None:
        """The follow-up rewritten as a standalone question by the model (llama-index's
        condense pattern); the question itself without history, ``None`` when the
        conversation cannot fit the context window. Raises :class:`LLMError`."""
        if not history:
            return question
        turns = history_messages(history)
        while message_tokens(messages := condense_messages(question, turns)) > self.budget.available:
            if len(turns) <= 2:
                return None
            turns = turns[2:]  # the oldest turn goes first
        reply = ThinkFilter()
        standalone = standalone_question(reply.feed("".join(self._call(messages, stream=False))) + reply.close())
        if not standalone or len(standalone) > self.settings.max_question_chars:
            return question
        log.debug("condensed %r to %r", question, standalone)
        return standalone

    def prepare(self, chunks: list[RetrievedChunk]) -> Material:
        """Reads what answering needs from the store (the caller holds the store's lock)."""
        return passages_from_chunks(self.store, chunks)

    def prompt(self, question: str, standalone: str, history: History | None, candidates: list[Passage],
               language: str) -> tuple[list, list[Passage]]:
        """The messages for the model and the passages they hold: the last turns of the
        conversation within a quarter of the budget, then as many passages as fit."""
        turns = history_messages(history)
        while turns and message_tokens(turns) > self.budget.available // 4:
            turns = turns[2:]  # the oldest turn goes first

        def build(passages: list[Passage]) -> list:
            return build_messages(question, standalone, turns, passages, language)

        return self.budget.pack(build, candidates)

    def generate(
        self,
        question: str,
        standalone: str,
        history: History | None,
        material: Material,
        language: str,
        extractive: Answer,
        stream: bool = False,
    ) -> Iterator[str | Answer]:
        """Yields the answer's text sentence by sentence as it is verified, then the
        :class:`Answer` (the extractive one, with a notice, when the model failed)."""
        try:
            messages, passages = self.prompt(question, standalone, history, material.passages, language)
        except ContextTooSmall:
            window, answer = self.settings.llm_context_window, self.settings.llm_answer_tokens
            yield fallback(extractive, notice("too_small", language, window=window, answer=answer))
            return
        if log.isEnabledFor(logging.DEBUG):  # counting the prompt's tokens costs a few ms
            log.debug("prompt: %d passages of %d, %d tokens", len(passages), len(material.passages), message_tokens(messages))
        verifier = Verifier(passages, material.baseline, self.store.embedder.query_vector, language, self.weights)
        composer = Composer(verifier)
        parser = CitationParser(len(passages))
        sentences = SentenceStream()
        think = ThinkFilter()
        try:
            for delta in self._call(messages, stream):
                for sentence, separator in sentences.feed(parser.feed(think.feed(delta))):
                    if piece := composer.add(sentence, separator):
                        yield piece
            rest = parser.feed(think.close()) + parser.close()
            for sentence, separator in sentences.feed(rest) + sentences.close():
                if piece := composer.add(sentence, separator):
                    yield piece
        except LLMError as error:
            yield fallback(extractive, failure_notice(error, language))
            return
        if not composer.text and not composer.problems:
            yield fallback(extractive, failure_notice(LLMError("empty"), language))
            return
        if parser.dropped:
            numbers = ", ".join(f"[{n}]" for n in dict.fromkeys(parser.dropped))
            composer.problems.insert(0, notice("dropped", language, numbers=numbers))
        yield composer.answer(question, language, extractive)
