"""The API's errors, in OpenAI's shape (``{"error": {"message", "type", "param", "code"}}``) and
in the question's language: French unless the question is English (no question: French).

The service's own refusals (an empty or overlong question, a history too long) are English
sentences meant for the command line; :func:`refusal` says them in French for French questions.
"""

from __future__ import annotations

import concurrent.futures
import json
import re

from fastapi import Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant.chat import StoreUnavailable, readable
from assistant.index.chroma import StoreError
from assistant.text.terms import detect_language

API_PREFIX = "/v1/"

# (French, English)
TEXTS = {
    "bad_key": ("Clé d'API absente ou erronée : envoyez l'en-tête « Authorization: Bearer <clé> » "
                "(la clé ASSISTANT_API_KEY du serveur).",
                "Missing or wrong API key: send the header 'Authorization: Bearer <key>' (the server's ASSISTANT_API_KEY)."),
    "bad_login": ("Ce serveur demande l'identifiant de la page : envoyez-le en HTTP Basic "
                  "(curl -u utilisateur:mot_de_passe), ou demandez une clé d'API (ASSISTANT_API_KEY).",
                  "This server requires the page's login: send it as HTTP Basic (curl -u user:password), "
                  "or ask for an API key (ASSISTANT_API_KEY)."),
    "writes_refused": ("Ajouts et suppressions refusés : le serveur écoute sur {host}, au-delà de cette machine, "
                       "sans clé d'API. Définissez ASSISTANT_API_KEY, ou faites écouter le serveur sur 127.0.0.1.",
                       "Ingest and removal refused: the server listens on {host}, beyond this machine, without "
                       "an API key. Set ASSISTANT_API_KEY, or have the server listen on 127.0.0.1."),
    "not_found": ("L'API n'a pas de route {method} {path} : voir /docs ou /openapi.json.",
                  "The API has no route {method} {path}: see /docs or /openapi.json."),
    "bad_method": ("La route {path} n'accepte pas {method} (seulement {allowed}).",
                   "The route {path} does not accept {method} (only {allowed})."),
    "too_large": ("Requête trop volumineuse : plus de {limit} octets. Envoyez une question et un historique plus courts.",
                  "Request body over {limit} bytes: send a shorter question and history."),
    "upload_too_large": ("Envoi trop volumineux : plus de {limit} octets en une requête. Envoyez les fichiers "
                         "en plusieurs fois (5 Mo au plus chacun).",
                         "Upload over {limit} bytes in one request: send the files in several requests "
                         "(5 MB at most each)."),
    "invalid": ("Requête invalide : {detail} (voir /docs).", "Invalid request: {detail} (see /docs)."),
    "no_question": ("La conversation doit finir par la question de l'utilisateur (un message de rôle « user »).",
                    "The conversation must end with the user's question (a message of role 'user')."),
    "unknown_model": ("Modèle inconnu « {model} » : ce serveur sert « {served} » (voir GET /v1/models).",
                      "Unknown model '{model}': this server serves '{served}' (see GET /v1/models)."),
    "unknown_release": ("Le communiqué « {id} » n'est pas dans le magasin (voir GET /v1/releases).",
                        "Release '{id}' is not in the store (see GET /v1/releases)."),
    "unknown_answer": ("Réponse inconnue « {id} » : ce serveur ne l'a pas donnée, ou il y a trop longtemps "
                       "(il garde les {n} dernières).",
                       "Unknown answer '{id}': this server did not give it, or too long ago (it keeps the last {n})."),
    "timeout": ("Pas de réponse en {seconds:.0f} s : réessayez dans un instant.",
                "No answer within {seconds:.0f} s: try again shortly."),
    "store_error": ("Erreur du magasin : {detail}", "Store error: {detail}"),
    "nothing_added": ("Aucun communiqué ajouté : {detail}", "No release added: {detail}"),
    "no_files": ("Aucun fichier reçu : envoyez les communiqués en multipart/form-data, dans le champ « files ».",
                 "No file received: send the releases as multipart/form-data, in the field 'files'."),
}

# the service's refusals (assistant.service.validate_question / validate_history), in French
_SERVICE_FRENCH = [
    (r"the question must be text, not (\w+)", "la question doit être du texte, pas {0}"),
    (r"the question is empty.*", "la question est vide : posez une question sur les communiqués"),
    (r"the question is (\d+) characters long; the limit is (\d+).*",
     "la question fait {0} caractères ; la limite est {1} : posez une question à la fois"),
    (r"history holds (\d+) turns; the limit is (\d+) \(only the last (\d+) are read\).*",
     "la conversation compte {0} échanges ; la limite est {1} (seuls les {2} derniers sont lus) : "
     "n'envoyez que les plus récents"),
    (r"history\[\d+\]: its question is (\d+) characters long; the limit is (\d+)",
     "une question de la conversation fait {0} caractères ; la limite est {1}"),
    (r"history\[\d+\]: its answer_text is (\d+) characters long; the limit is (\d+)",
     "une réponse de la conversation fait {0} caractères ; la limite est {1}"),
]
_HISTORY_ENTRY = re.compile(r"^history\[(\d+)\]: its (question|answer_text)")

# pydantic's error types, in French
_FIELD_FRENCH = {
    "missing": "champ requis",
    "string_type": "doit être du texte",
    "list_type": "doit être une liste",
    "bool_type": "doit être true ou false", "bool_parsing": "doit être true ou false",
    "model_attributes_type": "doit être un objet JSON", "dict_type": "doit être un objet JSON",
    "too_short": "ne doit pas être vide",
    "string_too_long": "trop long (au plus {max_length} caractères)",
    "literal_error": "valeur non acceptée (attendu : {expected})",
    "json_invalid": "le corps n'est pas du JSON valide ({error})",
    "value_error": "du texte est attendu : une chaîne, ou une liste de parties {{\"type\": \"text\", \"text\": …}}",
}


class ApiError(Exception):
    """An error the API answers in OpenAI's shape."""

    def __init__(self, status: int, message: str, type: str = "invalid_request_error", code: str | None = None,
                 param: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.type, self.code, self.param = status, message, type, code, param
        self.headers = headers

    def body(self) -> dict:
        return error_body(self.message, self.type, self.code, self.param)


def error_body(message: str, type: str, code: str | None = None, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


def say(key: str, language: str = "fr", **values: object) -> str:
    """The message ``key`` of :data:`TEXTS` in ``language`` (``"fr"`` or ``"en"``)."""
    french, english = TEXTS[key]
    return (english if language == "en" else french).format(**values)


def question_language(body: object) -> str:
    """The language of a chat request's question (its last user message): "fr" or "en"."""
    messages = body.get("messages") if isinstance(body, dict) else None
    if isinstance(messages, list):
        for message in reversed(messages):
            if isinstance(message, dict) and message.get("role") == "user":
                content = message.get("content")
                return detect_language(content) if isinstance(content, str) and content.strip() else "fr"
    return "fr"


async def request_language(request: Request) -> str:
    """The language of the request's question, when it has one (French otherwise); read once."""
    if not hasattr(request.state, "language"):
        language = "fr"
        if request.method == "POST" and "json" in request.headers.get("content-type", ""):
            try:
                language = question_language(json.loads(await request.body()))
            except (ValueError, UnicodeDecodeError):
                pass
        request.state.language = language
    return request.state.language


def refusal(exc: BaseException, language: str, timeout: float, params: tuple[str, list] = ("messages", [])) -> ApiError:
    """The API's error for an exception of the service: a refused question (400), a store that
    cannot be reached or written (503), an answer not given within ``timeout`` seconds (504),
    anything else (500). ``params`` names the question's message and, for each history entry, the
    messages of its question and its answer (the error's ``param``)."""
    if isinstance(exc, ValueError):
        text = readable(exc)
        param, history_params = params
        param = param if text.startswith("the question") else "messages"
        entry = _HISTORY_ENTRY.match(text)
        if entry and int(entry.group(1)) < len(history_params):
            param = history_params[int(entry.group(1))][entry.group(2) != "question"]
        if language != "en":
            for pattern, french in _SERVICE_FRENCH:
                found = re.fullmatch(pattern, text)
                if found:
                    text = french.format(*found.groups())
                    break
        return ApiError(400, say("invalid", language, detail=text), code="invalid_question", param=param)
    if isinstance(exc, (StoreUnavailable, StoreError)):
        return ApiError(503, readable(exc), type="server_error", code="store_unavailable")
    if isinstance(exc, (concurrent.futures.TimeoutError, TimeoutError)):
        return ApiError(504, say("timeout", language, seconds=timeout), type="server_error", code="timeout")
    return ApiError(500, say("store_error", language, detail=readable(exc)), type="server_error", code="store_error")


# --------------------------------------------------------------------------- handlers


async def api_error_handler(request: Request, exc: ApiError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's own validation errors, on the API's routes: 400 in OpenAI's shape, field by field."""
    if not request.url.path.startswith(API_PREFIX):
        return await request_validation_exception_handler(request, exc)
    language = question_language(exc.body)
    request.state.language = language
    details, params = [], []
    for error in exc.errors()[:3]:
        param = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        kind = error.get("type", "")
        if language == "en" or kind not in _FIELD_FRENCH:
            what = error.get("msg", kind)
        else:
            ctx = {key: value for key, value in (error.get("ctx") or {}).items()}
            try:
                what = _FIELD_FRENCH[kind].format(**ctx).replace("' or '", "' ou '")
            except (KeyError, IndexError):
                what = _FIELD_FRENCH[kind].split(" (")[0]
        where = param or ("le corps de la requête" if language != "en" else "the request body")
        details.append(f"{where} : {what}" if language != "en" else f"{where}: {what}")
        params.append(param)
    error = ApiError(400, say("invalid", language, detail=" ; ".join(details)), code="invalid_request",
                     param=params[0] if params and params[0] else None)
    return JSONResponse(error.body(), status_code=400)
