"""The synthetic corpus: release-like ``.txt`` files recombined from the shipped releases.

Paragraphs of different releases are put together; people, places, companies, numbers,
months and titles are varied; a fact or two from templates is inserted; a contact block
closes most of them. Texts stay realistic, so BM25 and the answerer do real work on them.
"""

from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.evaluation.runner import SHIPPED_RELEASES
from assistant.text.normalize import fold
from eval.bench.vocabulary import (
    CITIES,
    COMPANIES,
    COUNTRIES,
    DONORS,
    FACTS,
    FIRST_NAMES,
    LAST_NAMES,
    MONTHS,
    QUOTES,
    REGIONS,
    ROLES,
    SOURCE_CITIES,
    SOURCE_COMPANIES,
    SOURCE_COUNTRIES,
    SOURCE_PEOPLE,
    SOURCE_REGIONS,
    TITLES,
)

if TYPE_CHECKING:
    from assistant.config import Settings


@dataclasses.dataclass(frozen=True)
class Sources:
    """Material taken from the shipped releases: body paragraphs and titles."""

    paragraphs: list[str]
    titles: list[str]

    @classmethod
    def load(cls, folder: Path = SHIPPED_RELEASES) -> Sources:
        """Every body paragraph of 80 characters or more (its dateline removed), and every title."""
        from assistant.ingest.parse import parse_file

        paragraphs: list[str] = []
        titles: list[str] = []
        for path in sorted(folder.glob("*.txt")):
            release = parse_file(path)
            titles.append(release.title)
            for para in release.body.split("\n"):
                para = re.sub(r"^[A-ZÀ-Ö][\w'’ -]{1,30} - (?=[A-ZÀ-Ö«])", "", para.strip())  # a dateline
                if len(para) >= 80:
                    paragraphs.append(para)
        return cls(paragraphs, titles)


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_COUNTRY_RE = re.compile(rf"\b(?:((?i:au|aux|en|à la|à))\s+)?({_alternation(SOURCE_COUNTRIES)})(?![\w-])")
_CITY_RE = re.compile(rf"\b({_alternation(SOURCE_CITIES)})\b")
_REGION_RE = re.compile(rf"\b({_alternation(SOURCE_REGIONS)})\b")
_PEOPLE_RE = re.compile(rf"\b({_alternation(SOURCE_PEOPLE)})\b")
_COMPANY_RE = re.compile(rf"(?<!\w)({_alternation(SOURCE_COMPANIES)})(?!\w)")
_MONTH_RE = re.compile(rf"(?<=[\s\d])({'|'.join(MONTHS)})\b")
_NUMBER_RE = re.compile(r"\d+")


class CorpusGenerator:
    """Release-like ``.txt`` files recombined from the shipped releases.

    Release ``i`` depends only on ``(seed, i)``, so a corpus grows by appending files and
    every run with the same seed writes the same files.
    """

    def __init__(self, settings: Settings, seed: int, sources: Sources | None = None) -> None:
        self.settings = settings
        self.seed = seed
        self.sources = sources or Sources.load()

    @staticmethod
    def release_id(index: int) -> str:
        """The id (file stem) of synthetic release ``index``: ``syn000042``."""
        return f"syn{index:06d}"

    def text(self, index: int) -> str:
        """The file content of synthetic release ``index``: title line, paragraphs, contacts."""
        rng = random.Random(f"{self.seed}:{index}")
        country = rng.choice(COUNTRIES)
        city = rng.choice(CITIES)
        region = rng.choice(REGIONS)
        year = rng.randint(2001, 2024)

        def person() -> str:
            return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

        slots = {
            "in_country": f"{country[0]} {country[1]}", "city": city, "region": region, "year": year,
            "year0": year - rng.randint(2, 15), "company": rng.choice(COMPANIES), "donor": rng.choice(DONORS),
            "n": rng.randint(120, 25000), "m": rng.randint(2, 28), "small": rng.randint(3, 40),
            "pct": rng.randint(5, 60), "years": rng.randint(2, 5), "hotline": rng.randint(100, 9999),
            "month": rng.choice(MONTHS), "quote": rng.choice(QUOTES), "person": person(), "role": rng.choice(ROLES),
        }
        # the release is mostly about one country: the first source country met becomes it
        countries: dict[str, tuple[str, str]] = {}
        people: dict[str, str] = {}
        companies: dict[str, str] = {}

        def sub_country(m: re.Match[str]) -> str:
            new = countries.setdefault(m.group(2), country if not countries else rng.choice(COUNTRIES))
            if not m.group(1):
                return new[1]
            preposition = new[0].capitalize() if m.group(1)[0].isupper() else new[0]
            return f"{preposition} {new[1]}"

        def sub_number(m: re.Match[str]) -> str:
            digits = m.group()
            if len(digits) == 4 and digits[:2] in ("19", "20"):
                return str(rng.randint(1995, 2024))
            if len(digits) == 1:
                return str(rng.randint(1, 9))
            return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))

        def vary(text: str) -> str:
            text = _COUNTRY_RE.sub(sub_country, text)
            text = _CITY_RE.sub(lambda m: city if rng.random() < 0.7 else rng.choice(CITIES), text)
            text = _REGION_RE.sub(lambda m: region, text)
            text = _PEOPLE_RE.sub(lambda m: people.setdefault(m.group(1), person()), text)
            text = _COMPANY_RE.sub(lambda m: companies.setdefault(m.group(1), rng.choice(COMPANIES)), text)
            text = _MONTH_RE.sub(lambda m: rng.choice(MONTHS), text)
            return _NUMBER_RE.sub(sub_number, text)

        def drop_a_sentence(para: str) -> str:
            sentences = re.split(r"(?<=[.!?»])\s+(?=[A-ZÀ-Ö«])", para)
            if len(sentences) > 2 and rng.random() < 0.3:
                del sentences[rng.randrange(len(sentences))]
            return " ".join(sentences)

        paragraphs = [drop_a_sentence(p) for p in rng.sample(self.sources.paragraphs, rng.randint(3, 8))]
        facts = [f.format(**slots) for f in rng.sample(FACTS, rng.randint(1, 3))]
        for fact in facts:
            paragraphs.insert(rng.randint(0, len(paragraphs)), fact)
        body = [vary(p) for p in paragraphs]
        if rng.random() < 0.6:  # a dateline, as the releases of one office have
            body[0] = f"{city}, le {rng.randint(1, 28)} {rng.choice(MONTHS)} {year} - {body[0]}"
        if rng.random() < 0.3:
            title = vary(rng.choice(self.sources.titles))
        else:
            title = rng.choice(TITLES).format(**slots)
        title = title[0].upper() + title[1:]
        lines = [title, "", *"\n\n".join(body).split("\n")]
        if rng.random() < 0.8:
            name = person()
            email = re.sub(r"[^a-z]", "", fold(name.split()[0][0] + name.split()[-1])) + "@iom.int"
            phone = f"+41 22 717 {rng.randint(10, 99)} {rng.randint(10, 99)}"
            if rng.random() < 0.5:
                lines += ["", "Pour plus d'informations, veuillez contacter :", name, f"OIM {city}",
                          f"Tél. : {phone}", f"Email : {email}"]
            else:
                lines += ["", f"Pour plus d'informations, veuillez contacter {name}, OIM {city}, "
                              f"Tél. : {phone}, Email : {email}"]
        return "\n".join(lines) + "\n"

    def chunk_count(self, index: int, text: str) -> int:
        """How many chunks the store will make of this text (the store's own parser and splitter)."""
        from assistant.ingest.chunking import split_release, split_sentences
        from assistant.ingest.parse import parse_text

        release = parse_text(text, self.release_id(index))
        sentences = split_sentences(release)
        return len(split_release(release, sentences, self.settings.chunk_tokens, self.settings.chunk_overlap))

    def write(self, folder: Path, start: int, chunks: int) -> int:
        """Write releases ``start, start+1, …`` until they hold at least ``chunks`` chunks
        (counted with the store's splitter); returns how many files were written."""
        folder.mkdir(parents=True, exist_ok=True)
        total = 0
        index = start
        while total < chunks:
            total += self.chunk_count(index, self.write_one(folder, index))
            index += 1
        return index - start

    def write_one(self, folder: Path, index: int) -> str:
        """Write release ``index`` into ``folder``; returns its text."""
        text = self.text(index)
        (folder / f"{self.release_id(index)}.txt").write_text(text, encoding="utf-8")
        return text

