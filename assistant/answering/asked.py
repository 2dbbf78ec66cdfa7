"""What a question asks, read once from its words before any release is read: the kind of fact
(a count, a date, a person), what a count counts and for which years, the names and numbers it
pins down, the places it asks about, the particular things a sentence must give; and the weight
of each of its terms in the term overlap."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering import contact_asked as contacts
from assistant.answering import figures, naming, particulars, people, qualifiers, roles, slots, years
from assistant.answering.specifics import specific_terms
from assistant.text.funding import asks_for_funder, payer_asked
from assistant.text.geography import Places, places_asked
from assistant.text.normalize import spelled_out
from assistant.text.tense import asks_about_future, asks_for_result
from assistant.text.terms import content_terms, detect_language


@dataclass(frozen=True)
class Asked:
    question: str  # what was retrieved with: the question, or a follow-up condensed with the one before
    current: str  # the question as the user typed it
    asked: str  # what it asks of ("Et en 2024 ?" asks what the question before it asked)
    qtype: str  # the kind of fact asked (:func:`assistant.answering.slots.question_type`)
    terms: list[str]  # its content terms, the predicate first
    specifics: list[str]  # the numbers and names it pins down
    typed: frozenset[str]  # of them, those the question as typed gives (a follow-up's own)
    funder: bool  # "Qui paie …", "Who funded …", "Et pour l'Indonésie ?"
    contact: bool  # a press contact asked
    hotline: bool  # a hotline asked (a press office's line is none)
    things: list[str]  # what a count counts ("victimes")
    rest: frozenset[str]  # a French count's other words (not the thing, nor its names and numbers)
    asked_as: list[str]  # a count asked as an average or per period ("en moyenne", "each year")
    years: list[str]  # the years a count or an amount is asked for
    required: tuple  # what a sentence must give: a recommendation, a court's sentence, a site
    payer: str  # who gave the sum asked ("Combien l'Australie …")
    named: list[str]  # whom a naming question asks the name of ("auteurs")
    country_asked: bool  # "Dans quels pays …": a country is the answer
    tense: tuple[bool, bool]  # asked about the future; asked for what something showed
    role: str | None  # a role whose holder is asked ("head"; "" for anyone in a role)
    house: bool  # anyone in a role of IOM's asked
    places: Places  # the countries asked about, with those of a region it names
    numbers: frozenset[str]  # the figures the question writes
    english: bool
    years_named: frozenset[str]  # the years the question (with the one before) names ("en 2020")

    @property
    def follow_up(self) -> bool:
        return self.current != self.question

    @property
    def pinned(self) -> list[str]:
        """The names and numbers the question as typed pins down, in their order."""
        return [t for t in self.specifics if t in self.typed]

    @property
    def for_country(self) -> bool:
        """A count or an amount asked for countries (not for a region)."""
        return self.qtype in ("how_many", "amount") and bool(self.places) and not self.places.regions


def read_question(question: str, current: str | None = None) -> Asked:
    """What ``question`` asks (a follow-up's condensed query); ``current``, the question as the
    user typed it, decides what kind of fact is asked (an elliptical follow-up, "Et en 2024 ?",
    asks what the question before it asked)."""
    question, current = spelled_out(question), spelled_out(current or question)
    asked = slots.kind_asked_in(current, question)
    qtype = slots.question_type(asked)
    counted = qtype in ("how_many", "amount")
    specifics = specific_terms(question)
    things = figures.counted_things(current) if qtype == "how_many" else []
    english = detect_language(current) == "en"
    role = people.person_asked(current) if qtype == "who" else None
    funder = qtype == "who" and asks_for_funder(asked)
    contact, hotline = contacts.contact_or_hotline(current, question, asked, qtype)
    return Asked(
        question=question, current=current, asked=asked, qtype=qtype,
        terms=content_terms(question),
        specifics=specifics,
        typed=frozenset(specific_terms(current) if current != question else specifics),
        funder=funder, contact=contact, hotline=hotline,
        things=things,
        rest=(frozenset(set(content_terms(current)) - set(content_terms(" ".join(things + specifics))))
              if things and not english else frozenset()),
        asked_as=qualifiers.qualifiers_asked(current) if counted else [],
        years=years.asked_years(current) if counted else [],
        required=tuple(particulars.required(current, qtype)),
        payer=payer_asked(current) if qtype == "amount" else "",
        named=naming.named_things(current),
        country_asked=qtype == "where" and slots.asks_for_countries(current),
        tense=(qtype != "when" and asks_about_future(current), asks_for_result(current)),  # ("quand" reads its dates)
        role=role,
        house=role == "" and roles.names_house_role(current),
        places=places_asked(question),
        numbers=slots.figures_in(current),
        english=english,
        years_named=frozenset(years.asked_years(question)),
    )


@dataclass(frozen=True)
class TermWeights:
    """The question's terms weighted for the term overlap: IDF, the predicate ("finance" in "Qui
    finance …") weighing more, the rest being the topic; a follow-up's own words say what is
    asked now, those carried from the question before ("What did IOM join in Geneva? Who are its
    founding members?") what it is about (an elliptical one, "Et en 2024 ?", asks what the
    question before asked: all of it counts)."""

    weight: dict[str, float]
    own: list[str]  # a follow-up's own terms
    predicate: str
    total: float

    def share(self, held: set[str]) -> float:
        """The weighted share of the question's terms that ``held`` holds."""
        return sum(w for t, w in self.weight.items() if t in held) / self.total


def term_weights(asked: Asked, idf: dict[str, float], carried: float, focus: float) -> TermWeights:
    """``asked``'s terms by their ``idf`` (the rarest for a term the releases lack); those a
    follow-up carries from the question before times ``carried``, the predicate times
    ``1 + focus``."""
    default_idf = max(idf.values(), default=1.0)
    weight = {t: idf.get(t, default_idf) for t in asked.terms}
    own = ([t for t in content_terms(asked.current) if t in weight]
           if asked.asked == asked.current != asked.question else [])
    for t in weight.keys() - set(own) if own else ():
        weight[t] *= carried
    predicate = own[0] if own else asked.terms[0]
    weight[predicate] *= 1 + focus
    return TermWeights(weight, own, predicate, sum(weight.values()) or 1.0)
