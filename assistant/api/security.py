"""Who may use the API, and how much one request may send.

- ``ASSISTANT_API_KEY`` set: every ``/v1`` route wants ``Authorization: Bearer <key>``, compared
  in constant time. Not set, but the page has a login (``ASSISTANT_AUTH``): the same login, as
  HTTP Basic, so that the API is no way around the page's login. Neither: open, as the page is.
- Writes (ingest, removal) are refused (403) unless the key is set or the server listens only on
  this machine (a loopback ``host``).
- ``/health``, ``/docs`` and ``/openapi.json`` are open: they tell that the server is up and how
  to call it, nothing of the store's content.
- Bodies are bounded as the page's are (:class:`assistant.web.BodyLimit`), uploads to
  ``/v1/ingest`` by their own, larger, limit; a refusal is a 413 in OpenAI's shape.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import json

from fastapi import Request

from assistant.api.errors import API_PREFIX, ApiError, error_body, request_language, say
from assistant.config import Settings
from assistant.ingest.files import MAX_RELEASE_BYTES
from assistant.web import BodyLimit

INGEST_PATH = "/v1/ingest"
MAX_INGEST_BYTES = 4 * MAX_RELEASE_BYTES + 1_000_000  # four releases at their limit, and the form around them


def listens_on_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (127.0.0.1, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class Access:
    """FastAPI dependencies: :meth:`__call__` checks the key (or the page's login) of every /v1
    request, :meth:`writes` also refuses writes where they are not allowed."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def __call__(self, request: Request) -> None:
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        scheme, credentials = scheme.lower(), credentials.strip()
        key, login = self.settings.api_key, self.settings.auth
        if key:
            if not (scheme == "bearer" and _same(credentials, key)):
                raise ApiError(401, say("bad_key", await request_language(request)), code="invalid_api_key",
                               headers={"WWW-Authenticate": "Bearer"})
        elif login:
            try:
                user, _, password = base64.b64decode(credentials, validate=True).decode("utf-8").partition(":")
            except (binascii.Error, UnicodeDecodeError):
                user = password = ""
            # both compared, always: the time taken does not say which was wrong
            matches = _same(user, login[0]) & _same(password, login[1])
            if not (scheme == "basic" and matches):
                raise ApiError(401, say("bad_login", await request_language(request)), code="invalid_login",
                               headers={"WWW-Authenticate": 'Basic realm="assistant"'})

    async def writes(self, request: Request) -> None:
        await self(request)
        if not (self.settings.api_key or listens_on_loopback(self.settings.host)):
            raise ApiError(403, say("writes_refused", await request_language(request), host=self.settings.host),
                           type="permission_error", code="writes_refused")


class _OpenAIBodyLimit(BodyLimit):
    """:class:`BodyLimit`, refusing in OpenAI's shape, in French (the question is not read yet)."""

    def __init__(self, app, limit: int, text: str) -> None:
        super().__init__(app, limit)
        self.text = text

    async def _refuse(self, send) -> None:
        message = say(self.text, limit=f"{self.limit:,}".replace(",", " "))
        body = json.dumps(error_body(message, "invalid_request_error", "request_too_large"), ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class ApiBodyLimits:
    """ASGI middleware for the /v1 routes: bodies over ``limit`` bytes (``upload_limit`` for
    ``/v1/ingest``) are answered 413 before they are read whole; other paths pass."""

    def __init__(self, app, limit: int, upload_limit: int = MAX_INGEST_BYTES) -> None:
        self.app = app
        self.requests = _OpenAIBodyLimit(app, limit, "too_large")
        self.uploads = _OpenAIBodyLimit(app, upload_limit, "upload_too_large")

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == INGEST_PATH:
            return await self.uploads(scope, receive, send)
        if path.startswith(API_PREFIX):
            return await self.requests(scope, receive, send)
        return await self.app(scope, receive, send)
