"""Whether a question asks for a person, and whether a sentence names one.

"Comment s'appelle le commissaire ougandais …", "Who is the current Director General of IOM?",
"Quel expert de l'OIM plaide …", "Qui a déclaré …": the answer is a person's name. A sentence
that names nobody ("Une chanteuse de soca très populaire a accepté de prêter sa voix", "Ce rapport
est disponible sur le site Internet") does not answer, however close it is to the question; a
capitalised word alone ("Internet", "Kenya") is no person. Whether a question asks for a person
is read from its grammar: a role that only a person holds (a director, a minister, a spokesperson,
a singer) right after the interrogative, or "qui" / "who" as the subject of a verb that only a
person does (to say, to chair, to head, to be appointed).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answering import roles
from assistant.answering.role_words import (
    HELD_IN_NO_BODY,
    ROLE_PHRASES,
    holds_role,
    is_any_role,
    is_role_of,
    phrase_kind,
    role_kind,
)
from assistant.text.country_names import multiword_names, single_word_names, zone_cities
from assistant.text.facts import HOUSE, is_house
from assistant.text.normalize import fold, unify_apostrophes
from assistant.text.terms import is_stopword

# what a person does, after "qui" / "who" as its subject: speaks, chairs, heads, is appointed
_PERSON_VERBS = re.compile(
    r"^(?:(?:a|avait|est|a ete|etait|has|had|is|was|has been)\s+)?"
    r"(?:declar|dit\b|dis\b|affirm|soulign|expliqu|ajout|estim|rappel|averti|plaid|presid|dirig|nomm|design|"
    r"elu\b|elue\b|said|says|stat|warn|explain|add|chair|head|lead|led\b|direct|appoint|named|elected|quoted|"
    r"runs\b|ran\b|manag|succ[eè]d|succeed|remplac|replac|took over|taken over|takes over)"
)
_INTERROGATIVE = re.compile(
    r"\b(?:qui|who|whom|comment s'appell\w*|quel(?:le)?s? est le nom|what is the name|quel(?:le)?s?|which|what)\b"
)
# heading is a person's when what is headed is a body ("Qui dirige la mission de l'OIM à Kiev ?",
# "Who heads the office …"); a project or a study may be led by an organisation ("dirigé par l'OIM")
_HEADS = re.compile(r"^(?:(?:a|has|is)\s+)?(?:dirig\w*|heads?|headed|leads?|led|directs?|directed|runs|ran|manages|managed)\b")
# (first after an elided article too: "l'ONG …", "l'organisation …", not "l'enquête de l'Union …")
_BODY = re.compile(r"^(?:(?:\S+\s+){0,6}?|[ld]')(?:mission|bureau|office|comite|committee|groupe|group|ministere|ministry|"
                   r"agence|agency|division|departement|department|service|unite|unit|delegation|equipe|team|"
                   r"commission|conseil|council|task|oim|iom|organisation|organization|ong|ngo|association|"
                   r"fondation|foundation|institut|institute|reseau|network|syndicat|union)s?\b")
_DETERMINERS = {"le", "la", "les", "l", "du", "de", "des", "d", "un", "une", "the", "a", "an", "of", "est",
                "autre", "autres", "other", "deux", "trois", "two", "three", "etaient",
                "etait", "sont", "is", "was", "are", "were", "actuel", "actuelle", "current", "nouveau",
                "nouvelle", "new", "ce", "cette", "this", "former", "ancien", "ancienne", "ex"}
_WORD = re.compile(r"[\w]+(?:-[\w]+)*")


@lru_cache(maxsize=512)
def person_asked(question: str) -> str | None:
    """The kind of role whose holder's name a question asks ("commissioner" for "Comment
    s'appelle le commissaire …"; "" for any person: "Quel responsable de l'agence … évoque …",
    "Which IOM expert talks …", "Qui a déclaré …", "Who heads the office …"), None when it asks
    no person: "Qui finance …" (a government may), "Quelle entreprise …", "Quelles mesures les
    auteurs préconisent-ils ?" (measures are asked)."""
    folded = fold(unify_apostrophes(question))
    for m in _INTERROGATIVE.finditer(folded):
        if m.group() == "qui" and re.search(r"(?:est-ce|\bce)\s+$", folded[:m.start()]):
            continue  # "qu'est-ce qui explique …", "ce qui" ask for a thing
        rest = folded[m.end():]
        # the role right after the interrogative and its determiners ("quel responsable", "who
        # is the current director"); in English, past up to two qualifiers before it ("which
        # IOM counter-trafficking specialist", "which soca singer"), not past a verb ("which
        # groups does the head …")
        if m.group() in ("qui", "who") and (head := _HEADS.search(rest.strip())) and not _BODY.search(
                rest.strip()[head.end():].strip()):
            continue
        # (and "who is": "Who is Portugal's new national trafficking rapporteur?")
        english = m.group() in ("which", "what", "what is the name") or (m.group() == "who" and re.match(r"\s+(?:is|was|are|were)\b", rest))
        qualifiers = 0
        for w in _WORD.findall(rest)[:8]:
            # (a deputy's role is the role's: "vice-ministre", "vice-présidente")
            kind = role_kind(w[5:] if w.startswith("vice-") else w)
            if kind is not None:
                return kind
            # (a possessive's "s" after "who is" or "what is the name of": "Portugal's rapporteur"
            # is asked; "which news agency's journalists" asks the agency)
            # (but French "qui a jugé": "a" is the verb, not the English article); a deputy's
            # role is the role's ("vice-Premier ministre", "vice-présidente")
            if (w in _DETERMINERS and not (w == "a" and m.group() == "qui")) or (
                    w == "s" and m.group() in ("who", "what is the name")) or w.startswith("vice-") or w == "premier":
                continue
            if not english or is_stopword(w) or qualifiers == 3:
                break
            qualifiers += 1
        if m.group() in ("qui", "who") and _PERSON_VERBS.search(rest.strip()):
            return ""
    return None


def asks_for_person(question: str) -> bool:
    return person_asked(question) is not None



# words of a capitalised run that make it an organisation, an event or a place, not a person
def names_holder(kind: str, text: str) -> bool:
    """Whether ``text`` names a person and a role of ``kind``: where a question after that role's
    holder finds its answer ("Who is the chief executive of …": "…, administratrice déléguée de …")."""
    return holds_role(kind, text) and bool(people_named(text))


_NOT_PERSON = HOUSE | frozenset("""
ministere ministry bureau office fondation foundation comite committee conseil council agence agency
union departement department commission programme program centre center maison house association
coalition service services gouvernement government universite university institut institute tribunal
cour court banque bank fonds fund croix-rouge airlines airline telecom group groupe against trafficking
tech network reseau alliance initiative projet project campagne campaign sommet summit conference journee
day coupe cup world monde police ligne line radio television journal news press presse societe company
partenariat partnership forum festival prix prize award plan strategie strategy
republique republic royaume kingdom etat state province region district ville city port ile island
lac lake mer sea golfe gulf ocean mont mount sud nord est ouest south north east west central centrale
saint sainte san santa
""".split())
# words a contact block writes next to a name
_EDGES = frozenset({"tel", "email", "fax", "mobile", "courriel", "phone"})
# particles of names that are not also French words ("de", "du", "la" join places and bodies too)
_PARTICLES = r"(?:da|del|della|di|do|dos|das|van|von|der|den|ter|bin|ben|ibn|al|el)"
# a capitalised word, not an article and its noun ("L'atelier")
_CAP = r"(?![A-Z]['’])[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ]?[a-zà-öø-ÿ]+)*"
_RUN = re.compile(rf"(?<![\w'’-]){_CAP}(?:\s+(?:{_PARTICLES}\s+)*{_CAP})+")
_TITLED = re.compile(r"(?<![\w-])(?:M\.|Mme|Mlle|Dr|Pr|Mr\.?|Mrs\.?|Ms\.?)\s+[A-ZÀ-ÖØ-Þ][\w'’-]+")


# a body's name follows its kind: "l'association Luz del Alba", "l'ONG Veshi Care", "the NGO Kafa"
_BODY_BEFORE = re.compile(r"\b(?:association|ong|ngo|organisation|organization|fondation|foundation|collectif|reseau|"
                          r"entreprise|societe|compagnie|company|cabinet|agence|agency|cooperative|syndicat|club)\s+$")


def people_named(sentence: str) -> list[str]:
    """The persons a sentence names: a run of two or more capitalised words (particles allowed:
    "Helena Vasconcelos Amaral", "Ong Keng Yong") that is not a place, an organisation or the
    organisation's own name, or a name after a title ("M. Labovitz")."""
    found = [m.group() for m in _TITLED.finditer(sentence)]
    for m in _RUN.finditer(sentence):
        words = [w for w in re.findall(r"[\w'’-]+", m.group()) if not is_stopword(w)]
        while words and fold(words[-1]) in _EDGES:  # "Bakary Sidibé Tél. :" in a contact block
            words.pop()
        names = [fold(w) for w in words if w[:1].isupper()]
        if len(names) < 2 or any(n.strip("'’") in _NOT_PERSON for n in names) or is_place(" ".join(names)):
            continue
        if _BODY_BEFORE.search(fold(sentence[: m.start()])):  # "l'association Luz del Alba" is none
            continue
        found.append(" ".join(words))
    return found


# the French verbs that report what someone said, by their folded stems ("a déclaré", "souligne")
SAYING = "declar|affirm|soulign|expliqu|ajout|estim|rappel|averti|plaid|confi|racont|indiqu|precis"
# said by someone ("explique Jeffrey Labovitz", "a souligné Ana Ruiz", "said Ana Ruiz")
# (not a task entrusted to someone: "confiée à Blue Mahoe Analytics")
_SAID_BY = re.compile(rf"\b(?:{SAYING}|selon|said|says|stated|warned|explained|added|according\s+to)\w*\s+(?:(?!a\s)[a-z]+\s+)?$")


# a word right after a name and a comma, past up to two others: its role ("Jeffrey Labovitz, chef
# de mission", "X, l'ancienne juge")
_WORD_AFTER_NAME = re.compile(r"\s*,\s*(?:[\w'’-]+\s+){0,2}?([\w-]+)")


def people_in_role(sentence: str) -> list[str]:
    """:func:`people_named` that the sentence shows are persons: given a role right after the
    name ("Jeffrey Labovitz, chef de mission"), or said to speak ("explique Jeffrey Labovitz").
    A name that could be an organisation's ("géré par l'association Zara Aina") is not one."""
    found = []
    for name in people_named(sentence):
        at = sentence.find(name)
        if at < 0:  # (its words joined otherwise than the sentence writes them)
            continue
        after = _WORD_AFTER_NAME.match(sentence, at + len(name))
        if (after and is_any_role(fold(after.group(1)))) or _SAID_BY.search(fold(sentence[:at])):
            found.append(name)
    return found


def is_place(folded: str) -> bool:
    """Whether folded words name a place: a known name of several words (with spaces or hyphens:
    "papouasie nouvelle-guinee"), or places every one ("Kenya Ouganda")."""
    if any(f in multiword_names() or f in zone_cities() for f in (folded, folded.replace(" ", "-"))):
        return True
    return all(n in single_word_names() or n in zone_cities() for n in folded.split())


# a name: a capitalised word but the sentence's first, elided or not ("d'Australie")
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-ÖØ-Þ][\wÀ-ÿ-]+")


def new_names(text: str, known: str) -> list[str]:
    """The names ``text`` gives that ``known`` (the question, the quotes already chosen) does not:
    capitalised words, not the house's nor a speaker's pronoun, whose first five letters (folded)
    ``known`` does not hold.
    A question's own names are its topic, not its answer."""
    folded = fold(known)
    return [n for n in NAME.findall(text) if not is_house(n) and fold(n)[:5] not in folded and fold(n) not in _SPEAKING]


def names_not_of_people(text: str, known: str) -> list[str]:
    """:func:`new_names` that are no word of a person's name: a place's, a thing's ("explique
    Brian Otieno Ochieng, originaire de Kakamega": Kakamega)."""
    persons = {w for p in people_named(text) for w in p.split()}
    return [n for n in new_names(text, known) if n not in persons]


# a pronoun or a possessive of the one speaking or spoken to opens a quoted sentence, not a
# name ("« Nous ne racontons pas …", "« Notre rôle est …"); a title may open with an article
# or any other word ("« Les oubliés de la mer »", "« ¿Te ofrecieron un trabajo …? »")
_SPEAKING = frozenset("je nous notre nos vous votre vos mon ma mes il ils elle elles on".split())


def names_someone(sentence: str, question: str) -> bool:
    """Whether ``sentence`` names a person the question does not already name, and the role it
    asks about, if a particular one ("Who is the Director General" is not answered by a
    specialist's name)."""
    asked, kind = fold(question), person_asked(question) or ""
    # (the role of another body: IOM's chief of mission does not head the airports authority)
    if kind not in HELD_IN_NO_BODY and roles.of_another_body(sentence, question, kind):
        return False
    return holds_role(kind, sentence) and any(
        not all(fold(w) in asked for w in name.split()) and not (kind and _other_role(name, sentence, kind))
        for name in people_named(sentence))


# the word right before a name, after an article and past up to two adjectives, or set off by a
# comma: its role ("la comédienne Mirna Giménez Ayala", "le documentariste chilien Andrés Pizarro
# Quiroga", "Le chef du réseau, Tamaz Okropiridze")
_ROLE_BEFORE_NAME = re.compile(r"(?:^|[\s«(])(?i:la|le|les|l['’]|sa|son|ses)\s*((?:[\w-]+)(?:(?:\s+[a-zà-ÿ'’-]+){0,2}\s+"
                               r"|(?:\s+[\w'’-]+){0,3}\s*,\s*))$")
_ARTICLE_AND_WORD = re.compile(r"(?:\b(?:la|le|les|un|une|du|des|au|aux)\s+|\bl['’])([\w-]+)(?:\s+([\w-]+))?")


def _other_role(name: str, sentence: str, kind: str) -> bool:
    """Whether the sentence gives a person another role than one of ``kind``, right after their
    name or right before it ("…, a déclaré Paolo Ventresca, chef de mission de l'OIM, en présence
    de la ministre": the minister asked is not him; "la comédienne Mirna Giménez Ayala … ainsi qu'une
    survivante": the survivor asked is not her)."""
    # (only where the role asked is named as someone else's, with an article: "en présence de la
    # ministre"; "X, cheffe de mission, qui préside le comité" may hold both)
    if not any(is_role_of(kind, w) for m in _ARTICLE_AND_WORD.finditer(fold(sentence)) for w in m.groups() if w):
        return False
    at = sentence.find(name)
    if at < 0:
        return False
    after = _WORD_AFTER_NAME.match(sentence, at + len(name))
    before = _ROLE_BEFORE_NAME.search(sentence[:at])
    # the text each role may open: after the name, or each word of the words before it ("Sa
    # principale recruteuse, …")
    given = [fold(sentence[after.start(1):])] if after else []
    if before:
        words = fold(before.group(1))
        given += [words[m.start():] for m in re.finditer(r"[\w-]+", words)]
    for role_text in given:
        role = phrase_kind(role_text)
        word = re.match(r"[\w-]+", role_text)
        role = role if role is not None else role_kind(word.group()) if word else None
        if role is None:
            continue
        # (a role of several words: "directrice de recherche" is a researcher's rank)
        return not (role == "" or is_role_of(kind, word.group() if word else "") or (
            kind in ROLE_PHRASES and ROLE_PHRASES[kind].match(role_text)))
    return False
