"""Scale benchmark: ``python -m eval.bench [--sizes 1000,10000,100000] [--ingest-chunks 1000]``.

Two parts, in one run, every heavy step in its own subprocess (so that each peak memory
figure is that step's own):

(a) **Ingest.** A synthetic corpus of about ``--ingest-chunks`` chunks is generated from the
    shipped releases (paragraphs of different releases recombined, people, places,
    companies, numbers, months and titles varied, a contact block most of the time) and
    ingested through the real ``AssistantService.ingest`` into a fresh store, embedded for
    real. Measured: chunks/s and tiktoken tokens/s (of every text embedded: chunks with
    their title, sentences, titles), the share of the ingest time spent inside
    ``passage_vectors``, then the time to re-ingest the unchanged folder.

(b) **Questions against size.** For each size (ascending), the store grows to about that many
    chunks: part (a)'s store is the base, and further synthetic releases are added with
    vectors *derived* from the real vectors of part (a) instead of computed (embedding
    100k chunks takes hours on two cores). A text identical to a base text gets that
    text's real vector; any other text gets the real vector of the base text sharing the
    most words with it (IDF-weighted cosine over hashed, accent-folded words), plus
    Gaussian noise (sigma 0.02 per dimension, seeded by the text), L2-normalised. Texts
    stay realistic, so BM25 and the answerer do real work. The releases are parsed and
    split by the store's own functions and written with the records ``ReleaseStore.put``
    writes, batched across releases (:class:`BulkWriter`: ``put`` costs several Chroma
    calls per release, hours at 100k chunks); one release per size goes through ``put``
    itself and the two are compared, and the BM25 index is rebuilt by the store's own
    code. The unchanged re-ingest measured afterwards (every release recognised, nothing
    embedded) checks the records too. For each size, on the same store: question latency
    p50/p95 for retrieval alone (``service.retrieve``, query embedding included), for a full
    extractive answer (``service.ask``) and for the plain llama-index path
    (``VectorStoreIndex.from_vector_store(...).as_retriever().retrieve``, its own query
    embedding included) as the reference, with our figures as ratios to it; a p50
    breakdown (query embedding, dense, BM25, answerer); the first question of a fresh
    process; the unchanged re-ingest of the whole corpus; store size on disk; peak memory
    (``VmHWM``, the resident high-water mark of the measuring process).

Writes ``bench.json`` and ``bench.png`` (latency against corpus size) to ``--out``
(default ``eval/reports/bench/``) and prints a table and the issue's targets, met or not.
Timings are wall-clock on whatever else the machine is doing: the load average is recorded.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.evaluation.runner import percentile
from assistant.text.normalize import fold

if TYPE_CHECKING:  # heavy imports happen in the workers only: the orchestrating process stays small
    import numpy as np

    from assistant.config import Settings
    from assistant.index.embedding import E5Embedding

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "store" / "releases"
DEFAULT_OUT = ROOT / "eval" / "reports" / "bench"
NOISE_SIGMA = 0.02
HASH_DIMS = 4096

# ------------------------------------------------------------------------- vocabulary

FIRST_NAMES = [
    "Amélie", "Antoine", "Camille", "Claire", "Élodie", "François", "Hélène", "Jean-Baptiste", "Julien",
    "Léa", "Louis", "Manon", "Mathilde", "Nicolas", "Pauline", "Pierre", "Sophie", "Thomas", "Yasmine",
    "Aminata", "Moussa", "Fatou", "Ibrahim", "Olena", "Dmytro", "Maria", "Carlos", "Ana", "Lucía",
    "John", "Sarah", "Michael", "Emily", "David", "Rachel", "James", "Laura", "Kevin", "Grace", "Hannah",
]
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Girard", "Fontaine", "Rousseau",
    "Diallo", "Traoré", "Koné", "Ndiaye", "Mensah", "Okafor", "Kovalenko", "Shevchenko", "Popescu", "Horvat",
    "García", "Rodríguez", "Fernández", "Silva", "Nguyen", "Tran", "Sok", "Santos", "Reyes", "Haddad",
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Anderson", "Clarke", "Murphy", "O'Brien", "Kowalski",
]
# (French "in" preposition, name)
COUNTRIES = [
    ("en", "Ukraine"), ("au", "Cambodge"), ("en", "Indonésie"), ("aux", "Philippines"), ("en", "Thaïlande"),
    ("au", "Niger"), ("au", "Mali"), ("au", "Sénégal"), ("en", "Guinée"), ("au", "Nigéria"), ("au", "Ghana"),
    ("en", "Côte d'Ivoire"), ("au", "Burkina Faso"), ("au", "Tchad"), ("en", "Libye"), ("en", "Tunisie"),
    ("au", "Maroc"), ("en", "Égypte"), ("en", "Éthiopie"), ("au", "Kenya"), ("en", "Somalie"), ("au", "Soudan"),
    ("au", "Cameroun"), ("à", "Madagascar"), ("en", "Haïti"), ("en", "Jamaïque"), ("aux", "Bahamas"),
    ("à la", "Barbade"), ("au", "Guatemala"), ("au", "Honduras"), ("au", "Mexique"), ("en", "Colombie"),
    ("au", "Pérou"), ("en", "Bolivie"), ("au", "Brésil"), ("en", "Moldavie"), ("en", "Roumanie"),
    ("en", "Bulgarie"), ("en", "Albanie"), ("au", "Kosovo"), ("en", "Serbie"), ("en", "Grèce"), ("en", "Italie"),
    ("en", "Turquie"), ("au", "Liban"), ("en", "Jordanie"), ("en", "Irak"), ("en", "Afghanistan"),
    ("au", "Pakistan"), ("au", "Bangladesh"), ("au", "Népal"), ("en", "Inde"), ("au", "Sri Lanka"),
    ("au", "Myanmar"), ("au", "Laos"), ("au", "Viet Nam"), ("en", "Malaisie"), ("au", "Timor-Leste"),
    ("en", "Papouasie-Nouvelle-Guinée"), ("aux", "Fidji"), ("au", "Kazakhstan"), ("au", "Tadjikistan"),
    ("en", "Géorgie"), ("en", "Arménie"), ("au", "Bélarus"), ("en", "Lituanie"), ("en", "Guyana"),
]
CITIES = [
    "Genève", "Bangkok", "Washington", "Kiev", "Vientiane", "Dakar", "Niamey", "Bamako", "Abidjan", "Lagos",
    "Accra", "Tunis", "Rabat", "Addis-Abeba", "Nairobi", "Kinshasa", "Yaoundé", "Port-au-Prince", "Kingston",
    "Bogota", "Lima", "La Paz", "Brasilia", "Chisinau", "Bucarest", "Sofia", "Tirana", "Pristina", "Belgrade",
    "Athènes", "Rome", "Ankara", "Beyrouth", "Amman", "Bagdad", "Kaboul", "Islamabad", "Dacca", "Katmandou",
    "New Delhi", "Colombo", "Yangon", "Hanoï", "Kuala Lumpur", "Dili", "Port Moresby", "Suva", "Astana",
    "Tbilissi", "Erevan", "Minsk", "Vilnius", "Bruxelles", "Vienne", "Manille", "Jakarta", "Phnom Penh",
]
REGIONS = [
    "Caraïbes", "Asie du Sud-Est", "Afrique de l'Ouest", "Corne de l'Afrique", "Balkans occidentaux",
    "Amérique centrale", "Sahel", "Asie centrale", "Pacifique", "Afrique australe", "Méditerranée",
]
COMPANIES = [
    "Orange", "Vodafone", "MTN", "Airtel", "Safaricom", "Telefónica", "Ericsson", "Google", "IBM", "Accenture",
    "Salesforce", "Deloitte", "Thomson Reuters", "Air France", "Ethiopian Airlines", "Emirates",
    "Qatar Airways", "Kenya Airways", "Agence France-Presse", "Reuters", "Digicel", "Lifecell", "Viettel",
    "Smart Communications", "Globe Telecom", "Microsoft", "Nokia", "British Telecom", "Uber", "Booking.com",
]
DONORS = [
    "l'Union européenne", "le gouvernement du Canada", "le Département d'État américain",
    "le ministère néerlandais de la Justice", "la Confédération suisse", "le Royaume-Uni", "le Japon",
    "la Norvège", "l'Allemagne", "la Suède", "l'Australie", "la Banque mondiale",
]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
ROLES = ["chef de mission de l'OIM", "spécialiste de la lutte contre la traite de l'OIM",
         "coordinatrice du programme de l'OIM", "directeur régional de l'OIM", "responsable de la protection de l'OIM"]
QUOTES = [
    "Aucun pays ne peut lutter seul contre la traite : la coopération régionale est indispensable",
    "Les victimes doivent être identifiées plus tôt et mieux protégées",
    "Ce partenariat montre ce que le secteur privé peut apporter à la lutte contre l'exploitation",
    "Nous avons besoin de données fiables pour orienter nos interventions",
    "Chaque appel reçu peut sauver une vie",
]

# what the shipped releases name, and what it becomes
SOURCE_COUNTRIES = ["Papouasie Nouvelle-Guinée", "Antilles néerlandaises", "Sainte-Lucie", "Cambodge", "Indonésie",
                    "Philippines", "Thaïlande", "Ukraine", "Bahamas", "Barbade", "Guyana", "Jamaïque"]
SOURCE_CITIES = ["Genève", "Vientiane", "Washington", "Kiev", "Bangkok"]
SOURCE_REGIONS = ["Caraïbes", "Caraïbe", "Asie"]
SOURCE_PEOPLE = ["Laura Okkonen", "Anh Nguyen", "Ong Keng Yong", "Kristen Dadey", "John McGeoghan", "Jeffrey Labovitz"]
SOURCE_COMPANIES = ["British Telecom (BT)", "Micorsoft", "Nokia", "Astelit", "KyivStar GSM", "UMC",
                    "Caribbean Airlines (anciennement BWIA)", "Air Jamaica", "Associated Press"]

TITLES = [
    "L'OIM lance une campagne contre la traite {in_country}",
    "{company} et l'OIM s'associent pour lutter contre la traite {in_country}",
    "Traite des êtres humains : l'OIM publie un rapport sur la situation {in_country}",
    "{n} victimes de la traite assistées par l'OIM {in_country} en {year}",
    "Un numéro gratuit contre la traite lancé {in_country}",
    "L'OIM forme {n} agents à l'identification des victimes à {city}",
    "Sensibilisation à la traite des êtres humains dans la région {region}",
    "Plus de {small} ans d'expérience en matière de lutte contre la traite {in_country}",
    "Les opérateurs de téléphonie mobile {in_country} participent à la lutte contre la traite",
    "{donor} finance un nouveau programme de l'OIM contre la traite {in_country}",
]
FACTS = [
    "En {year}, l'OIM a assisté {n} victimes de la traite {in_country}, dont {pct} pour cent d'enfants.",
    "Le numéro gratuit {hotline} permet de signaler les cas de traite {in_country} depuis {month} {year}.",
    "« {quote} », a déclaré {person}, {role} {in_country}.",
    "Le programme, doté de {small} millions de dollars, est financé par {donor} pour une durée de {years} ans.",
    "Au total, {n} agents de police et {m} travailleurs sociaux ont été formés à {city} à l'identification des victimes.",
    "{company} mettra à disposition {m} téléphones et une plateforme de signalement en ligne {in_country}.",
    "Selon les estimations, {n} personnes ont été victimes de la traite {in_country} entre {year0} et {year}.",
    "Une conférence régionale réunira à {city} les {m} {month} des représentants de {small} pays de la région {region}.",
]

QUESTIONS = [
    "Qui finance la campagne de sensibilisation contre la traite en Jamaïque ?",
    "Combien de victimes de la traite l'OIM a-t-elle assistées en Ukraine ?",
    "Quel numéro gratuit permet de signaler les cas de traite au Cambodge ?",
    "Quelles entreprises ont rejoint la coalition Tech Against Trafficking ?",
    "Qui est le chef de mission de l'OIM au Niger ?",
    "Combien de personnes vivent en situation d'esclavage moderne dans le monde ?",
    "Quand le rapport sur la traite en Indonésie a-t-il été rendu public ?",
    "Combien d'agents de police ont été formés à Dakar ?",
    "Quels opérateurs de téléphonie mobile ont lancé un numéro gratuit au Kenya ?",
    "Dans quels pays de la région les communiqués ont-ils été diffusés à la télévision ?",
    "Quel est le montant du programme financé par l'Union européenne ?",
    "Qui contacter à l'OIM Bangkok pour plus d'informations ?",
    "Quelles formes de traite ont été identifiées par l'évaluation régionale ?",
    "Pourquoi l'OIM fournit-elle un guide pour la gestion des services téléphoniques ?",
    "Combien de départements du gouvernement détiennent des données sur la traite au Cambodge ?",
    "Dans quels secteurs les victimes de la traite sont-elles le plus souvent exploitées ?",
    "Où se tiendra la session à huis clos avec les ambassades partenaires ?",
    "Combien de femmes travaillent à l'étranger selon les estimations de l'OIM ?",
    "Quelle compagnie aérienne publiera l'affiche de l'OIM contre la traite ?",
    "Depuis quand l'OIM mène-t-elle des activités de sensibilisation en Moldavie ?",
    "Quelle est l'adresse e-mail du bureau de l'OIM à Genève ?",
    "À quels processus multilatéraux l'OIM contribue-t-elle contre la traite ?",
    "Who funds the anti-trafficking awareness campaign in the Caribbean?",
    "How many trafficking victims did IOM assist in Ukraine?",
    "Which mobile operators launched a toll-free number against trafficking?",
    "What will the Tech Against Trafficking coalition map in 2018?",
    "How many people were freed after a boat was tracked off Papua New Guinea?",
    "Who is IOM's chief of mission in Nigeria?",
    "When will the agreement with the mobile operators be signed?",
    "What assistance does IOM give to victims of trafficking?",
]

# ------------------------------------------------------------------------- small helpers


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - not on Linux
        return []


def peak_memory_mb() -> float:
    """The resident-set high-water mark of this process (``VmHWM``).

    Not ``ru_maxrss``: on Linux that one survives ``exec`` and so also holds the
    parent's resident size at the fork; ``VmHWM`` belongs to this address space only.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not on Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def disk_usage_mb(path: Path) -> float:
    """What ``du`` says of a directory, in MB (allocated blocks, not apparent sizes)."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
            except OSError:
                pass
    return total / 1e6


def summary_ms(seconds: list[float]) -> dict[str, float]:
    ms = [1000 * s for s in seconds]
    return {"p50": round(percentile(ms, 50), 2), "p95": round(percentile(ms, 95), 2),
            "mean": round(statistics.fmean(ms), 2), "n": len(ms)}


def bench_settings(store_dir: Path) -> Settings:
    """The user's settings (chunk size, retriever …) on an embedded store at ``store_dir``."""
    from assistant.config import Settings

    return dataclasses.replace(Settings.from_env().replace(store_dir=store_dir), chroma_url=None)


# ------------------------------------------------------------------------- synthetic corpus


@dataclasses.dataclass(frozen=True)
class Sources:
    """Material taken from the shipped releases: body paragraphs and titles."""

    paragraphs: list[str]
    titles: list[str]

    @classmethod
    def load(cls, folder: Path = SHIPPED) -> Sources:
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
        text = self.text(index)
        (folder / f"{self.release_id(index)}.txt").write_text(text, encoding="utf-8")
        return text


# ------------------------------------------------------------------------- embedders


class TimedEmbedding:
    """Wraps the store's embedder: times ``passage_vectors`` and keeps every text and vector."""

    def __init__(self, inner: E5Embedding) -> None:
        self.inner = inner
        self.seconds = 0.0
        self.texts: list[str] = []
        self.vectors: list[np.ndarray] = []

    def passage_vectors(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        vectors = self.inner.passage_vectors(texts)
        self.seconds += time.perf_counter() - started
        self.texts.extend(texts)
        self.vectors.append(vectors)
        return vectors

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class VectorLibrary:
    """The real passage vectors of part (a), looked up by text or by word overlap."""

    def __init__(self, texts: list[str], vectors: np.ndarray, dims: int = HASH_DIMS) -> None:
        import numpy as np

        self.vectors = vectors
        self.dims = dims
        self._exact = {t: i for i, t in enumerate(texts)}
        self._buckets: dict[str, int] = {}
        features = [self._features(t) for t in texts]
        df = np.zeros(dims, dtype=np.float32)
        for idx, _ in features:
            df[idx] += 1
        self._idf = np.log1p(len(texts) / np.maximum(df, 1)).astype(np.float32)
        self._matrix = np.zeros((dims, len(texts)), dtype=np.float32)  # bucket-major: one row per word bucket
        for j, (idx, tf) in enumerate(features):
            weights = tf * self._idf[idx]
            self._matrix[idx, j] = weights / (np.linalg.norm(weights) or 1.0)

    @classmethod
    def load(cls, folder: Path) -> VectorLibrary:
        import numpy as np

        texts = json.loads((folder / "base_texts.json").read_text(encoding="utf-8"))
        return cls(texts, np.load(folder / "base_vectors.npy"))

    @staticmethod
    def save(folder: Path, texts: list[str], vectors: np.ndarray) -> None:
        import numpy as np

        (folder / "base_texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        np.save(folder / "base_vectors.npy", vectors)

    def _features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        from assistant.text.normalize import words

        counts = Counter(self._bucket(w) for w in words(fold(text)))
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.sqrt(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        return idx, tf

    def _bucket(self, word: str) -> int:
        bucket = self._buckets.get(word)
        if bucket is None:
            bucket = self._buckets[word] = zlib.crc32(word.encode()) % self.dims
        return bucket

    def nearest(self, text: str) -> int:
        """Index of the base text sharing the most (IDF-weighted) words with ``text``."""
        import numpy as np

        idx, tf = self._features(text)
        if not len(idx):
            return zlib.crc32(text.encode()) % len(self.vectors)
        return int(np.argmax((tf * self._idf[idx]) @ self._matrix[idx]))

    def derive(self, text: str, seed: int) -> np.ndarray:
        """A real vector for a base text; else its nearest base text's vector plus seeded noise."""
        import numpy as np

        exact = self._exact.get(text)
        if exact is not None:
            return self.vectors[exact]
        rng = np.random.default_rng([seed, zlib.crc32(text.encode())])
        vector = self.vectors[self.nearest(text)] + rng.normal(0.0, NOISE_SIGMA, self.vectors.shape[1])
        return (vector / np.linalg.norm(vector)).astype(np.float32)


class DerivedEmbedding:
    """Stands in for the store's embedder while the larger stores are built: derived vectors."""

    def __init__(self, inner: E5Embedding, library: VectorLibrary, seed: int) -> None:
        self.inner = inner
        self.library = library
        self.seed = seed

    def passage_vectors(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.library.vectors.shape[1]), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self.library.derive(text, self.seed)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


# ------------------------------------------------------------------------- workers (subprocesses)


def worker_ingest(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Part (a): generate about ``--ingest-chunks`` chunks, ingest them for real, re-ingest."""
    import numpy as np
    from llama_index.core.utils import get_tokenizer

    from assistant.service import AssistantService

    settings = bench_settings(work / "store")
    corpus = work / "corpus"
    load = load_average()
    files = CorpusGenerator(settings, args.seed).write(corpus, 0, args.ingest_chunks)
    log(f"part (a): {files} synthetic releases written to {corpus}; ingesting them for real")
    service = AssistantService(settings)
    timed = TimedEmbedding(service.store.embedder)
    service.store.embedder = timed  # type: ignore[assignment]
    started = time.perf_counter()
    report = service.ingest([corpus], progress=True)
    seconds = time.perf_counter() - started
    embed_seconds = timed.seconds
    started = time.perf_counter()
    again = service.ingest([corpus])
    reingest = time.perf_counter() - started
    service.store.embedder = timed.inner

    tokenizer = get_tokenizer()
    tokens = sum(len(tokenizer(t)) for t in timed.texts)
    chunk_tokens = sum(len(tokenizer(f"{m['title']}\n{d}")) for _, d, m in service.store._all_chunks())
    VectorLibrary.save(work, timed.texts, np.vstack(timed.vectors))
    log(f"part (a): {report.summary()}; re-ingest of the unchanged folder {reingest:.2f} s")
    return {
        "releases": len(report.added),
        "chunks": report.embedded_chunks,
        "sentences": report.embedded_sentences,
        "texts_embedded": len(timed.texts),
        "tokens_embedded": tokens,
        "chunk_tokens": chunk_tokens,
        "seconds": round(seconds, 2),
        "embed_seconds": round(embed_seconds, 2),
        "embed_share": round(embed_seconds / seconds, 4),
        "chunks_per_s": round(report.embedded_chunks / seconds, 2),
        "tokens_per_s": round(tokens / seconds, 1),
        "embed_tokens_per_s": round(tokens / embed_seconds, 1),
        "reingest_seconds": round(reingest, 3),
        "reingest_unchanged": len(again.unchanged),
        "reingest_embedded": again.embedded_chunks + again.embedded_sentences,
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "load_before": load,
        "load_after": load_average(),
    }


class BulkWriter:
    """Writes many releases with exactly the records ``ReleaseStore.put`` writes for one.

    ``put`` costs several Chroma calls per release (about 150 ms a release in part (a); the
    first write into a large store measured 0.8 s at 10k chunks, 1.1 s at 100k), which would
    make a 100k-chunk store a matter of hours even with free vectors. This writer batches the
    same records (built by the store's own functions: same ids, documents, metadata; vectors from the store's embedder)
    across releases: sentences, then chunks, then the release records, the commit point,
    last. :meth:`check` compares its records with those of a release written by ``put``.
    """

    def __init__(self, store: Any, batch: int = 5000) -> None:
        self.store = store
        self.batch = batch
        self.seconds = {"parse_split": 0.0, "vectors": 0.0, "chroma": 0.0}
        self.chunks = self.sentences = self.releases = 0

    def write(self, paths: list[Path]) -> None:
        from assistant.ingest.chunking import split_release, split_sentences
        from assistant.ingest.parse import parse_file
        from assistant.store import _file_hash, chunk_node, release_metadata, sentence_metadata

        store, settings = self.store, self.store.settings
        started = time.perf_counter()
        items = []
        for path in paths:
            release = parse_file(path)
            sentences = split_sentences(release)
            chunks = split_release(release, sentences, settings.chunk_tokens, settings.chunk_overlap)
            items.append((release, _file_hash(path), sentences, chunks))
        self.seconds["parse_split"] += time.perf_counter() - started

        started = time.perf_counter()
        all_sentences = [(r, s) for r, _, ss, _ in items for s in ss]
        all_chunks = [(r, c) for r, _, _, cs in items for c in cs]
        sentence_vectors = store.embedder.passage_vectors([s.text for _, s in all_sentences])
        chunk_vectors = store.embedder.passage_vectors([c.embed_text for _, c in all_chunks])
        title_vectors = store.embedder.passage_vectors([r.title for r, *_ in items])
        self.seconds["vectors"] += time.perf_counter() - started

        started = time.perf_counter()
        for lo in range(0, len(all_sentences), self.batch):
            part = all_sentences[lo : lo + self.batch]
            store._sentences.add(
                ids=[s.id for _, s in part],
                embeddings=sentence_vectors[lo : lo + self.batch],
                documents=[s.text for _, s in part],
                metadatas=[sentence_metadata(s, r.content_hash) for r, s in part],
            )
        nodes = [chunk_node(c, r.content_hash, vector) for (r, c), vector in zip(all_chunks, chunk_vectors)]
        for lo in range(0, len(nodes), self.batch):
            store.vector_store.add(nodes[lo : lo + self.batch])
        now = time.time()
        for lo in range(0, len(items), self.batch):
            part = items[lo : lo + self.batch]
            store._releases.upsert(
                ids=[r.id for r, *_ in part],
                embeddings=title_vectors[lo : lo + self.batch],
                documents=[r.text for r, *_ in part],
                metadatas=[release_metadata(r, source_hash, len(cs), len(ss), now) for r, source_hash, ss, cs in part],
            )
        self.seconds["chroma"] += time.perf_counter() - started
        self.releases += len(items)
        self.sentences += len(all_sentences)
        self.chunks += len(all_chunks)

    def check(self, by_put: str, by_bulk: str) -> None:
        """Raise when a release written here does not have the shape of one written by ``put``."""
        store = self.store
        for collection, key in ((store._chunks, "release_id"), (store._sentences, "release_id")):
            shapes = []
            for rid in (by_put, by_bulk):
                got = collection.get(where={key: rid}, include=["metadatas"], limit=1)
                shapes.append(sorted(got["metadatas"][0]) if got["metadatas"] else None)
            if shapes[0] != shapes[1]:
                raise RuntimeError(f"bulk records differ from ReleaseStore.put's ({collection.name}): {shapes}")
        records = store._releases.get(ids=[by_put, by_bulk], include=["metadatas"])["metadatas"]
        if len(records) != 2 or sorted(records[0]) != sorted(records[1]):
            raise RuntimeError(f"bulk release records differ from ReleaseStore.put's: {records}")


def worker_build(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Grow the store to about ``--target`` chunks with derived vectors (see :class:`BulkWriter`)."""
    from assistant.ingest.parse import parse_file
    from assistant.service import AssistantService
    from assistant.store import _file_hash

    settings = bench_settings(work / "store")
    corpus = work / "corpus"
    load = load_average()
    service = AssistantService(settings)
    store = service.store
    before = store.chunk_count()
    start = len(list(corpus.glob("syn*.txt")))
    # splitting every release twice (here to count, then to write) would cost minutes at 100k:
    # the chunks per release of the store so far tell how many more releases make the size
    per_release = before / max(1, len(store.catalogue()))
    files = max(2, math.ceil((args.target - before) / per_release))
    generator = CorpusGenerator(settings, args.seed)
    started = time.perf_counter()
    paths = [corpus / f"{generator.release_id(i)}.txt" for i in range(start, start + files)]
    for index in range(start, start + files):
        generator.write_one(corpus, index)
    generate = time.perf_counter() - started
    log(f"build: {files} more releases (about {files * per_release:.0f} chunks) written in {generate:.0f} s; "
        "storing them with derived vectors")

    derived = DerivedEmbedding(store.embedder, VectorLibrary.load(work), args.seed)
    store.embedder = derived  # type: ignore[assignment]
    started = time.perf_counter()
    first = parse_file(paths[0])
    store.put(first, _file_hash(paths[0]))  # one release through the store's own write path
    put_seconds = time.perf_counter() - started
    writer = BulkWriter(store)
    step = 200
    for lo in range(1, len(paths), step):
        writer.write(paths[lo : lo + step])
        if (lo // step) % 10 == 0 or lo + step >= len(paths):
            elapsed = time.perf_counter() - started
            log(f"build: {writer.releases + 1}/{files} releases, {writer.chunks} chunks, "
                f"{writer.sentences} sentences in {elapsed:.0f} s")
    writer.check(first.id, CorpusGenerator.release_id(start + 1))
    write_seconds = time.perf_counter() - started
    started = time.perf_counter()
    store.publish(changed=True)  # as ingest() ends: the BM25 index of the whole store, rebuilt and persisted
    bm25_seconds = time.perf_counter() - started
    log(f"build: {store.chunk_count()} chunks in the store; written in {write_seconds:.0f} s "
        f"({', '.join(f'{k} {v:.0f} s' for k, v in writer.seconds.items())}), BM25 rebuilt in {bm25_seconds:.0f} s")
    return {
        "chunks_before": before,
        "chunks_after": store.chunk_count(),
        "releases_added": writer.releases + 1,
        "chunks_added": writer.chunks + store.catalogue()[first.id].n_chunks,
        "sentences_added": writer.sentences + store.catalogue()[first.id].n_sentences,
        "generate_seconds": round(generate, 1),
        "put_one_release_seconds": round(put_seconds, 3),
        "write_seconds": round(write_seconds, 1),
        "write_breakdown_seconds": {k: round(v, 1) for k, v in writer.seconds.items()},
        "bm25_seconds": round(bm25_seconds, 1),
        "seconds": round(generate + write_seconds + bm25_seconds, 1),
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "load_before": load,
        "load_after": load_average(),
    }


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def worker_measure(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Part (b) at one size: question latency (ours and llama-index's), re-ingest, disk, memory."""
    from llama_index.core import VectorStoreIndex

    from assistant.service import AssistantService
    from assistant.text.terms import detect_language

    settings = bench_settings(work / "store")
    load = load_average()
    opened, service = _timed(lambda: AssistantService(settings))
    assert isinstance(service, AssistantService)
    store = service.store
    catalogue = store.catalogue()
    questions = QUESTIONS[: args.questions]
    log(f"measure: {store.chunk_count()} chunks, {len(catalogue)} releases; {len(questions)} questions "
        f"x {args.repeats}")
    first_ask, _ = _timed(lambda: service.ask(questions[0]))  # loads BM25 and the term statistics
    reference = VectorStoreIndex.from_vector_store(store.vector_store, embed_model=store.embedder).as_retriever(
        similarity_top_k=settings.top_k
    )
    warm = "Quelles actions l'OIM mène-t-elle contre la traite ?"
    service.retrieve(warm)
    service.ask(warm)
    reference.retrieve(warm)

    runs: dict[str, Callable[[str], object]] = {
        "retrieve": service.retrieve,
        "ask": service.ask,
        "llamaindex": reference.retrieve,
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    abstained = 0
    for repeat in range(args.repeats):
        for i, question in enumerate(questions):
            names = list(runs)
            names = names[i % 3 :] + names[: i % 3]  # rotate the order: no kind always runs first
            for name in names:
                seconds, result = _timed(lambda fn=runs[name], q=question: fn(q))
                times[name].append(seconds)
                if name == "ask" and repeat == 0:
                    abstained += bool(getattr(result, "abstained", False))

    # where the time of one answer goes (p50 of each step, same questions)
    parts: dict[str, list[float]] = {"embed": [], "dense": [], "bm25": [], "fuse": [], "answer": []}
    for question in questions:
        seconds, vector = _timed(lambda q=question: store.embedder.query_vector(q))
        parts["embed"].append(seconds)
        seconds, _ = _timed(lambda q=question, v=vector: service.retriever.dense(q, v))
        parts["dense"].append(seconds)
        seconds, _ = _timed(lambda q=question: service.retriever.bm25(q))
        parts["bm25"].append(seconds)
        seconds, chunks = _timed(lambda q=question, v=vector: service.retriever.retrieve(q, v))
        parts["fuse"].append(seconds)  # dense + BM25 + sync + fusion, as ask() runs it
        seconds, _ = _timed(lambda q=question, v=vector, c=chunks: service.answerer.answer(q, v, c, detect_language(q)))
        parts["answer"].append(seconds)
    memory = peak_memory_mb()

    log("measure: re-ingesting the unchanged corpus")
    reingest, report = _timed(lambda: service.ingest([work / "corpus"]))
    result = {
        "chunks": store.chunk_count(),
        "sentences": sum(r.n_sentences for r in catalogue.values()),
        "releases": len(catalogue),
        "open_seconds": round(opened, 3),
        "first_ask_seconds": round(first_ask, 3),
        "latency_ms": {name: summary_ms(values) for name, values in times.items()},
        "breakdown_p50_ms": {name: round(1000 * percentile(values, 50), 2) for name, values in parts.items()},
        "abstained": abstained,
        "questions": len(questions),
        "reingest_seconds": round(reingest, 3),
        "reingest_unchanged": len(getattr(report, "unchanged", [])),
        "reingest_embedded": getattr(report, "embedded_chunks", 0) + getattr(report, "embedded_sentences", 0),
        "disk_mb": round(disk_usage_mb(settings.store_dir), 1),
        "peak_memory_mb": round(memory, 1),
        "peak_memory_with_reingest_mb": round(peak_memory_mb(), 1),
        "load_before": load,
        "load_after": load_average(),
    }
    for kind in ("retrieve", "ask"):
        for q in ("p50", "p95"):
            ref = result["latency_ms"]["llamaindex"][q]
            result["latency_ms"][kind][f"{q}_ratio"] = round(result["latency_ms"][kind][q] / ref, 2) if ref else None
    return result


WORKERS: dict[str, Callable[[Path, argparse.Namespace], dict[str, Any]]] = {
    "ingest": worker_ingest,
    "build": worker_build,
    "measure": worker_measure,
}


# ------------------------------------------------------------------------- orchestration


def run_worker(phase: str, work: Path, args: argparse.Namespace, **extra: object) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; its progress goes to the terminal, its result to a file."""
    result = work / f"result-{phase}.json"
    result.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "eval.bench", "--worker", phase, "--work", str(work),
           "--seed", str(args.seed), "--ingest-chunks", str(args.ingest_chunks),
           "--questions", str(args.questions), "--repeats", str(args.repeats)]
    for key, value in extra.items():
        cmd += [f"--{key}", str(value)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    env.update(args.worker_env)
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    return json.loads(result.read_text(encoding="utf-8"))


def nearest_size(rows: list[dict[str, Any]], target: int) -> dict[str, Any]:
    return min(rows, key=lambda r: abs(math.log(r["chunks"] / target)))


def targets(ingest: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The issue's targets, each with the figure measured and whether it is met."""
    out: list[dict[str, Any]] = []

    def add(name: str, value: float, limit: float, met: bool, at: str) -> None:
        out.append({"target": name, "value": round(value, 3), "limit": limit, "met": met, "at": at})

    mid = nearest_size(rows, 10_000)
    ask, ref = mid["latency_ms"]["ask"], mid["latency_ms"]["llamaindex"]
    at = f"{mid['chunks']} chunks"
    add("full answer p50 / llama-index retrieval p50", ask["p50"] / ref["p50"], 1.5, ask["p50"] <= 1.5 * ref["p50"], at)
    add("full answer p95 (ms)", ask["p95"], 150, ask["p95"] < 150, at)
    small, large = rows[0], rows[-1]
    if large is not small:
        span = f"{small['chunks']} -> {large['chunks']} chunks"
        for kind in ("ask", "retrieve"):
            for q in ("p50", "p95"):
                growth = large["latency_ms"][kind][q] / small["latency_ms"][kind][q]
                add(f"latency growth, {'full answer' if kind == 'ask' else 'retrieval'} {q}", growth, 2.0,
                    growth < 2.0, span)
    add("embedding share of ingest time", ingest["embed_share"], 0.9, ingest["embed_share"] >= 0.9,
        f"{ingest['chunks']} chunks")
    add("unchanged re-ingest (s)", mid["reingest_seconds"], 5.0, mid["reingest_seconds"] < 5.0, at)
    return out


def plot(rows: list[dict[str, Any]], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["chunks"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    series = [("ask", "full extractive answer", "tab:red"), ("retrieve", "retrieval (hybrid)", "tab:blue"),
              ("llamaindex", "llama-index retriever (reference)", "tab:gray")]
    for key, label, colour in series:
        left.plot(sizes, [r["latency_ms"][key]["p50"] for r in rows], "o-", color=colour, label=f"{label}, p50")
        left.plot(sizes, [r["latency_ms"][key]["p95"] for r in rows], "s--", color=colour, alpha=0.6,
                  label=f"{label}, p95")
    left.set_xscale("log")
    left.set_xlabel("chunks in the store")
    left.set_ylabel("latency per question (ms)")
    left.set_ylim(bottom=0)
    left.grid(True, which="both", alpha=0.3)
    left.legend(fontsize=7)
    left.set_title("question latency")
    bottom = [0.0] * len(rows)
    steps = [("query embedding", "tab:green", lambda b: b["embed"]), ("dense", "tab:blue", lambda b: b["dense"]),
             ("BM25", "tab:orange", lambda b: b["bm25"]),
             ("rest of retrieval (sync, fusion)", "tab:purple",
              lambda b: max(0.0, b["fuse"] - b["dense"] - b["bm25"])),
             ("answerer", "tab:red", lambda b: b["answer"])]
    for label, colour, value in steps:
        values = [value(r["breakdown_p50_ms"]) for r in rows]
        right.bar(range(len(rows)), values, bottom=bottom, color=colour, label=label)
        bottom = [b + v for b, v in zip(bottom, values)]
    right.set_xticks(range(len(rows)), [f"{s:,}" for s in sizes])
    right.set_xlabel("chunks in the store")
    right.set_ylabel("p50 per step (ms)")
    right.set_title("where a full answer's time goes (p50 of each step)")
    right.legend(fontsize=7)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def print_report(result: dict[str, Any]) -> None:
    a = result["ingest"]
    print()
    print(f"Part (a) ingest, embedded for real (load {a['load_before']} -> {a['load_after']}):")
    print(f"  {a['releases']} releases, {a['chunks']} chunks, {a['sentences']} sentences, "
          f"{a['tokens_embedded']:,} tokens embedded in {a['seconds']:.1f} s")
    print(f"  {a['chunks_per_s']:.2f} chunks/s, {a['tokens_per_s']:.0f} tokens/s "
          f"(embedding alone {a['embed_tokens_per_s']:.0f} tokens/s); "
          f"embedding {100 * a['embed_share']:.1f} % of the ingest time")
    print(f"  unchanged re-ingest: {a['reingest_seconds']:.2f} s ({a['reingest_unchanged']} releases, "
          f"{a['reingest_embedded']} texts embedded)")
    print()
    print("Part (b) questions against size (ms; ratio = ours / llama-index retriever on the same store):")
    header = (f"{'chunks':>8} {'build s':>8} {'disk MB':>8} {'peak MB':>8} {'retrieve p50/p95':>17} "
              f"{'answer p50/p95':>15} {'llama-index p50/p95':>20} {'ret/ref p50':>11} {'ans/ref p50':>11} "
              f"{'re-ingest s':>11} {'1st ask s':>9} {'load':>5}")
    print(header)
    print("-" * len(header))
    for r in result["sizes"]:
        lat = r["latency_ms"]
        build = r.get("build", {}).get("seconds")
        print(f"{r['chunks']:>8} {build if build is not None else '-':>8} {r['disk_mb']:>8.1f} "
              f"{r['peak_memory_mb']:>8.0f} "
              f"{lat['retrieve']['p50']:>8.1f}/{lat['retrieve']['p95']:<8.1f} "
              f"{lat['ask']['p50']:>7.1f}/{lat['ask']['p95']:<7.1f} "
              f"{lat['llamaindex']['p50']:>10.1f}/{lat['llamaindex']['p95']:<9.1f} "
              f"{lat['retrieve']['p50_ratio']:>11.2f} {lat['ask']['p50_ratio']:>11.2f} "
              f"{r['reingest_seconds']:>11.2f} {r['first_ask_seconds']:>9.2f} {r['load_before'][0]:>5.1f}")
    print()
    print("p50 per step (ms):  " + "   ".join(
        f"{r['chunks']}: " + ", ".join(f"{k} {v:.1f}" for k, v in r["breakdown_p50_ms"].items())
        for r in result["sizes"]))
    print()
    print("Targets:")
    for t in result["targets"]:
        print(f"  [{'met' if t['met'] else 'NOT met'}] {t['target']}: {t['value']} (limit {t['limit']}; {t['at']})")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m eval.bench",
        description="Scale benchmark: ingest throughput, then question latency against store size "
        "(ours and the plain llama-index retriever's); writes bench.json and bench.png.",
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="store sizes in chunks (default %(default)s)")
    parser.add_argument("--ingest-chunks", type=int, default=1000,
                        help="chunks embedded for real in part (a); the base of part (b) (default %(default)s)")
    parser.add_argument("--questions", type=int, default=len(QUESTIONS),
                        help=f"questions timed per size, at most {len(QUESTIONS)} (default all)")
    parser.add_argument("--repeats", type=int, default=2, help="times each question is asked (default %(default)s)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where bench.json and bench.png go")
    parser.add_argument("--work", type=Path,
                        help="working folder for the corpus and the store, kept afterwards (default: a temp dir, "
                             "removed at the end unless --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the temp working folder (the largest store)")
    parser.add_argument("--worker-env", action="append", default=[], metavar="NAME=VALUE",
                        help="environment variable for the measuring processes, e.g. OMP_WAIT_POLICY=passive "
                             "(repeatable; default: the environment as it is)")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--target", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.questions = max(1, min(args.questions, len(QUESTIONS)))
    pairs = [item.partition("=") for item in args.worker_env]
    if any(not name or not sep for name, sep, _ in pairs):
        parser.error("--worker-env takes NAME=VALUE")
    args.worker_env = {name: value for name, _, value in pairs}
    return args


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    if args.worker:
        result = WORKERS[args.worker](args.work, args)
        (args.work / f"result-{args.worker}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        return result

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    work = args.work or Path(tempfile.mkdtemp(prefix="iom-bench-"))
    if work.exists() and any(work.iterdir()):
        raise SystemExit(f"{work} is not empty: give an empty or new --work folder")
    work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    log(f"sizes {sizes}, {args.ingest_chunks} chunks embedded for real, work folder {work}; load {load_average()}")
    try:
        ingest = run_worker("ingest", work, args)
        rows: list[dict[str, Any]] = []
        current = ingest["chunks"]
        for size in sizes:
            build: dict[str, Any] = {}
            if current < 0.98 * size:
                log(f"building the {size}-chunk store")
                build = run_worker("build", work, args, target=size)
                current = build["chunks_after"]
            log(f"measuring at {current} chunks")
            row = run_worker("measure", work, args)
            if build:
                row["build"] = build
            rows.append(row)
            log(f"{row['chunks']} chunks: answer p50 {row['latency_ms']['ask']['p50']:.1f} ms, "
                f"p95 {row['latency_ms']['ask']['p95']:.1f} ms; llama-index p50 "
                f"{row['latency_ms']['llamaindex']['p50']:.1f} ms")
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    result = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "seconds": round(time.time() - started, 1),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_at_end": load_average()},
        "config": {"sizes": sizes, "ingest_chunks": args.ingest_chunks, "questions": args.questions,
                   "repeats": args.repeats, "seed": args.seed, "noise_sigma": NOISE_SIGMA,
                   "worker_env": args.worker_env},
        "ingest": ingest,
        "sizes": rows,
    }
    result["targets"] = targets(ingest, rows)
    (args.out / "bench.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    loads = ", ".join(f"{r['load_before'][0]:.1f}" for r in rows if r["load_before"])
    plot(rows, args.out / "bench.png",
         f"{os.cpu_count()} cores, load average at each measurement: {loads}; "
         f"vectors beyond {ingest['chunks']} chunks derived from real ones")
    print_report(result)
    print(f"\nwrote {args.out / 'bench.json'} and {args.out / 'bench.png'}")
    return result


if __name__ == "__main__":
    main()
