"""``/docs``: FastAPI's Swagger page, whose scripts come from a CDN, with the routes and their
French examples written into it by the server, so that the page still says how to call the API
where the CDN cannot be reached (Swagger replaces that list when it loads)."""

from __future__ import annotations

import html
import json

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

_METHODS = ("get", "post", "put", "patch", "delete")


def _example(spec: dict, media: dict) -> object | None:
    """The first example of a request or response body's schema, if it has one."""
    schema = (media or {}).get("schema") or {}
    ref = schema.get("$ref", "")
    component = spec.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {}) if ref else schema
    examples = component.get("examples") or media.get("example") and [media["example"]]
    return examples[0] if examples else None


def _block(label: str, example: object) -> str:
    text = example if isinstance(example, str) else json.dumps(example, ensure_ascii=False, indent=2)
    return f"<p><b>{label}</b></p><pre style='white-space: pre-wrap'>{html.escape(text)}</pre>"


def route_list(spec: dict) -> str:
    """The API's routes as HTML: method, path, summary, description, a request and a response example."""
    parts = [f"<h1>{html.escape(spec.get('info', {}).get('title', 'API'))}</h1>",
             "<p>La spécification OpenAPI : <a href='/openapi.json'>/openapi.json</a>. "
             "(Page sans scripts : Swagger UI n'a pas pu être chargé.)</p>"]
    for path, operations in spec.get("paths", {}).items():
        for method in _METHODS:
            op = operations.get(method)
            if op is None:
                continue
            parts.append(f"<h2><code>{method.upper()} {html.escape(path)}</code> · {html.escape(op.get('summary', ''))}</h2>")
            if op.get("description"):
                parts.append(f"<p>{html.escape(op['description'])}</p>")
            for media_type, media in op.get("requestBody", {}).get("content", {}).items():
                example = _example(spec, media)
                if example is not None:
                    parts.append(_block(f"Requête ({media_type})", example))
            for media_type, media in op.get("responses", {}).get("200", {}).get("content", {}).items():
                example = _example(spec, media)
                if example is not None:
                    parts.append(_block(f"Réponse ({media_type})", example))
    return "\n".join(parts)


def docs_page(app: FastAPI) -> HTMLResponse:
    """Swagger's page for ``app``, with :func:`route_list` inside the element Swagger fills."""
    page = get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} · API").body.decode()
    anchor = '<div id="swagger-ui">'
    return HTMLResponse(page.replace(anchor, anchor + route_list(app.openapi()), 1))
