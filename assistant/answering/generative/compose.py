"""Composing the answer from the verified reply: markers renumbered by first use, each citing
the span of the release that supports its sentence, unsupported markers removed, and the
notice that says what was removed or why the extractive answer stands in."""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass, field

from assistant.answering.generative.citations import CANONICAL, FirstUse
from assistant.answering.generative.verify import Support, Verifier
from assistant.answering.replies import abstention
from assistant.text.facts import states_facts
from assistant.text.normalize import normalize_space
from assistant.types import Answer, Citation

log = logging.getLogger(__name__)

# a run of canonical markers and the white space before it
_MARKER_GROUP = re.compile(r"(\s*)((?:\[\d+\])+)")
# a reply that says the passages do not answer (the model's own abstention, in its words)
_ABSTAINS = re.compile(
    r"ne répondent pas|ne (?:mentionnent|précisent|disent|indiquent|contiennent|donnent|permettent)\b.{0,80}\bpas\b"
    r"|aucun(?:e)? (?:information|passage|mention|indication)|do(?:es)? not (?:answer|mention|say|specify|contain|state|give)"
    r"|no information|not (?:mentioned|specified|stated)",
    re.I | re.S,
)

_NOTICES = {
    "fr": {
        "too_small": "La fenêtre de contexte du modèle ({window} jetons, dont {answer} pour la réponse) ne laisse "
        "place à aucun passage : voici la réponse extractive.",
        "unsupported": "Aucune affirmation du modèle n'est appuyée par le passage qu'elle cite : voici la réponse "
        "extractive, citée mot pour mot.",
        "uncited": "La réponse du modèle ne cite aucun passage : voici la réponse extractive, citée mot pour mot.",
        "partly": "Réponse en partie non vérifiée : {details}.",
        "removed": "référence retirée de « {claim} » ({reason})",
        "dropped": "référence à un passage inexistant retirée ({numbers})",
        "uncited_claim": "« {claim} » ne cite aucun passage",
        "instruction": "phrase retirée, « {claim} » : elle reprend une consigne écrite dans un communiqué ({what})",
    },
    "en": {
        "too_small": "The model's context window ({window} tokens, {answer} of them for the answer) leaves no room "
        "for a passage: here is the extractive answer.",
        "unsupported": "No statement of the model is supported by the passage it cites: here is the extractive "
        "answer, quoted word for word.",
        "uncited": "The model's answer cites no passage: here is the extractive answer, quoted word for word.",
        "partly": "Partly unverified answer: {details}.",
        "removed": "reference removed from “{claim}” ({reason})",
        "dropped": "reference to a passage that does not exist removed ({numbers})",
        "uncited_claim": "“{claim}” cites no passage",
        "instruction": "sentence removed, “{claim}”: it repeats an instruction written in a release ({what})",
    },
}


def notice(key: str, language: str, **values: object) -> str:
    """A notice shown with a generative answer, in French or else English:
    ``notice("uncited_claim", "fr", claim="Le numéro est le 527")`` → "« Le numéro est le 527 » ne cite aucun passage"."""
    return _NOTICES["fr" if language == "fr" else "en"][key].format(**values)


def fallback(extractive: Answer, why: str) -> Answer:
    """The extractive answer standing in for the model's, with the notice saying why."""
    return dataclasses.replace(extractive, notice=why)


def _short(claim: str, limit: int = 70) -> str:
    return claim if len(claim) <= limit else claim[:limit].rsplit(" ", 1)[0] + " …"


@dataclass
class Composer:
    """Builds the answer sentence by sentence: verified markers renumbered by first use, the
    others removed and noted."""

    verifier: Verifier
    citations: dict[tuple[str, int, int], Citation] = field(default_factory=dict)
    numbering: FirstUse = field(default_factory=FirstUse)
    parts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    supported: int = 0
    cited: int = 0

    def add(self, sentence: str, separator: str) -> str:
        """The text to show for one sentence of the reply (and the separator after it)."""
        language = self.verifier.language
        claim = normalize_space(_MARKER_GROUP.sub("", sentence))
        obeyed = self.verifier.repeats_instruction(claim)
        if obeyed:  # not shown at all, cited or not
            what = ", ".join(f"« {x} »" for x in obeyed)
            self.problems.append(notice("instruction", language, claim=_short(claim), what=what))
            return ""
        if not _MARKER_GROUP.search(sentence):
            if claim and states_facts(claim):
                self.problems.append(notice("uncited_claim", language, claim=_short(claim)))
            return self._emit(sentence + separator)
        self.cited += 1
        numbers = list(dict.fromkeys(int(n) for n in CANONICAL.findall(sentence)))
        verdicts = {n: self.verifier.check(claim, n) if claim else Support(None, problem="empty") for n in numbers}
        for verdict in verdicts.values():
            if not verdict.ok:
                self.problems.append(notice("removed", language, claim=_short(claim), reason=verdict.problem))
        if any(v.ok for v in verdicts.values()):
            self.supported += 1

        def rewrite(m: re.Match) -> str:
            kept = [self._number(verdicts[int(n)]) for n in re.findall(r"\d+", m.group(2)) if verdicts[int(n)].ok]
            kept = list(dict.fromkeys(kept))
            return m.group(1) + "".join(f"[{k}]" for k in kept) if kept else ""

        return self._emit(_MARKER_GROUP.sub(rewrite, sentence) + separator)

    def _number(self, support: Support) -> int:
        p = support.passage
        key = (p.release_id, support.start, support.end)
        if key not in self.citations:
            self.citations[key] = Citation(
                release_id=p.release_id,
                title=p.title,
                quote=p.release_text[support.start : support.end],
                score=support.score,
                start=support.start,
                end=support.end,
                chunk_id=p.chunk_id,
            )
        return self.numbering.number(key)

    def _emit(self, piece: str) -> str:
        if not self.parts:
            piece = piece.lstrip()
        if piece:
            self.parts.append(piece)
        return piece

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()

    def answer(self, question: str, language: str, extractive: Answer) -> Answer:
        """The final answer: the composed text and its citations, flagged when a marker or a
        sentence was removed; the model's abstention as ours; the extractive answer with a
        notice when no claim was supported."""
        if not self.supported:
            if not self.cited and _ABSTAINS.search(self.text):
                return abstention(question, language)
            key = "unsupported" if self.cited or self.problems else "uncited"
            log.info("no supported claim in the model's answer (%s): extractive fallback", "; ".join(self.problems))
            return fallback(extractive, notice(key, language))
        citations = [self.citations[key] for key in self.numbering.order]
        partly = notice("partly", language, details="; ".join(self.problems)) if self.problems else ""
        return Answer(
            text=self.text,
            citations=citations,
            abstained=False,
            question=question,
            language=language,
            verified=not self.problems,
            notice=partly,
        )
