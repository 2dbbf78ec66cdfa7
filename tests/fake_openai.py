"""A scripted LLM server on 127.0.0.1 for the generative-answer tests.

It speaks the real wire formats over HTTP, so the tests drive the same llama-index clients a
user would: OpenAI's ``POST /v1/chat/completions`` (a JSON completion, or server-sent events
``data: {...}`` ending with ``data: [DONE]`` when the request says ``"stream": true``) and
``GET /v1/models``, plus Ollama's ``POST /api/chat`` (JSON, or JSON lines when streaming).

A test scripts what the "model" says and reads what it was sent::

    with FakeLLMServer() as server:
        server.script(Reply("Le numéro est le 527 [1]."))          # the next request's reply
        server.responder = lambda request: Reply(...)              # or computed from the request
        ...
        server.requests[-1].messages                               # what the client sent
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One scripted reply. ``pieces`` are the streamed pieces (joined when the request does not
    stream; ``text`` is cut into words when it does); ``status`` other than 200 sends an error;
    ``body`` replaces the whole response body (a malformed reply)."""

    text: str = ""
    pieces: list[str] | None = None
    delay: float = 0.0  # seconds before the response starts
    piece_delay: float = 0.0  # seconds between streamed pieces
    status: int = 200
    body: str | None = None

    def stream_pieces(self) -> list[str]:
        if self.pieces is not None:
            return list(self.pieces)
        words = self.text.split(" ")
        return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]

    def full_text(self) -> str:
        return "".join(self.pieces) if self.pieces is not None else self.text


@dataclass
class Request:
    path: str
    body: dict
    headers: dict[str, str]

    @property
    def messages(self) -> list[dict]:
        return self.body.get("messages", [])

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    def content(self, role: str) -> str:
        """The text of the last message with this role."""
        found = [m for m in self.messages if m.get("role") == role]
        return found[-1].get("content", "") if found else ""


@dataclass
class FakeLLMServer:
    replies: list[Reply] = field(default_factory=list)
    responder: Callable[[Request], Reply | str] | None = None
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ control

    def script(self, *replies: Reply | str) -> None:
        """Replies for the next requests, in order (then the responder, then a default)."""
        with self._lock:
            self.replies += [Reply(r) if isinstance(r, str) else r for r in replies]

    def reset(self) -> None:
        with self._lock:
            self.replies.clear()
            self.requests.clear()
            self.responder = None

    def next_reply(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.replies:
                return self.replies.pop(0)
        if self.responder is not None:
            try:
                reply = self.responder(request)
            except Exception as exc:  # a broken script: say so, as a server would
                return Reply(status=599, body=f"responder failed: {type(exc).__name__}: {exc}")
            return Reply(reply) if isinstance(reply, str) else reply
        return Reply("Les communiqués ne répondent pas à cette question.")

    @property
    def port(self) -> int:
        assert self._server is not None, "the server is not started"
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """The OpenAI-compatible base URL (what ASSISTANT_LLM_BASE_URL takes)."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def ollama_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeLLMServer:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.fake = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="fake-llm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _completion(model: str, text: str) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(model: str, delta: dict, finish: str | None = None) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeLLM/1.0"

    def log_message(self, format: str, *args) -> None:  # quiet: pytest shows failures, not access logs
        pass

    @property
    def fake(self) -> FakeLLMServer:
        return self.server.fake  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            self._json(200, {"object": "list", "data": [{"id": "fake", "object": "model", "created": 0, "owned_by": "tests"}]})
        else:
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._json(400, {"error": {"message": "the request is not JSON", "type": "invalid_request_error"}})
            return
        path = self.path.rstrip("/")
        if path not in ("/v1/chat/completions", "/api/chat"):
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        request = Request(path, body, {k.lower(): v for k, v in self.headers.items()})
        reply = self.fake.next_reply(request)
        try:
            if reply.delay:
                time.sleep(reply.delay)
            if reply.status != 200:
                message = reply.body or f"scripted failure {reply.status}"
                self._json(reply.status, {"error": {"message": message, "type": "server_error"}})
            elif reply.body is not None:
                self._send(200, reply.body.encode(), "application/json")
            elif path == "/api/chat":
                self._ollama(body, reply)
            elif request.stream:
                self._events(body.get("model", "fake"), reply)
            else:
                self._json(200, _completion(body.get("model", "fake"), reply.full_text()))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer

    # ------------------------------------------------------------------ wire formats

    def _events(self, model: str, reply: Reply) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self._event(_chunk(model, {"role": "assistant", "content": ""}))
        for piece in reply.stream_pieces():
            if reply.piece_delay:
                time.sleep(reply.piece_delay)
            self._event(_chunk(model, {"content": piece}))
        self._event(_chunk(model, {}, finish="stop"))
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _event(self, payload: dict) -> None:
        self.wfile.write(f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode())
        self.wfile.flush()

    def _ollama(self, body: dict, reply: Reply) -> None:
        model = body.get("model", "fake")

        def line(content: str, done: bool) -> dict:
            row = {"model": model, "created_at": "2024-01-01T00:00:00Z",
                   "message": {"role": "assistant", "content": content}, "done": done}
            if done:
                row.update(done_reason="stop", prompt_eval_count=1, eval_count=1)
            return row

        if body.get("stream", True):  # Ollama streams unless told not to
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.end_headers()
            for piece in reply.stream_pieces():
                self.wfile.write((json.dumps(line(piece, False), ensure_ascii=False) + "\n").encode())
                self.wfile.flush()
            self.wfile.write((json.dumps(line("", True)) + "\n").encode())
            self.wfile.flush()
        else:
            self._json(200, line(reply.full_text(), True))

    def _json(self, status: int, payload: dict) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json")

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
