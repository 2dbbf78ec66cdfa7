"""The HTTP server the chat page runs in: a FastAPI app, the request limits, and uvicorn.

No Gradio here: ``ui.py`` mounts its page on the app this module serves.
"""

from __future__ import annotations

import json


class BodyLimit:
    """ASGI middleware: a request whose body is larger than ``limit`` bytes is answered 413
    before it is read whole (declared by Content-Length, or counted as it streams in).

    Uploads (paths under ``exempt``) have their own per-file limit and are left alone.
    """

    def __init__(self, app, limit: int, exempt: tuple[str, ...] = ()) -> None:
        self.app = app
        self.limit = limit
        self.exempt = exempt

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or any(scope.get("path", "").endswith(p) for p in self.exempt):
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._refuse(send)
        seen = 0

        async def counting_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            return await self.app(scope, counting_receive, send)
        except _TooLarge:
            return await self._refuse(send)

    async def _refuse(self, send) -> None:
        message = f"request body over {self.limit:,} bytes: send a shorter question and history"
        body = json.dumps({"error": {"message": message, "type": "invalid_request_error", "code": "request_too_large"}})
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body.encode()})


class _TooLarge(Exception):
    pass


def serve(app, host: str, port: int) -> None:
    """Run ``app`` until SIGINT or SIGTERM; requests still running get 5 s to end."""
    import uvicorn

    config = uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5,
                            ws_max_size=1 << 20)
    uvicorn.Server(config).run()
