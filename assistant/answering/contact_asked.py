"""A question after a press contact ("Qui faut-il contacter …", "Who are the press contacts …",
"Quel numéro composer pour joindre le service de presse …"): its answer is the closing contact
block of the release it is about, read even when the search did not reach it, and quoted whole."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from assistant.answering.candidates import ScoredSentence
from assistant.answering.chunk_reads import chunks_holding
from assistant.ingest.contacts import ASKS_FOR_CONTACT, block_start
from assistant.retrieval.hybrid import RetrievedChunk
from assistant.store import ReleaseStore

# the words of a contact that speak of something else: "se joindre à" (to join), "contacts
# avec les trafiquants", "contact tracing"
_OTHERWISE = re.compile(r"\b(?:se|s['’]y|de se)\s+joindre\b|\bcontacts?\s+(?:avec|entre|with|between)\b"
                        r"|\bcontact[- ]tracing\b", re.I)
# a line for the public asked ("la ligne d'assistance", "un numéro vert", "which helplines"): a
# release's press contact is never one
_HOTLINE = re.compile(r"\b(?:lignes?\s+(?:(?!directrices?\b)[\w-]+\s+){0,2}?(?:d['’](?:assistance|écoute|ecoute|urgence|aide)|verte?s?|gratuite?s?)"
                      r"|num[ée]ros?\s+(?:verts?|gratuits?|d['’](?:urgence|aide|assistance))"
                      r"|hotlines?|helplines?|toll[- ]free|free\s+(?:phone|number|line|call)s?)\b", re.I)
# more ways to ask for a contact than the ingest's pattern knows: "à qui s'adresser", "son
# adresse électronique", "her e-mail address"
_ALSO_CONTACT = re.compile(r"\bs['’]adresser\b|\badresses?\s+(?:[ée]lectroniques?|e-?mail|mail|courriel)"
                           r"|\b(?:e-?mail|mail)\s+address", re.I)
# a press contact named as such, beside a hotline asked ("Qui contacter à la presse au sujet de la ligne verte ?")
_PRESS = re.compile(r"\b(?:contacts?|contacter|presse|press|porte-parole|spokes\w*|e-?mail|courriel|relations)\b", re.I)
MAX_LINES = 12  # a block's lines quoted at most (two or three people, each with office, phone, e-mail)


# reaching what the question before spoke of: "la joindre", "l'appeler", "reach it"
_REACH_IT = re.compile(r"\b(?:la|le|les|l['’])\s*(?:joindre|appeler|contacter)\b|\b(?:reach|call|contact)\s+(?:it|them)\b", re.I)


def asks_for_contact(question: str) -> bool:
    """Whether ``question`` asks whom to contact, or a press office's phone, e-mail or town."""
    return bool(ASKS_FOR_CONTACT.search(question) or _ALSO_CONTACT.search(question)) and not _OTHERWISE.search(question)


def asks_for_hotline(question: str) -> bool:
    """Whether ``question`` asks for a line the public calls (a hotline, a free number), which
    no line of a release's press contact block is."""
    return bool(_HOTLINE.search(question))


def contact_or_hotline(current: str, question: str, asked: str, qtype: str) -> tuple[bool, bool]:
    """Whether the question as typed (``current``; ``question`` with the one before it, for a
    follow-up; ``asked``, what it asks of, of type ``qtype``) asks for a press contact, and
    whether for a hotline. A phone asked after a contact ("And what's her phone number?") is
    the contact's."""
    # "Et à quelles heures peut-on la joindre ?" after a question on a helpline reaches that line
    hotline = asks_for_hotline(asked) or bool(_REACH_IT.search(current) and asks_for_hotline(question))
    if hotline:  # "joindre la ligne gratuite" reaches the line; a press contact is asked by name
        return bool(_PRESS.search(current)), hotline
    return asks_for_contact(current) or (qtype == "phone" and asks_for_contact(question)), hotline


def with_contact_chunks(store: ReleaseStore, chunks: list[RetrievedChunk]) -> list[RetrievedChunk]:
    """``chunks`` and, for each retrieved release none of whose retrieved chunks reaches its
    contact block, the chunks of that release that do (in one read): a question about a
    release's contacts shares its topic words with the body, not with the block."""
    releases = list(dict.fromkeys(c.release_id for c in chunks))
    texts = store.release_texts(releases)
    starts = {rid: block_start(texts[rid]) for rid in releases if rid in texts}
    starts = {rid: start for rid, start in starts.items() if start < len(texts[rid])}  # those with a block
    reached = {c.release_id for c in chunks if c.release_id in starts and c.end > starts[c.release_id]}
    return chunks + chunks_holding(store, [rid for rid in starts if rid not in reached], chunks,
                                   lambda c: c.end > starts[c.release_id])


def whole_block(best: ScoredSentence, scored: list[ScoredSentence]) -> list[ScoredSentence]:
    """For a press contact asked, or an answer that is a line of a contact block (a contact's
    phone asked in other words: "Quel est le téléphone de Niurka Piñeiro ?"), the contact block
    of ``best``'s release (the answer's): its lines among the candidates, in the release's order
    (quoted as one passage once joined), so that a name comes with its office, phone and e-mail,
    and a phone with whose it is. None otherwise, or when that release gives no contact."""
    lines = sorted((s for s in scored if s.release_id == best.release_id and (s.in_block or s.contact)),
                   key=lambda s: s.index)
    return lines[:MAX_LINES] if best.contact or any(s.in_block for s in lines) else []


def by_topic(ranked: list[ScoredSentence], confidence: Callable[[list[ScoredSentence]], float],
             threshold: float) -> list[ScoredSentence]:
    """For a press contact asked whose answer the confidence model does not trust (its evidence is
    a contact line's, which shares no word with the question: "Qui est le porte-parole de l'OIM
    pour la campagne dans les Caraïbes ?"), the contact block of the release the question is
    about, when the model trusts that release's best sentence as an answer to the question's
    topic: what it would say were any sentence an answer of the kind asked. None otherwise."""
    if not any(s.in_block for s in ranked):
        return []
    body = [dataclasses.replace(s, fits=True, type_match=max(s.type_match, 1.0)) for s in ranked if not s.in_block]
    if confidence(body) < threshold:
        return []
    best = next(s for s in body if s.eligible)
    lines = sorted((s for s in ranked if s.release_id == best.release_id and s.in_block), key=lambda s: s.index)
    return lines[:MAX_LINES]

