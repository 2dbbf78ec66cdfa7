"""The words of the roles a person holds, by kind: a director, a minister, a judge, a singer;
any official ("responsable", "expert"); a person named by their trade or their part in a case
("infirmière", "recruteur"). Whether a word names one (:func:`role_kind`, :func:`is_role_of`) and
whether a sentence names a role (:func:`holds_role`). Read by :mod:`assistant.answering.people`
(who is asked, who is named) and :mod:`assistant.answering.roles` (in which body)."""

from __future__ import annotations

import re

from assistant.text.normalize import fold

_WORD = re.compile(r"[\w]+(?:-[\w]+)*")

# roles only a person holds, folded, by kind: the French and English words of a kind (singular
# and plural, both genders) name the same role, so a sentence giving one answers a question
# asking another ("chef de mission" for "Who is IOM's chief of mission")
_ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "head": ("directeur", "directrice", "chef", "cheffe", "director", "chief", "head", "dirige", "dirigeant",
             "dirigeante", "patron", "patronne", "leader", "leads", "pdg", "ceo", "ringleader"),
    "chair": ("president", "presidente", "preside", "chair", "chairman", "chairwoman", "chairperson"),
    "commissioner": ("commissaire", "haut-commissaire", "commissioner"),
    "minister": ("ministre", "minister"),
    "coordinator": ("coordinateur", "coordinatrice", "coordonnateur", "coordonnatrice", "coordinator"),
    "spokesperson": ("porte-parole", "spokesperson", "spokesman", "spokeswoman"),
    "ambassador": ("ambassadeur", "ambassadrice", "ambassador"),
    "secretary": ("secretaire", "secretaire-general", "secretary", "secretary-general"),
    "mayor": ("maire", "mayor"),
    "governor": ("gouverneur", "gouverneure", "governor"),
    "judge": ("juge", "judge", "magistrat", "magistrate"),
    "prosecutor": ("procureur", "procureure", "prosecutor"),
    "founder": ("fondateur", "fondatrice", "founder"),
    "author": ("auteur", "auteure", "autrice", "coauteur", "coauteure", "coautrice", "co-auteur", "co-auteure",
               "co-autrice", "author", "coauthor", "co-author"),
    "singer": ("chanteur", "chanteuse", "singer"),
    "artist": ("artiste", "artist"),
    "winner": ("laureat", "laureate", "gagnant", "gagnante", "vainqueur", "winner"),
    "journalist": ("journaliste", "journalist"),
    "researcher": ("chercheur", "chercheuse", "researcher", "sociologue", "anthropologue", "economiste", "demographe",
                   "statisticien", "statisticienne", "universitaire", "professeur", "professeure", "enseignant-chercheur",
                   "enseignante-chercheuse", "scholar", "academic", "sociologist", "anthropologist", "economist",
                   "demographer", "statistician", "professor", "lecturer", "scientist"),
    "rapporteur": ("rapporteur", "rapporteure", "rapporteuse"),
    "captain": ("capitaine", "captain", "skipper"),
    "coach": ("entraineur", "entraineuse", "selectionneur", "selectionneuse", "coach"),
    "lawyer": ("avocat", "avocate", "lawyer", "attorney"),
    "doctor": ("medecin", "docteur", "doctor", "physician"),
    "inspector": ("inspecteur", "inspectrice", "inspector"),
    "investigator": ("enqueteur", "enquetrice", "investigator"),
    # people a release may mention by their part in a case, unnamed ("un recruteur angolais")
    "recruiter": ("recruteur", "recruteuse", "recruiter"),
    "smuggler": ("passeur", "passeuse", "smuggler"),
    "trafficker": ("trafiquant", "trafiquante", "trafficker"),
    "survivor": ("survivant", "survivante", "survivor"),
    "witness": ("temoin", "witness"),
}
# roles any official may hold, whatever the release calls them ("Quel responsable …" is answered
# by a vice-minister, "Which IOM official …" by a specialist): a person is asked, no kind
_ANY_ROLE = frozenset("""
representant representante fonctionnaire expert experte specialiste responsable personne officier
conseiller conseillere administrateur administratrice delegue deleguee envoye envoyee depute deputee
senateur senatrice representative official expert specialist person officer adviser advisor envoy
manager deputy mp parlementaire parliamentarian lawmaker legislator militant militante activiste activist campaigner femme homme woman man
infirmier infirmiere nurse enseignant enseignante instituteur institutrice teacher policier policiere policeman policewoman
etudiant etudiante student finaliste finalist nominee
""".split())
_KIND_OF = {form: kind for kind, forms in _ROLE_KINDS.items() for form in forms}
# roles that are each a kind of a broader one: a rapper or a painter answers "Avec quel artiste …"
_ARTS = {"rapper": ("rappeur", "rappeuse", "rapper"), "musician": ("musicien", "musicienne", "musician"),
         "composer": ("compositeur", "compositrice", "composer"), "painter": ("peintre", "painter"),
         "actor": ("acteur", "actrice", "actor", "actress", "comedien", "comedienne"),
         "photographer": ("photographe", "photographer"), "writer": ("ecrivain", "ecrivaine", "writer"),
         "filmmaker": ("cineaste", "realisateur", "realisatrice", "documentariste", "filmmaker", "documentarian"), "poet": ("poete", "poetesse", "poet")}
_KIND_OF.update({form: kind for kind, forms in _ARTS.items() for form in forms})
_BROADER = dict.fromkeys(["singer", *_ARTS], "artist")
# roles a person holds in no body a question may ask about: an artist of any art, an author, a
# winner, a founder ("Which artist is the face of the IOM campaign?" asks no IOM artist)
HELD_IN_NO_BODY = frozenset({"artist", *_BROADER, "author", "winner", "founder"})


def is_any_role(word: str) -> bool:
    """Whether a folded word names a role a person holds, of any kind ("cheffe", "experts")."""
    return role_kind(word) is not None


def role_kind(word: str) -> str | None:
    """The kind of role a folded word names ("" for any official), None if it names none; a
    plural is its singular's ("directeurs", "experts")."""
    for w in (word, word[:-1] if word.endswith("s") else word):
        if w in _KIND_OF:
            return _KIND_OF[w]
        if w in _ANY_ROLE:
            return ""
    return None



# roles named in several words: a company's chief executive, in Belgium and France; a
# researcher's rank ("maître de conférences", "directrice de recherche", "chargé de recherches")
ROLE_PHRASES = {
    "head": re.compile(r"\badministrat(?:eur|rice)s?\s+delegue(?:e|s|es)?\b"),
    # a press or communication officer speaks for their body
    "spokesperson": re.compile(r"\bcharge(?:e|s|es)?\s+de\s+(?:la\s+)?(?:communication|presse|relations\s+(?:publiques|"
                               r"avec\s+les\s+medias))\b|\b(?:communications?|press|media)\s+officer\b"),
    "researcher": re.compile(r"\b(?:maitres?(?:se)?\s+de\s+conferences|(?:directeur|directrice|charge|chargee)s?\s+de\s+"
                             r"recherches?|research\s+(?:fellow|director|associate))\b"),
}


def phrase_kind(folded: str) -> str | None:
    """The kind of the role of several words ``folded`` opens with ("chargée de communication de
    l'OIM": a spokesperson), None if it opens with none."""
    return next((kind for kind, phrase in ROLE_PHRASES.items() if phrase.match(folded)), None)


def holds_role(kind: str, sentence: str) -> bool:
    """Whether a sentence names a role of ``kind`` (any, for "")."""
    if kind in ROLE_PHRASES and ROLE_PHRASES[kind].search(fold(sentence)):
        return True
    return not kind or any(is_role_of(kind, w) for w in _WORD.findall(fold(sentence)))


def is_role_of(kind: str, word: str) -> bool:
    """Whether a folded word names a role of ``kind`` (singular or plural)."""
    return any(k is not None and kind in (k, _BROADER.get(k)) for k in (_KIND_OF.get(word), _KIND_OF.get(word[:-1])))

