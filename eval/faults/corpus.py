"""The releases the suite ingests (the shipped ones, copies and variants of them) and the
questions it asks of them."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from assistant.evaluation.runner import SHIPPED_RELEASES as SHIPPED

SHIPPED_IDS = sorted(f.stem for f in SHIPPED.glob("*.txt"))
CARIB = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"
UKR = "Quel numéro gratuit a été lancé en Ukraine ?"
NOKIA = "Quel est le rôle de Laura Okkonen chez Nokia ?"
MOLDOVA = "Quel numéro gratuit a été lancé en Moldavie ?"
LOAD_QUESTIONS = [CARIB, UKR, "Combien de victimes de la traite l'OIM a-t-elle aidées ?",
                  "Que recommande le rapport de l'ASEAN ?", MOLDOVA]

# per variant k (1..4): names swapped in a shipped text, so that every variant says something else
SWAPS = [
    (r"Caraïbes?", ["Andes", "Balkans", "Sahel", "Pacifique"]),
    (r"Ukraine", ["Moldavie", "Roumanie", "Géorgie", "Bulgarie"]),
    (r"[Uu]krainien(ne)?s", ["moldaves", "roumains", "géorgiens", "bulgares"]),
    (r"Nokia", ["Ericsson", "Siemens", "Alcatel", "Philips"]),
    (r"ASEAN", ["SADC", "CEDEAO", "MERCOSUR", "UEMOA"]),
    (r"Cambodge", ["Laos", "Myanmar", "Vietnam", "Malaisie"]),
    (r"Genève", ["Vienne", "Dakar", "Bangkok", "Lima"]),
    (r"Okkonen", ["Virtanen", "Lindqvist", "Moreau", "Santos"]),
    (r"Astelit", ["Orange", "Moldcell", "Vodafone", "Beeline"]),
]


def shipped(prefix: str) -> Path:
    """The shipped release whose file name starts with ``prefix`` (``"002"``: the Caribbean one)."""
    return next(SHIPPED.glob(f"{prefix}_*.txt"))


def variant(text: str, k: int) -> str:
    """Shipped release text with names swapped, numbers shifted and the title marked (k >= 1)."""
    for pattern, alternatives in SWAPS:
        text = re.sub(pattern, alternatives[(k - 1) % len(alternatives)], text)
    text = re.sub(r"\d{2,}", lambda m: str(int(m.group()) + 7 * k), text)
    from assistant.ingest.parse import parse_text

    title = parse_text(text, "probe").title
    return text.replace(title, f"{title} (édition {k})", 1) if title in text else text


def build_corpus(folder: Path, n: int, seed: int) -> list[str]:
    """``n`` valid releases: the shipped ones under new names, then variants; names shuffled."""
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(SHIPPED.glob("*.txt"))
    texts = [(f"copie-{f.stem[:3]}", f.read_text(encoding="utf-8")) for f in files]
    k = 1
    while len(texts) < n:
        for f in files[: n - len(texts)]:
            texts.append((f"var{k}-{f.stem[:3]}", variant(f.read_text(encoding="utf-8"), k)))
        k += 1
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    ids = []
    for i, j in enumerate(order):
        rid = f"f{i:02d}-{texts[j][0]}"
        (folder / f"{rid}.txt").write_text(texts[j][1], encoding="utf-8")
        ids.append(rid)
    return ids


def shipped_copy(folder: Path) -> Path:
    """``folder`` holding a copy of every shipped release (a store's ``releases/``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in SHIPPED.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    return folder
