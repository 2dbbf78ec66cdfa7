"""Cited answers over IOM press releases on human trafficking.

>>> from assistant import answer
>>> a = answer("Qui finance la campagne de sensibilisation dans les Caraïbes ?")
>>> a.citations[0].release_id
'002_cd64a4c7dfd5f85e'
"""

from __future__ import annotations

import os

from assistant.types import Answer, Citation

__all__ = ["Answer", "Citation", "answer", "get_service"]

_services: dict = {}


def get_service(store: str | os.PathLike | None = None, **overrides: object):
    """The shared :class:`~assistant.service.AssistantService` for a store (built on first use)."""
    from assistant.config import Settings
    from assistant.service import AssistantService

    settings = Settings.from_env().replace(store_dir=store, **overrides)
    key = settings
    if key not in _services:
        _services[key] = AssistantService.open(settings)
    return _services[key]


def answer(
    question: str,
    store: str | os.PathLike | None = None,
    history: list[tuple[str, str]] | None = None,
) -> Answer:
    """Answer a question from the press releases, citing the passages it comes from.

    ``store`` is a store directory (default: ``ASSISTANT_STORE`` or ``store/``); ``history``
    holds earlier turns as ``(question, answer_text)`` pairs, for follow-ups. Raises
    ``ValueError`` for an empty or overlong question.

    >>> a = answer("Qui finance la campagne de sensibilisation dans les Caraïbes ?")
    >>> a.citations[0].release_id
    '002_cd64a4c7dfd5f85e'
    """
    return get_service(store).ask(question, history=history)
