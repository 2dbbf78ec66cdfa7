"""The store through the API: ``GET /v1/releases``, ``POST /v1/ingest`` (the page's uploads:
same checks, same report), ``DELETE /v1/releases/{id}``, and ``GET /health``; plus the 404 and
405 of the ``/v1`` paths, in OpenAI's shape (the page, mounted at ``/``, would answer them
otherwise)."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from assistant.api.completions import model_name
from assistant.api.errors import ApiError, refusal, request_language, say
from assistant.api.schemas import Deleted, ErrorResponse, Health, IngestReport, ReleaseList, StoreHealth
from assistant.api.security import INGEST_PATH, Access
from assistant.chat import Chat, RequestRefused, readable
from assistant.config import Settings
from assistant.ingest.uploads import add_uploads

log = logging.getLogger(__name__)


def _upload_name(name: str | None) -> str:
    """The name an upload was sent under, without its folders (it names the file in the report)."""
    name = Path((name or "").replace("\\", "/").replace("\x00", "")).name
    return name if name not in ("", ".", "..") else "sans_nom"


def releases_router(chat: Chat, settings: Settings) -> APIRouter:
    """The store's routes, over ``chat`` (the page's :class:`Chat` and its service)."""
    access = Access(settings)
    errors = {401: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}
    router = APIRouter()

    @router.get("/v1/releases", response_model=ReleaseList, dependencies=[Depends(access)], responses=errors,
                summary="Les communiqués du magasin")
    def releases() -> dict:
        try:
            return {"object": "list", "data": chat.api_releases()}
        except RequestRefused as exc:
            raise refusal(exc.__cause__ or exc, "fr", settings.request_timeout) from exc

    @router.post(INGEST_PATH, response_model=IngestReport, dependencies=[Depends(access.writes)],
                 responses={**errors, 400: {"model": ErrorResponse}, 403: {"model": ErrorResponse},
                            413: {"model": ErrorResponse}},
                 summary="Ajouter des communiqués (.txt, .html ; 5 Mo au plus chacun)")
    def ingest(files: Annotated[list[UploadFile], File(description="les fichiers des communiqués")]) -> dict:
        """Les mêmes vérifications que la page : chaque fichier est ajouté, ou refusé avec sa raison
        (vide, binaire, trop gros, mauvais type, copie d'un communiqué déjà là). Erreur 400 quand
        aucun n'a pu l'être. Refusé (403) sans clé d'API quand le serveur écoute au-delà de 127.0.0.1."""
        with tempfile.TemporaryDirectory(prefix="assistant-api-upload-", ignore_cleanup_errors=True) as folder:
            paths = []
            for n, upload in enumerate(files):  # a folder each: two uploads of one name stay two
                target = Path(folder) / str(n) / _upload_name(upload.filename)
                target.parent.mkdir()
                with target.open("wb") as out:
                    shutil.copyfileobj(upload.file, out)
                paths.append(target)
            try:
                lines = add_uploads(paths, chat.holder.get)
                count = len(chat.holder.get().releases()) if any(line.ok for line in lines) else 0
            except Exception as exc:
                log.exception("ingest failed")
                raise refusal(exc, "fr", settings.request_timeout) from exc
        if not any(line.ok for line in lines):
            detail = " ; ".join(line.message for line in lines)
            raise ApiError(400, say("nothing_added", detail=detail), code="no_release_added", param="files")
        accepted = sum(line.ok for line in lines)
        return {"object": "ingest.report", "accepted": accepted, "refused": len(lines) - accepted,
                "releases": count, "files": [{"ok": line.ok, "message": line.message} for line in lines]}

    @router.delete("/v1/releases/{release_id}", response_model=Deleted, dependencies=[Depends(access.writes)],
                   responses={**errors, 403: {"model": ErrorResponse}, 404: {"model": ErrorResponse}},
                   summary="Retirer un communiqué et ses passages")
    def remove(release_id: str) -> Deleted:
        try:
            removed = chat.holder.get().remove(release_id)
        except Exception as exc:
            log.exception("remove failed")
            raise refusal(exc, "fr", settings.request_timeout) from exc
        if not removed:
            raise ApiError(404, say("unknown_release", id=release_id), type="not_found_error",
                           code="release_not_found", param="release_id")
        return Deleted(id=release_id)

    @router.get("/health", response_model=Health, responses={503: {"model": Health}},
                summary="Le serveur répond-il, et son magasin ?")
    def health() -> JSONResponse:
        """Ouvert sans clé : l'état du magasin (joignable, génération, nombre de communiqués)."""
        store = StoreHealth(reachable=False)
        try:
            service = chat.holder.get()
            service.store.sync()  # notices another process's writes, as a question would
            store = StoreHealth(reachable=True, generation=service.store.chroma.generation(),
                                releases=len(service.releases()))
        except Exception as exc:  # StoreUnavailable, StoreError, chromadb's own
            store.error = readable(exc)
        status = "ok" if store.reachable else "unavailable"
        body = Health(status=status, model=model_name(settings), store=store)
        return JSONResponse(body.model_dump(), status_code=200 if store.reachable else 503)

    return router


def fallback_router(routers: list[APIRouter], settings: Settings) -> APIRouter:
    """The /v1 paths none of ``routers`` takes (404), or takes with other methods (405), answered
    in OpenAI's shape: included last, before the page's mount would answer them its own way."""
    access = Access(settings)
    known = [route for router in routers for route in router.routes if isinstance(route, APIRoute)]
    router = APIRouter()

    @router.api_route("/v1/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
                      include_in_schema=False)
    async def unknown(request: Request, path: str) -> None:
        await access(request)
        path = request.url.path
        allowed = sorted({method for route in known if route.path_regex.match(path) for method in route.methods})
        language = await request_language(request)
        if allowed:
            raise ApiError(405, say("bad_method", language, path=path, method=request.method,
                                    allowed=", ".join(allowed)), code="method_not_allowed",
                           headers={"Allow": ", ".join(allowed)})
        raise ApiError(404, say("not_found", language, method=request.method, path=path),
                       type="not_found_error", code="unknown_route")

    return router
