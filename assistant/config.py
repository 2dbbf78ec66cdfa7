"""Every knob of the assistant in one typed place, read from the environment once.

CLI flags and UI options of the same meaning override these through :meth:`Settings.replace`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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


@dataclass(frozen=True)
class Settings:
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
    # retrieval
    top_k: int = 6
    candidates: int = 20
    rrf_k: int = 60
    retriever: str = "hybrid"  # hybrid | dense | bm25
    # answering
    max_question_chars: int = 2000
    # bounded work per request (README, "Limits"): what a request may make the server do
    max_history_turns: int = 50  # earlier turns a request may carry (more is refused)
    history_turns_used: int = 6  # of which the most recent are read (condensing, the LLM's prompt)
    max_answer_chars: int = 20000  # an earlier answer's text in the history
    max_request_bytes: int = 1_000_000  # an HTTP request's body, uploads excepted
    request_timeout: float = 30.0  # seconds a question may take before it is answered with an error
    # an embedded store takes one writer at a time: how long a write waits for another to end
    write_wait: float = 0.0

    @property
    def chroma_dir(self) -> Path:
        return self.store_dir / "chroma"

    @property
    def releases_dir(self) -> Path:
        return self.store_dir / "releases"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
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
            llm_timeout=_env_number(env, "ASSISTANT_LLM_TIMEOUT", float),
            llm_retries=_env_number(env, "ASSISTANT_LLM_RETRIES", int),
            llm_context_window=_env_number(env, "ASSISTANT_LLM_CONTEXT_WINDOW", int),
            llm_answer_tokens=_env_number(env, "ASSISTANT_LLM_ANSWER_TOKENS", int),
            llm_temperature=_env_number(env, "ASSISTANT_LLM_TEMPERATURE", float),
        )

    def replace(self, **changes: object) -> Settings:
        """A copy with the given fields changed; ``None`` values leave a field as it is."""
        changes = {k: v for k, v in changes.items() if v is not None}
        if "chunk_tokens" in changes and "chunk_overlap" not in changes:
            changes["chunk_overlap"] = max(8, int(changes["chunk_tokens"]) // 5)
        if "store_dir" in changes:
            changes["store_dir"] = Path(str(changes["store_dir"])).expanduser().resolve()
        if changes.get("retriever") not in (None, "hybrid", "dense", "bm25"):
            raise ValueError(f"unknown retriever {changes['retriever']!r}: use hybrid, dense or bm25")
        return dataclasses.replace(self, **changes)
