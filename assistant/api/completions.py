"""``POST /v1/chat/completions`` (OpenAI's protocol, streamed or not), ``GET /v1/models`` and
``POST /v1/feedback``.

The last user message is the question; the user and assistant messages before it are the
history, as ``(question, answer_text)`` pairs. Questions go through :class:`assistant.chat.Chat`
(``api_answer``: the service's checks, a worker with the request's time budget), the same as the
page's API; a streamed answer goes through the service's ``ask_stream`` in the same workers.
"""

from __future__ import annotations

import json
import queue
import re
import time
from collections.abc import Iterator

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from assistant.api.errors import ApiError, refusal, say
from assistant.api.schemas import (
    ChatCompletion,
    ChatCompletionRequest,
    ChatMessage,
    ErrorResponse,
    FeedbackIn,
    FeedbackOut,
    ModelCard,
    ModelList,
)
from assistant.api.security import Access
from assistant.chat import ASK_WORKERS, Chat, RequestRefused, StoreUnavailable, Turn
from assistant.config import Settings
from assistant.feedback import RECENT_ANSWERS, new_answer_id
from assistant.text.terms import detect_language
from assistant.types import Answer

_END = object()  # the end of a streamed answer
_EXTRA_FIELDS = ("citations", "abstained", "language")  # what OpenAI's message has no place for
STREAM_EXAMPLE = (
    'data: {"id": "chatcmpl-…", "object": "chat.completion.chunk", "model": "extractive", "choices": '
    '[{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": null}]}\n\n'
    'data: {…, "choices": [{"index": 0, "delta": {"content": "D\'après les communiqués : "}, …}]}\n\n'
    'data: {…, "choices": [{"index": 0, "delta": {"citations": [{"release_id": "002_cd64a4c7dfd5f85e", …}], '
    '"abstained": false, "language": "fr"}, "finish_reason": "stop"}]}\n\n'
    "data: [DONE]\n\n"
)


def model_name(settings: Settings) -> str:
    """The answerer, as the API's model: ``extractive``, or the LLM backend and its model."""
    if settings.llm == "extractive" or not settings.llm_model:
        return settings.llm
    return f"{settings.llm}/{settings.llm_model}"


def conversation(messages: list[ChatMessage], language: str) -> tuple[str, list[list[str]], tuple[str, list]]:
    """The question, the history as ``[question, answer_text]`` pairs, and the ``param`` of the
    question's message and of each pair's two messages (to name the message an error is about)."""
    said = [(n, m.role, m.content) for n, m in enumerate(messages) if m.role in ("user", "assistant")]
    if not said or said[-1][1] != "user":
        raise ApiError(400, say("no_question", language), code="no_question", param="messages")
    history, params = [], []
    asked: tuple[int, str] | None = None  # a user message still waiting for its answer
    for n, role, text in said[:-1]:
        if role == "user":
            if asked is not None:  # two questions in a row: the first got no answer
                history.append([asked[1], ""])
                params.append((f"messages.{asked[0]}.content", f"messages.{asked[0]}.content"))
            asked = (n, text)
        elif asked is not None:  # an assistant message with no question before it is not a turn
            history.append([asked[1], text])
            params.append((f"messages.{asked[0]}.content", f"messages.{n}.content"))
            asked = None
    if asked is not None:
        history.append([asked[1], ""])
        params.append((f"messages.{asked[0]}.content", f"messages.{asked[0]}.content"))
    return said[-1][2], history, (f"messages.{said[-1][0]}.content", params)


def completions_router(chat: Chat, settings: Settings) -> APIRouter:
    """The chat routes, over ``chat`` (the page's :class:`Chat`, so the API and the page share one service)."""
    access = Access(settings)
    router = APIRouter(dependencies=[Depends(access)], responses={
        400: {"model": ErrorResponse}, 401: {"model": ErrorResponse}, 413: {"model": ErrorResponse}})
    served = model_name(settings)

    @router.get("/v1/models", response_model=ModelList, summary="Le modèle servi : l'answerer du serveur")
    def models() -> ModelList:
        return ModelList(data=[ModelCard(id=served)])

    @router.post(
        "/v1/chat/completions", response_model=ChatCompletion,
        summary="Répondre à une question, sources citées (protocole OpenAI)",
        responses={200: {"content": {"text/event-stream": {"example": STREAM_EXAMPLE}}},
                   503: {"model": ErrorResponse}, 504: {"model": ErrorResponse}},
    )
    def chat_completions(body: ChatCompletionRequest, request: Request):
        """La dernière question de l'utilisateur est la question ; les messages `user` et `assistant`
        d'avant, la conversation (pour les relances). La réponse porte ses marqueurs [n] ; ses sources
        sont dans `message.citations` (ou dans le dernier morceau d'une réponse en flux), et
        `message.abstained` vaut true quand les communiqués ne répondent pas."""
        question = body.messages[-1].content
        language = detect_language(question) if question.strip() else "fr"
        request.state.language = language
        question, history, params = conversation(body.messages, language)
        if body.model not in (None, served):
            raise ApiError(404, say("unknown_model", language, model=body.model, served=served),
                           type="not_found_error", code="model_not_found", param="model")
        if body.stream:
            return _stream(chat, question, history, params, served, language)
        try:
            reply = chat.api_answer(question, history)
        except RequestRefused as exc:
            raise refusal(exc.__cause__ or exc, language, settings.request_timeout, params) from exc
        message = {key: reply[key] for key in _EXTRA_FIELDS}
        return {"id": reply["id"], "object": "chat.completion", "created": int(time.time()), "model": served,
                "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                             "message": {"role": "assistant", "content": reply["text"], **message}}]}

    @router.post("/v1/feedback", response_model=FeedbackOut, responses={404: {"model": ErrorResponse}},
                 summary="Dire si une réponse était utile")
    def feedback(body: FeedbackIn) -> FeedbackOut:
        """`id` est celui de la complétion (ou le champ `id` d'une réponse de l'API `/ask` de la page).
        Les avis « not_useful » deviennent des questions d'évaluation à compléter : `assistant feedback export`."""
        try:
            chat.holder.feedback.record(body.id, body.verdict, body.comment)
        except KeyError:
            raise ApiError(404, say("unknown_answer", id=body.id, n=RECENT_ANSWERS), type="not_found_error",
                           code="answer_not_found", param="id") from None
        except OSError as exc:
            raise ApiError(500, say("store_error", detail=str(exc)), type="server_error", code="store_error") from exc
        return FeedbackOut(id=body.id, verdict=body.verdict)

    return router


# --------------------------------------------------------------------------- streaming


def _stream(chat: Chat, question: str, history: list, params: tuple, model: str, language: str) -> StreamingResponse:
    """The answer as server-sent events, the way OpenAI streams: a first chunk with the role, the
    text in pieces, a last chunk with the citations and ``abstained``, then ``[DONE]``.

    What would refuse the question is checked before the response starts, so that it is an
    HTTP error; what fails later (the store, the time budget) is an ``error`` event.
    """
    settings = chat.holder.settings
    try:
        pairs, service = chat.checked(question, history)
    except (ValueError, StoreUnavailable) as exc:
        raise refusal(exc, language, settings.request_timeout, params) from exc
    items: queue.Queue = queue.Queue()

    def work() -> None:
        try:
            for item in service.ask_stream(question, pairs):
                items.put(item)
        except Exception as exc:  # the stream's reader says it
            items.put(exc)
        finally:
            items.put(_END)

    ASK_WORKERS.submit(work)
    answer_id, created = new_answer_id(), int(time.time())

    def chunk(delta: dict, finish: str | None = None) -> str:
        body = {"id": answer_id, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]}
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

    def events() -> Iterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        streamed, answer = "", None
        while True:
            try:  # the time budget runs for each piece: an answer that keeps coming is alive
                item = items.get(timeout=settings.request_timeout)
            except queue.Empty:
                item = TimeoutError()
            if isinstance(item, BaseException):
                error = refusal(item, language, settings.request_timeout)
                yield f"data: {json.dumps(error.body(), ensure_ascii=False)}\n\ndata: [DONE]\n\n"
                return
            if item is _END:
                break
            if isinstance(item, str):
                streamed += item
                yield chunk({"content": item})
            else:
                answer = item
        yield from (chunk({"content": piece}) for piece in _rest(streamed, answer))
        reply = chat.served(Turn.from_answer(question, answer), pairs, answer_id).to_dict()
        yield chunk({key: reply[key] for key in _EXTRA_FIELDS}, "stop")
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _rest(streamed: str, answer: Answer) -> Iterator[str]:
    """What remains to send of the final answer after ``streamed``, a few words a piece. When the
    final answer is not the streamed one continued (an LLM failed and the extractive answer stands
    in), it follows, after its notice: the citations are those of the final answer."""
    text = answer.text
    if streamed and not text.startswith(streamed):
        text = "\n\n" + (f"{answer.notice}\n\n" if answer.notice else "") + text
    else:
        text = text[len(streamed):]
    words = re.findall(r"\s*\S+\s*", text)
    for i in range(0, len(words), 4):
        yield "".join(words[i:i + 4])
