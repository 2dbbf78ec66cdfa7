"""The token budget: how many passages fit the model's context window with the answer's share
kept free, counted with the tiktoken tokenizer llama-index uses."""

from __future__ import annotations

from collections.abc import Callable

from assistant.answering.generative.passages import Passage, render_passage


def count_tokens(text: str) -> int:
    """Tokens of ``text`` by llama-index's tokenizer (tiktoken, read from its bundled cache)."""
    from llama_index.core.utils import get_tokenizer

    return len(get_tokenizer()(text))


def message_tokens(messages: list) -> int:
    """Tokens of a chat request as OpenAI counts them: each message's text plus 4, plus 3."""
    return sum(count_tokens(m.content or "") + 4 for m in messages) + 3


class ContextTooSmall(ValueError):
    """The instructions and the question leave no room for a single passage."""


class ContextBudget:
    """Packs passages into the context window minus the answer budget, whatever their number
    or length; the count is tiktoken's, which is not every server's, hence a tenth spare."""

    SPARE = 0.10

    def __init__(self, context_window: int, answer_tokens: int, count: Callable[[list], int] = message_tokens) -> None:
        self.context_window = context_window
        self.answer_tokens = answer_tokens
        self.count = count

    @property
    def available(self) -> int:
        """Tokens a request may use: the window less the answer's share, less the spare tenth."""
        return int((self.context_window - self.answer_tokens) * (1 - self.SPARE))

    def pack(self, build: Callable[[list[Passage]], list], candidates: list[Passage]) -> tuple[list, list[Passage]]:
        """The messages ``build(passages)`` with as many passages as fit, most relevant first;
        one that does not fit whole keeps its first sentences. ``ContextTooSmall`` when not
        one sentence fits."""
        available = self.available
        used = self.count(build([]))
        chosen: list[Passage] = []
        for passage in candidates:
            number = len(chosen) + 1
            for k in range(len(passage.sentences), 0, -1):  # whole, else its first k sentences
                cost = count_tokens(render_passage(number, passage.head(k))) + 2
                if used + cost <= available:
                    chosen.append(passage.head(k))
                    used += cost
                    break
        messages = build(chosen)
        while chosen and self.count(messages) > available:  # counts of parts do not quite add up
            last = chosen[-1]
            chosen[-1:] = [last.head(len(last.sentences) - 1)] if len(last.sentences) > 1 else []
            messages = build(chosen)
        if not chosen:
            raise ContextTooSmall(
                f"a context window of {self.context_window} tokens with {self.answer_tokens} for the answer "
                "leaves no room for a passage"
            )
        return messages, chosen
