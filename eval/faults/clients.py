"""Asking a running ``ui.py`` as its users do: gradio clients, alone or many at once, and raw
HTTP bodies that no client would send."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

import httpx

# read by huggingface_hub when gradio_client first imports it: no call leaves the machine
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1", "GRADIO_ANALYTICS_ENABLED": "False"}


def client(url: str):
    """A gradio client of the chat page at ``url`` that sends no telemetry and prints nothing."""
    os.environ.update(OFFLINE_ENV)
    from gradio_client import Client

    return Client(url, verbose=False, analytics_enabled=False, download_files=False)


@dataclass
class Call:
    """One question asked through the /ask API: when, how long, and the answer or the error."""

    question: object
    started: float
    seconds: float
    answer: dict | None = None
    error: str | None = None

    @property
    def failed(self) -> bool:
        """The call raised (the API reports every failure as an error, never in an answer)."""
        return self.error is not None

    def cites(self) -> list[str]:
        """The release ids the answer cites."""
        return [c.get("release_id") for c in (self.answer or {}).get("citations", [])]


def call(cl, question, history=None, timeout: float = 30) -> Call:
    """Ask ``question`` (anything: hostile cases send ill-typed ones) through client ``cl``."""
    started = time.monotonic()
    try:
        answer = cl.submit(question, history if history is not None else [], api_name="/ask").result(timeout=timeout)
        return Call(question, started, time.monotonic() - started, answer=answer)
    except BaseException as exc:  # AppError (gr.Error), timeouts, HTTP errors (with the body the server sent)
        if isinstance(exc, KeyboardInterrupt):
            raise
        body = getattr(getattr(exc, "response", None), "text", "")
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''} {body}".strip()
        return Call(question, started, time.monotonic() - started, error=error[:400])


@dataclass
class Load:
    """``n`` client threads asking ``questions`` in turn until stopped (bounded in count)."""

    url: str
    questions: list[str]
    n: int = 5
    timeout: float = 30
    max_calls: int = 5000
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._loop, args=(i,), daemon=True) for i in range(self.n)]

    def _loop(self, i: int) -> None:
        try:
            cl = client(self.url)
        except Exception as exc:
            with self._lock:
                self.calls.append(Call("<connect>", time.monotonic(), 0, error=f"connect: {exc}"))
            return
        j = i
        while not self._stop.is_set() and len(self.calls) < self.max_calls:
            result = call(cl, self.questions[j % len(self.questions)], timeout=self.timeout)
            j += 1
            with self._lock:
                self.calls.append(result)

    def start(self) -> Load:
        """Start the client threads."""
        for t in self._threads:
            t.start()
        return self

    def __enter__(self) -> Load:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> list[Call]:
        """Stop the clients (each ends its current call) and return every call made."""
        self._stop.set()
        for t in self._threads:
            t.join(timeout=self.timeout + 5)
        with self._lock:
            return list(self.calls)


def raw_post(url: str, body: bytes) -> tuple[float, bool, str]:
    """POST a raw JSON body to the /ask API (then read its result); (seconds, refused, message)."""
    started = time.monotonic()
    try:
        r = httpx.post(url + "gradio_api/call/ask", content=body, headers={"content-type": "application/json"},
                       timeout=30)
        if r.status_code != 200:
            return time.monotonic() - started, True, f"HTTP {r.status_code}: {r.text[:200]}"
        with httpx.stream("GET", url + f"gradio_api/call/ask/{r.json()['event_id']}", timeout=30) as s:
            text = "".join(s.iter_text())
        return time.monotonic() - started, "event: error" in text, text[-200:]
    except Exception as exc:
        return time.monotonic() - started, True, f"{type(exc).__name__}: {exc}"
