"""What the HTTP API reads and writes: OpenAI's chat-completion objects, with the citations and
``abstained`` as extra fields of the message, and the store's own objects. The examples are the
ones ``/docs`` shows."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

CARIBBEAN = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"
CARIBBEAN_QUOTE = (
    "Financées par le Bureau de la Population, des réfugiés et de la migration du Département d’État américain, "
    "ainsi que par le ministère néerlandais de la Justice, ces activités de sensibilisation s’inscrivent dans le "
    "cadre de l’initiative de lutte contre la traite de l’OIM pour la région Caraïbe, un programme régional "
    "coordonné par le bureau de l’OIM à Washington."
)
CITATION_EXAMPLE = {
    "release_id": "002_cd64a4c7dfd5f85e",
    "title": "Sensibilisation à la traite des êtres humains à l’occasion de la coupe du monde de cricket",
    "quote": CARIBBEAN_QUOTE, "start": 3325, "end": 3689, "score": 1.0671,
}


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    """One message of the conversation: ``user`` questions and ``assistant`` answers make the
    history; ``system`` and ``developer`` messages are read by nobody (the answerer's
    instructions are its own) and tool messages are skipped."""

    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: Any = Field(None, description="du texte, ou une liste de parties {\"type\": \"text\", \"text\": …}",
                         json_schema_extra={"anyOf": [{"type": "string"}, {"type": "array"}, {"type": "null"}]})

    @field_validator("content")
    @classmethod
    def _text_only(cls, value: Any) -> str:
        """The message's text: a string, or the text parts of a list joined (images and the like refused)."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            parts = [ContentPart.model_validate(p) if isinstance(p, dict) else p for p in value]
            if all(isinstance(p, ContentPart) and p.type == "text" and isinstance(p.text, str) for p in parts):
                return "\n".join(p.text for p in parts)
        raise ValueError("text expected: a string or a list of {\"type\": \"text\", \"text\": …} parts")


class ChatCompletionRequest(BaseModel):
    """OpenAI's request. Sampling parameters (``temperature``, ``max_tokens``, …) are accepted and
    have no effect: the server's answerer decides how it answers."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"model": "extractive", "messages": [{"role": "user", "content": CARIBBEAN}]},
        {"model": "extractive", "stream": True, "messages": [
            {"role": "user", "content": "Et en Ukraine, qui a lancé un numéro gratuit ?"},
            {"role": "assistant", "content": "D'après les communiqués : « … » [1]"},
            {"role": "user", "content": "Quel est ce numéro ?"}]},
    ]})
    model: str | None = Field(None, description="le modèle de GET /v1/models (facultatif)")
    messages: list[ChatMessage] = Field(..., min_length=1, description="la dernière question de l'utilisateur est la question")
    stream: bool = Field(False, description="true : la réponse arrive en événements server-sent, comme chez OpenAI")


class CitationOut(BaseModel):
    """A passage of a release that supports the answer: ``quote`` is the release's text between ``start`` and ``end``."""

    model_config = ConfigDict(json_schema_extra={"examples": [CITATION_EXAMPLE]})
    release_id: str
    title: str
    quote: str
    start: int
    end: int
    score: float


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str = Field(..., description="la réponse, avec ses marqueurs [n] qui renvoient à citations[n-1]")
    citations: list[CitationOut] = Field(default_factory=list, description="extension : les sources de la réponse")
    abstained: bool = Field(False, description="extension : true quand les communiqués ne répondent pas (pas de sources)")
    language: str = Field("fr", description="extension : la langue de la question (fr ou en)")


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class ChatCompletion(BaseModel):
    """OpenAI's ``chat.completion``; ``id`` is the answer's id for POST /v1/feedback."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "chatcmpl-6f1c0a9e2b4d4a8f9c3e1d2b7a5f0e4c", "object": "chat.completion", "created": 1764583800,
        "model": "extractive", "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None, "message": {
            "role": "assistant", "content": f"D'après les communiqués :\n« {CARIBBEAN_QUOTE} » [1]",
            "citations": [CITATION_EXAMPLE], "abstained": False, "language": "fr"}}]}]})
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "iom-release-assistant"


class ModelList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"object": "list", "data": [{"id": "extractive", "object": "model", "created": 0,
                                     "owned_by": "iom-release-assistant"}]}]})
    object: Literal["list"] = "list"
    data: list[ModelCard]


class ReleaseOut(BaseModel):
    id: str
    object: Literal["release"] = "release"
    title: str
    n_chunks: int


class ReleaseList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"object": "list", "data": [
        {"id": "002_cd64a4c7dfd5f85e", "object": "release", "n_chunks": 5,
         "title": CITATION_EXAMPLE["title"]}]}]})
    object: Literal["list"] = "list"
    data: list[ReleaseOut]


class UploadOut(BaseModel):
    ok: bool
    message: str = Field(..., description="le nom du fichier et ce qu'il est devenu, ou pourquoi il est refusé")


class IngestReport(BaseModel):
    """What became of each uploaded file (the page's report); at least one was added or was there already."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "object": "ingest.report", "accepted": 1, "refused": 1, "releases": 6, "files": [
            {"ok": True, "message": "900_marins.txt : ajouté (identifiant 900_marins)"},
            {"ok": False, "message": "rapport.pdf : refusé, type .pdf non accepté (seuls .txt, .html, .htm le sont)"}]}]})
    object: Literal["ingest.report"] = "ingest.report"
    accepted: int
    refused: int
    releases: int = Field(..., description="le nombre de communiqués du magasin après l'ajout")
    files: list[UploadOut]


class Deleted(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"id": "900_marins", "object": "release.deleted", "deleted": True}]})
    id: str
    object: Literal["release.deleted"] = "release.deleted"
    deleted: bool = True


class FeedbackIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"id": "chatcmpl-6f1c0a9e2b4d4a8f9c3e1d2b7a5f0e4c", "verdict": "not_useful",
         "comment": "La réponse ne cite pas le bon communiqué."}]})
    id: str = Field(..., max_length=200, description="l'id de la réponse (celui de la complétion)")
    verdict: Literal["useful", "not_useful"]
    comment: str | None = Field(None, max_length=2000, description="facultatif")


class FeedbackOut(BaseModel):
    id: str
    object: Literal["feedback"] = "feedback"
    verdict: str
    recorded: bool = True


class StoreHealth(BaseModel):
    reachable: bool
    generation: str | None = Field(None, description="le jeton de la dernière écriture du magasin")
    releases: int | None = None
    error: str | None = None


class Health(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok", "model": "extractive", "store": {
        "reachable": True, "generation": "5d0f8f0c0f6b4a34b1f2a1e36f6d9c2a", "releases": 5, "error": None}}]})
    status: Literal["ok", "unavailable"]
    model: str
    store: StoreHealth


class ErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class ErrorResponse(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"error": {
        "message": "Le communiqué « 999_inconnu » n'est pas dans le magasin (voir GET /v1/releases).",
        "type": "not_found_error", "param": "release_id", "code": "release_not_found"}}]})
    error: ErrorDetail
