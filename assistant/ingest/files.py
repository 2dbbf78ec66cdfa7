"""Which files may be releases, checked by one rule for every way in: the chat page's
uploads, the ingest of a folder, :func:`~assistant.ingest.parse.parse_file`.

The checks here look at the file (its name, its size); what its bytes hold (empty text, binary
data) is the parser's to say, as it reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

RELEASE_SUFFIXES = (".txt", ".html", ".htm")
MAX_RELEASE_BYTES = 5 * 1024 * 1024  # a press release is a few kB; 5 MB is not a release


@dataclass(frozen=True)
class Refusal:
    """Why a file is not read as a release: in English for the command line and ingest
    reports, in French for the chat page."""

    english: str
    french: str


def file_refusal(path: Path) -> Refusal | None:
    """Why the file at ``path`` cannot be a release, judged by its name and its size before a
    byte of it is read; None when it may be one.

    >>> file_refusal(Path("rapport.pdf")).french
    'type .pdf non accepté (seuls .txt, .html, .htm le sont)'
    """
    suffix = path.suffix.lower()
    accepted = ", ".join(RELEASE_SUFFIXES)
    if suffix not in RELEASE_SUFFIXES:
        return Refusal(
            f"not a release file (expected {accepted})",
            f"type {suffix or 'sans extension'} non accepté (seuls {accepted} le sont)",
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        return Refusal(f"cannot read ({exc.strerror or exc})", f"fichier illisible ({exc.strerror or exc})")
    limit = MAX_RELEASE_BYTES // 1_000_000
    if size > MAX_RELEASE_BYTES:
        return Refusal(
            f"{size / 1e6:.0f} MB is too large for a press release (limit {limit} MB)",
            f"trop volumineux ({size / 1e6:.1f} Mo ; limite {limit} Mo pour un communiqué)",
        )
    if size == 0:
        return Refusal("empty file", "fichier vide")
    return None
