"""The texts of an answer: the extractive answerer's quoted passages with their markers, and the
refusal both answerers give when the releases do not answer."""

from __future__ import annotations

from assistant.text.normalize import normalize_space
from assistant.types import Answer, Citation


def compose(citations: list[Citation], language: str) -> str:
    """The answer text: each quoted passage with its ``[n]`` marker, introduced by its release."""
    lead = "D'après les communiqués :" if language == "fr" else "According to the press releases (in French):"
    lines = [lead]
    for n, c in enumerate(citations, start=1):
        lines.append(f"{quoted(shown(c.quote))} [{n}]")
    return "\n".join(lines)


def quoted(passage: str) -> str:
    """A passage between « », or between “ ” when it holds guillemets of its own (a speaker's
    words: "« C'est là que les recruteurs les trouvent », a déclaré …"), so that its own marks stay
    as the release prints them and no « « … » » shows."""
    return f"“{passage}”" if "«" in passage or "»" in passage else f"« {passage} »"


def shown(quote: str) -> str:
    """A quoted passage on one line, a line break of the release shown as " / " (a contact
    block's name, office, phone and e-mail; two paragraphs quoted as one passage)."""
    return " / ".join(normalize_space(line) for line in quote.splitlines() if line.strip())


def abstention(question: str, language: str) -> Answer:
    """The answer that says the releases do not answer ``question``, in its language."""
    text = (
        "Les communiqués ne répondent pas à cette question : aucun passage ne traite de ce point."
        if language == "fr"
        else "The press releases do not answer this question: no passage covers it."
    )
    return Answer(text=text, citations=[], abstained=True, question=question, language=language)
