"""Every knob of the assistant in one typed place, read from the environment once.

Command-line flags of the same meaning override the environment: :func:`add_arguments` gives
a parser (the ``assistant`` command's, ``ui.py``'s) its flags and :meth:`Settings.from_args`
reads them back, both from the one table :data:`_FLAGS`.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LLM_BACKENDS = ("extractive", "ollama", "openai-like", "openai")  # what ASSISTANT_LLM and --llm accept


def default_store_dir() -> Path:
    """``store/`` of the project checkout when there is one, else ``./store``."""
    shipped = PROJECT_ROOT / "store"
    return shipped if (shipped / "releases").is_dir() else Path.cwd() / "store"


def _env_number(env: Mapping[str, str], name: str, kind: type) -> float | int | None:
    """A number from the environment (``None`` when unset); a clear error when it is not one."""
    value = env.get(name)
    if not value:
        return None
    try:
        number = kind(value)
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a{'n integer' if kind is int else ' number'}") from None
    if number < 0:
        raise ValueError(f"{name}={value!r} must not be negative")
    return number


def _env_auth(env: Mapping[str, str]) -> tuple[str, str] | None:
    """``ASSISTANT_AUTH=user:password`` as a pair (the password may hold ``:``); None when unset."""
    value = env.get("ASSISTANT_AUTH")
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ValueError("ASSISTANT_AUTH must look like user:password")
    return user, password


@dataclass(frozen=True)
class Settings:
    """The assistant's settings; :meth:`from_env` reads the ``ASSISTANT_*`` variables."""

    store_dir: Path = dataclasses.field(default_factory=default_store_dir)
    chroma_url: str | None = None
    llm: str = "extractive"
    llm_model: str | None = None
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    # LLM backends (README, "Generative answers")
    llm_timeout: float = 120.0  # seconds to wait for the server: to connect, and for each reply or streamed piece
    # retries of a failed call (openai, openai-like): off, since the extractive answer stands in at
    # once; llama-index and the OpenAI client each retry, and a timeout waits llm_timeout again
    llm_retries: int = 0
    llm_context_window: int = 4096  # tokens the model reads and writes in one call
    llm_answer_tokens: int = 512  # of which reserved for the answer; passages fill the rest
    llm_temperature: float = 0.1
    # chunking, decided by measurement (README, "Chunk size")
    chunk_tokens: int = 256
    chunk_overlap: int = 51
    # a chunk's vector: its "text" embedded in a second pass, or the "mean" of its sentences'
    # (each token embedded once); decided by measurement (README, "Each token embedded once")
    chunk_vectors: str = "text"
    # retrieval
    top_k: int = 6
    # a broad question's ("Quels pays …", "Which companies …"): its answer may span releases, and
    # more chunks reach more of them (README, "Questions whose answer spans releases")
    broad_top_k: int = 10
    candidates: int = 20
    rrf_k: int = 60
    retriever: str = "hybrid"  # hybrid | dense | bm25
    # answering
    max_question_chars: int = 2000
    # bounded work per request (README, "Limits"): what a request may make the server do
    max_history_turns: int = 50  # earlier turns a request may carry (more is refused)
    history_turns_used: int = 6  # of which the most recent are read (the LLM's prompt keeps 3 of them)
    max_answer_chars: int = 20000  # an earlier answer's text in the history
    max_request_bytes: int = 1_000_000  # an HTTP request's body, uploads excepted
    request_timeout: float = 30.0  # seconds a question may take before it is answered with an error
    # an embedded store takes one writer at a time: how long a write waits for another to end
    write_wait: float = 0.0
    # the chat page (ui.py): where it listens, and the login it requires (none: open)
    host: str = "127.0.0.1"
    port: int = 7860
    auth: tuple[str, str] | None = dataclasses.field(default=None, repr=False)  # kept out of logs
    # the HTTP API beside the page (assistant.api): the bearer token it requires, from
    # ASSISTANT_API_KEY only (no flag: a flag would show in the process list); never printed
    api_key: str | None = dataclasses.field(default=None, repr=False)

    @property
    def chroma_dir(self) -> Path:
        return self.store_dir / "chroma"

    @property
    def releases_dir(self) -> Path:
        return self.store_dir / "releases"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Defaults overridden by the ``ASSISTANT_*`` variables of ``env`` (default: the process's);
        ``ValueError`` naming the variable when one is malformed."""
        env = os.environ if env is None else env
        base = cls()
        return base.replace(
            store_dir=env.get("ASSISTANT_STORE") or None,
            chroma_url=env.get("ASSISTANT_CHROMA_URL") or None,
            llm=env.get("ASSISTANT_LLM") or None,
            llm_model=env.get("ASSISTANT_LLM_MODEL") or None,
            llm_base_url=env.get("ASSISTANT_LLM_BASE_URL") or None,
            llm_api_key=env.get("ASSISTANT_LLM_API_KEY") or None,
            retriever=env.get("ASSISTANT_RETRIEVER") or None,
            chunk_tokens=int(env["ASSISTANT_CHUNK_TOKENS"]) if env.get("ASSISTANT_CHUNK_TOKENS") else None,
            chunk_vectors=env.get("ASSISTANT_CHUNK_VECTORS") or None,
            llm_timeout=_env_number(env, "ASSISTANT_LLM_TIMEOUT", float),
            llm_retries=_env_number(env, "ASSISTANT_LLM_RETRIES", int),
            llm_context_window=_env_number(env, "ASSISTANT_LLM_CONTEXT_WINDOW", int),
            llm_answer_tokens=_env_number(env, "ASSISTANT_LLM_ANSWER_TOKENS", int),
            llm_temperature=_env_number(env, "ASSISTANT_LLM_TEMPERATURE", float),
            host=env.get("ASSISTANT_HOST") or None,
            port=_env_number(env, "ASSISTANT_PORT", int),
            auth=_env_auth(env),
            api_key=env.get("ASSISTANT_API_KEY") or None,
        )

    @classmethod
    def from_args(cls, args: argparse.Namespace, env: Mapping[str, str] | None = None) -> Settings:
        """The settings of the environment, overridden by the flags :func:`add_arguments` added
        and the user gave (a flag left out keeps the environment's value)."""
        return cls.from_env(env).replace(**{flag.field: getattr(args, flag.field, None) for flag in _FLAGS})

    def embedded_at(self, store_dir: str | Path) -> Settings:
        """These settings on an embedded store at ``store_dir`` (no Chroma server): for stores
        of the tool's own, the eval splits' and the benchmark's, never the user's."""
        return dataclasses.replace(self.replace(store_dir=store_dir), chroma_url=None)

    def replace(self, **changes: object) -> Settings:
        """A copy with the given fields changed; ``None`` values leave a field as it is."""
        changes = {k: v for k, v in changes.items() if v is not None}
        if "chunk_tokens" in changes and "chunk_overlap" not in changes:
            changes["chunk_overlap"] = max(8, int(changes["chunk_tokens"]) // 5)
        if "store_dir" in changes:
            changes["store_dir"] = Path(str(changes["store_dir"])).expanduser().resolve()
        if changes.get("chunk_vectors") not in (None, "mean", "text"):
            raise ValueError(f"unknown chunk_vectors {changes['chunk_vectors']!r}: use mean or text")
        if changes.get("retriever") not in (None, "hybrid", "dense", "bm25"):
            raise ValueError(f"unknown retriever {changes['retriever']!r}: use hybrid, dense or bm25")
        if not 0 <= changes.get("port", 0) <= 65535:
            raise ValueError(f"port {changes['port']} is not a TCP port (0 to 65535)")
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class _Flag:
    """A command-line flag that sets the :class:`Settings` field of the same meaning."""

    flag: str
    field: str
    help: str
    metavar: str | None = None
    type: type = str
    choices: tuple[str, ...] | None = None
    page: bool = False  # only the chat page (ui.py) has it


_FLAGS = (
    _Flag("--host", "host", "address to listen on (env ASSISTANT_HOST; default 127.0.0.1)", "HOST", page=True),
    _Flag("--port", "port", "port (env ASSISTANT_PORT; default 7860)", "PORT", type=int, page=True),
    _Flag("--store", "store_dir", "store directory (env ASSISTANT_STORE; default: the project's store/)", "DIR"),
    _Flag("--chroma-url", "chroma_url", "Chroma server, e.g. http://127.0.0.1:8000 (env ASSISTANT_CHROMA_URL)", "URL"),
    _Flag("--llm", "llm", "answerer (env ASSISTANT_LLM; default extractive)", choices=LLM_BACKENDS),
    _Flag("--llm-model", "llm_model", "model name for the LLM backends (env ASSISTANT_LLM_MODEL)", "NAME"),
    _Flag("--llm-base-url", "llm_base_url", "server URL for ollama / openai-like (env ASSISTANT_LLM_BASE_URL)", "URL"),
    _Flag("--llm-timeout", "llm_timeout", "seconds to wait for the LLM server (env ASSISTANT_LLM_TIMEOUT; default 120)",
          "S", type=float),
)


def add_arguments(parser: argparse.ArgumentParser, page: bool = False) -> None:
    """Give ``parser`` the flags that override settings; with ``page``, also the chat page's
    ``--host`` and ``--port``. :meth:`Settings.from_args` reads them back."""
    for flag in _FLAGS:
        if page or not flag.page:
            parser.add_argument(flag.flag, dest=flag.field, metavar=flag.metavar, type=flag.type,
                                choices=flag.choices, help=flag.help)
