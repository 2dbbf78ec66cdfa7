"""The LLM server: the backend chosen by name, and what a failed call becomes.

The llama-index integration of a backend is imported only when that backend is chosen; each
is an optional extra, and a missing one raises an ``ImportError`` that names the command
installing it. Whatever client made a call, its failure is classified (:class:`LLMError`) so
that the user is told why the extractive answer stands in (:func:`failure_notice`).
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from assistant.config import LLM_BACKENDS as BACKENDS
from assistant.config import Settings
from assistant.text.normalize import normalize_space

# backend → (module, class, package, extra)
_INTEGRATIONS = {
    "ollama": ("llama_index.llms.ollama", "Ollama", "llama-index-llms-ollama", "ollama"),
    "openai-like": ("llama_index.llms.openai_like", "OpenAILike", "llama-index-llms-openai-like", "openai"),
    "openai": ("llama_index.llms.openai", "OpenAI", "llama-index-llms-openai", "openai"),
}
DEFAULT_OLLAMA_URL = "http://localhost:11434"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


def _offline_tiktoken() -> None:
    # The OpenAI clients call tiktoken, which downloads its encodings on first use unless
    # TIKTOKEN_CACHE_DIR holds them; llama-index ships them, so point there (once, and only
    # when the user set no cache) before a backend is imported, and stay offline.
    if "TIKTOKEN_CACHE_DIR" not in os.environ:
        import llama_index.core

        os.environ["TIKTOKEN_CACHE_DIR"] = str(Path(llama_index.core.__file__).parent / "_static" / "tiktoken_cache")


def _integration(backend: str) -> type:
    module, name, package, extra = _INTEGRATIONS[backend]
    _offline_tiktoken()
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError as exc:
        raise ImportError(
            f"ASSISTANT_LLM={backend} needs the package {package}, which is not installed: "
            f'run  pip install -e ".[{extra}]"  in the project checkout'
        ) from exc


def build_llm(settings: Settings):
    """The llama-index LLM for ``settings.llm``; ``ValueError`` for a setting that cannot work,
    ``ImportError`` naming the install command when the backend's extra is missing."""
    backend = settings.llm
    if backend not in _INTEGRATIONS:
        raise ValueError(f"unknown ASSISTANT_LLM {backend!r}: use one of {', '.join(BACKENDS)}")
    common = {"temperature": settings.llm_temperature, "context_window": settings.llm_context_window}
    if backend == "ollama":
        if not settings.llm_model:
            raise ValueError("ASSISTANT_LLM=ollama needs ASSISTANT_LLM_MODEL, e.g. llama3.1:8b (see 'ollama list')")
        return _integration(backend)(
            model=settings.llm_model,
            base_url=(settings.llm_base_url or DEFAULT_OLLAMA_URL).rstrip("/"),
            request_timeout=settings.llm_timeout,
            additional_kwargs={"num_predict": settings.llm_answer_tokens},
            **common,
        )
    openai_common = {
        "max_tokens": settings.llm_answer_tokens,
        "timeout": settings.llm_timeout,
        "max_retries": settings.llm_retries,
        "temperature": settings.llm_temperature,
    }
    if backend == "openai-like":
        if not settings.llm_base_url or not settings.llm_model:
            raise ValueError(
                "ASSISTANT_LLM=openai-like needs ASSISTANT_LLM_BASE_URL (the server's OpenAI-compatible URL, "
                "e.g. http://127.0.0.1:8000/v1) and ASSISTANT_LLM_MODEL (a model the server serves)"
            )
        return _integration(backend)(
            model=settings.llm_model,
            api_base=settings.llm_base_url.rstrip("/"),
            api_key=settings.llm_api_key or "not-needed",  # the client insists on one; most servers ignore it
            is_chat_model=True,
            context_window=settings.llm_context_window,
            **openai_common,
        )
    if not (settings.llm_api_key or os.environ.get("OPENAI_API_KEY")):
        raise ValueError("ASSISTANT_LLM=openai needs an API key: set ASSISTANT_LLM_API_KEY (or OPENAI_API_KEY)")
    llm = _integration(backend)(
        model=settings.llm_model or DEFAULT_OPENAI_MODEL,
        api_key=settings.llm_api_key,
        api_base=settings.llm_base_url.rstrip("/") if settings.llm_base_url else None,
        **openai_common,
    )
    try:
        llm.metadata  # noqa: B018  (llama-index knows the context size of OpenAI's own models only)
    except ValueError as exc:
        raise ValueError(
            f"llama-index does not know the OpenAI model {llm.model!r}: use ASSISTANT_LLM=openai-like with "
            "ASSISTANT_LLM_BASE_URL=https://api.openai.com/v1 for it"
        ) from exc
    return llm


# ---------------------------------------------------------------------- failures


class LLMError(RuntimeError):
    """A call that gave no usable answer. ``kind``: unreachable, timeout, http, empty, malformed."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


def classify_failure(exc: BaseException, settings: Settings) -> LLMError:
    """What went wrong with a call, from the exception of whichever client made it."""
    names = " ".join(c.__name__ for c in type(exc).__mro__)
    status = getattr(exc, "status_code", None)
    where = settings.llm_base_url or (DEFAULT_OLLAMA_URL if settings.llm == "ollama" else "api.openai.com")
    if "Timeout" in names or "timed out" in str(exc).lower():
        return LLMError("timeout", f"{settings.llm_timeout:g}")
    if isinstance(status, int):
        message = normalize_space(str(getattr(exc, "error", "") or getattr(exc, "message", "") or exc))[:160]
        if status == 404 and settings.llm == "ollama":
            message += f" (ollama pull {settings.llm_model})"
        elif status == 404:
            message += f" (model {settings.llm_model!r} served at {where}? OpenAI-compatible URLs usually end in /v1)"
        return LLMError("http", f"{status} {message}".strip())
    if "Connect" in names or isinstance(exc, (ConnectionError, OSError)):
        return LLMError("unreachable", where)
    return LLMError("malformed", f"{type(exc).__name__}: {normalize_space(str(exc))[:160]}")


_FAILURE = {
    "fr": {
        "unreachable": "serveur injoignable à {detail}",
        "timeout": "pas de réponse en {detail} s",
        "http": "erreur HTTP {detail}",
        "empty": "réponse vide",
        "malformed": "réponse illisible ({detail})",
    },
    "en": {
        "unreachable": "server unreachable at {detail}",
        "timeout": "no reply within {detail} s",
        "http": "HTTP error {detail}",
        "empty": "empty reply",
        "malformed": "malformed reply ({detail})",
    },
}


def failure_notice(error: LLMError, language: str) -> str:
    """The notice of an extractive answer standing in for a failed call, in ``language``:
    "Le modèle de langue n'a pas répondu (pas de réponse en 120 s) : voici la réponse extractive…"."""
    reason = _FAILURE[language][error.kind].format(detail=error.detail)
    if language == "fr":
        return f"Le modèle de langue n'a pas répondu ({reason}) : voici la réponse extractive, citée mot pour mot."
    return f"The language model did not answer ({reason}): here is the extractive answer, quoted word for word."
