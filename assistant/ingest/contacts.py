"""The closing contact block of a release ("Pour plus d'informations, veuillez contacter …"):
where it starts, and the people (or offices) it names with their phones and e-mails."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import normalize_space
from assistant.types import Contact

CONTACT_START = re.compile(
    r"^(pour (plus d['’]\s?informations?|obtenir (des|plus d['’]) informations?|toute information)"
    r"|for (more|further) information|para (más|mayor) informaci[oó]n)",
    re.I,
)
# a question after a press contact: whom to contact, a press office, an e-mail address
ASKS_FOR_CONTACT = re.compile(
    r"\b(contact|e-?mail|courriel|joindre|porte-parole|spokes"
    r"|(service|bureau|attach[ée]e?s?|relations?) (de )?presse|press (office|officer|contact|service)"
    r"|relations publiques|public (information|relations))",
    re.I,
)
_PARAGRAPH = re.compile(r"(?:\A|\n\n)(?=\S)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_LABEL = re.compile(r"^(t[ée]l\.?|tel|phone|mobile|mob\.?|portable|fax)\s*:?\s*", re.I)
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d(?:\s*x\s*\d+)?")
_FIELD_LABEL = re.compile(r"^(e-?mail|courriel|email)\s*:?\s*$", re.I)
_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’-]+(?:\s+(?:de|du|van|von|la|le|da|di)?\s*[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’-]+){1,3}$")


def contact_block(lines: list[str]) -> tuple[str, tuple[Contact, ...]]:
    """The contact block that starts at the first of ``lines`` opening one, as text (one person,
    phone or e-mail a line) and as contacts; ``("", ())`` when no line opens one.

    The lines are the release's lines before unwrapping: unwrapping, right for the body,
    would flatten the block's one-field-a-line structure.
    """
    lines = [normalize_space(line) for line in lines]
    first = next((i for i, line in enumerate(lines) if CONTACT_START.match(line)), None)
    if first is None:
        return "", ()
    text = _join_labels([line for line in lines[first:] if line])
    return text, parse_contacts(text)


@lru_cache(maxsize=256)
def block_start(text: str) -> int:
    """Where a release text's closing contact block starts, ``len(text)`` when it has none: the
    last paragraph that opens as a contact block does (a release's text is its body, a blank
    line, then the block). Remembered, as the release texts are: the answerer asks at every
    question."""
    start = len(text)
    for paragraph in _PARAGRAPH.finditer(text):
        if CONTACT_START.match(text[paragraph.end() : paragraph.end() + 60]):
            start = paragraph.end()
    return start


def _contact_fields(block: str) -> list[str]:
    """Split a contact block into fields: one per line, and per comma on a long inline line."""
    intro = re.match(r"^[^:\n]*?contact(?:er|ez)?\s*:?\s*", block, re.I)
    rest = block[intro.end():] if intro else block
    fields: list[str] = []
    for line in rest.split("\n"):
        fields.extend(part.strip() for part in re.split(r",\s+(?=\D)", line) if part.strip())
    return fields


def _join_labels(lines: list[str]) -> str:
    """Join a bare field label ("Email :") to the value on the next line, and rejoin wrapped lines."""
    out: list[str] = []
    for line in lines:
        # only the intro sentence wraps ("… sur\ncette initiative, veuillez contacter:")
        in_intro = out and not any("contact" in x.lower() for x in out)
        wrapped = in_intro and line[:1].islower() and not re.search(r"[.:;]$", out[-1])
        if out and (wrapped or _FIELD_LABEL.match(out[-1]) or _PHONE_LABEL.fullmatch(out[-1])):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def parse_contacts(block: str) -> tuple[Contact, ...]:
    """People (or offices) named in a contact block, each with phones and e-mails.

    >>> parse_contacts("Pour plus d'informations, veuillez contacter :\\nJean Dupont\\nEmail : jdupont@iom.int")
    (Contact(name='Jean Dupont', affiliation=None, phones=(), emails=('jdupont@iom.int',)),)
    """
    contacts: list[dict] = []

    def current() -> dict:
        if not contacts:
            contacts.append({"name": None, "affiliation": None, "phones": [], "emails": []})
        return contacts[-1]

    for field_ in _contact_fields(block):
        if _FIELD_LABEL.match(field_):
            continue
        emails = _EMAIL.findall(field_)
        if emails:
            current()["emails"].extend(emails)
            continue
        stripped = _PHONE_LABEL.sub("", field_)
        if stripped != field_ or (_PHONE.fullmatch(stripped.strip()) and len(re.sub(r"\D", "", stripped)) >= 7):
            phone = _PHONE.search(stripped)
            if phone:
                current()["phones"].append(normalize_space(phone.group()))
            continue
        text = field_.strip(" :;")
        if not text:
            continue
        if _NAME.match(text) and "OIM" not in text and "IOM" not in text:
            contacts.append({"name": text, "affiliation": None, "phones": [], "emails": []})
        else:
            target = current()
            if target["affiliation"] is None and not target["phones"] and not target["emails"]:
                target["affiliation"] = text
            else:
                contacts.append({"name": None, "affiliation": text, "phones": [], "emails": []})
    return tuple(
        Contact(c["name"], c["affiliation"], tuple(c["phones"]), tuple(c["emails"]))
        for c in contacts
        if c["name"] or c["phones"] or c["emails"]
    )
