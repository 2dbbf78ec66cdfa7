"""The HTTP API served beside the chat page, on the same host and port: OpenAI's chat-completions
protocol (``/v1/chat/completions``, ``/v1/models``) with the citations as extra fields, the
store (``/v1/releases``, ``/v1/ingest``), answer feedback (``/v1/feedback``) and ``/health``.
OpenAPI: ``/openapi.json``, and ``/docs`` (Swagger's page; without its CDN, the routes and
their examples as plain HTML).

Everything goes through the page's :class:`assistant.chat.Chat`, hence the one service. Who may
call what: :mod:`assistant.api.security`; the errors' shape and language: :mod:`assistant.api.errors`.

    from openai import OpenAI
    client = OpenAI(base_url="http://127.0.0.1:7860/v1", api_key="-")
    reply = client.chat.completions.create(model="extractive", messages=[
        {"role": "user", "content": "Qui finance la campagne de sensibilisation dans les Caraïbes ?"}])
    reply.choices[0].message.citations[0]["release_id"]  # '002_cd64a4c7dfd5f85e'
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError

from assistant.api.completions import completions_router, model_name
from assistant.api.docs import docs_page
from assistant.api.errors import ApiError, api_error_handler, validation_error_handler
from assistant.api.releases import fallback_router, releases_router
from assistant.api.security import INGEST_PATH, ApiBodyLimits, listens_on_loopback
from assistant.chat import Chat
from assistant.config import Settings

__all__ = ["INGEST_PATH", "install_api", "listens_on_loopback", "model_name"]


def install_api(app: FastAPI, chat: Chat, settings: Settings) -> None:
    """Add the API's routes, error handlers and body limits to ``app``, before the page is mounted
    at ``/`` (routes match in order: the page's mount would take every path)."""
    app.add_exception_handler(ApiError, api_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_middleware(ApiBodyLimits, limit=settings.max_request_bytes)
    routers = [completions_router(chat, settings), releases_router(chat, settings)]
    app.include_router(routers[0], tags=["OpenAI"])
    app.include_router(routers[1], tags=["Communiqués"])
    app.include_router(fallback_router(routers, settings))  # last: the other /v1 paths
    app.add_api_route("/docs", lambda: docs_page(app), include_in_schema=False)
