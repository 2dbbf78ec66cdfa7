"""Parse scraped IOM press-release pages (``.txt`` or ``.html``) into :class:`Release` objects.

A scraped page is: a block of site navigation (menu labels, bullet items, blurbs glued to
their label) that must never be indexed, then the title line, then the body, hard-wrapped,
with leftovers of HTML attributes, and a closing contact block
("Pour plus d'informations, veuillez contacter …").

HTML pages become text in :mod:`assistant.ingest.html`, the contact block becomes metadata in
:mod:`assistant.ingest.contacts`, and which files may be releases at all (type, size) is
decided once, in :mod:`assistant.ingest.uploads`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from assistant.ingest.contacts import CONTACT_START, contact_block
from assistant.ingest.files import file_refusal
from assistant.ingest.html import html_to_text, looks_like_html
from assistant.text.normalize import normalize_space
from assistant.types import Contact, Release


class ReleaseError(ValueError):
    """A file that cannot be read as a release; the message says why."""


# --------------------------------------------------------------------------- reading bytes


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode file bytes: UTF-8 (with or without BOM), else cp1252, else latin-1."""
    if not data.strip():
        raise ReleaseError(f"{name}: empty file")
    if b"\x00" in data[:8192]:
        raise ReleaseError(f"{name}: binary file (NUL bytes), not a text release")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
        if control > 0.01 * min(len(text), 8192):
            raise ReleaseError(f"{name}: binary file (control characters), not a text release")
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding.replace("-sig", "")
    raise ReleaseError(f"{name}: undecodable text")  # pragma: no cover - latin-1 decodes anything


# --------------------------------------------------------------------------- navigation


_BULLET = re.compile(r"^-(\s.{0,80})?$")


def _is_label(line: str) -> bool:
    """A menu label: a few words, no sentence punctuation."""
    return 0 < len(line.split()) <= 6 and not re.search(r"[.!?:;,»«]", line)


def _navigation_end(lines: list[str]) -> int:
    """Index of the first line after the site-navigation block, or 0 when there is none.

    The block is the longest prefix of navigation-like lines (labels, bullets, a blurb that
    starts with the label just above it); it ends with its last bullet item. Detected by
    shape, so menu variants (other labels, other blurbs, English menus) are handled too.
    """
    last_bullet = -1
    previous = ""
    nav_lines = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if _BULLET.match(line):
            last_bullet = i
        elif _is_label(line):
            pass
        elif previous and _is_label(previous) and line.startswith(previous) and len(line) > len(previous):
            pass  # "Qui sommes nousL'Organisation …": a blurb glued to its label
        else:
            break
        nav_lines += 1
        previous = line
    if last_bullet < 0 or nav_lines < 4:
        return 0
    return last_bullet + 1


# --------------------------------------------------------------------------- body cleaning


_HTML_LEFTOVERS = [
    # class="…" href= "http://…"  (the anchor's attributes, split over lines)
    (re.compile(r"\s*(?:class=)?\"[^\"<>\n]*\"\s*href=\s*\"[^\"]*\""), " "),
    (re.compile(r"\s*(?:class=)?\"[^\"<>\n]*\"\s*href=\s*"), " "),
    (re.compile(r"\s*\"mailto:[^\"]*\""), " "),
    (re.compile(r"\s*\b(?:href|target|title|rel|class|style|id)=\s*\"[^\"]*\""), " "),
    (re.compile(r"(^|\s)\"*>(?=\S)", re.M), r"\1"),
    (re.compile(r"</?[a-zA-Z][^<>]{0,200}>"), " "),
]
_FOOTNOTE_REF = re.compile(r"(?<=\w|[.,;])\[\d{1,2}\]")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"»]+[^\s<>\"».,;:!?)]")


def _strip_html_leftovers(text: str) -> str:
    for pattern, repl in _HTML_LEFTOVERS:
        text = pattern.sub(repl, text)
    return html.unescape(text)


def _unwrap(lines: list[str]) -> list[str]:
    """Rejoin hard-wrapped lines into paragraphs.

    A line ending a sentence followed by a line starting a new one is a paragraph break;
    anything else is a wrap. Where a wrap fell after a period the paragraph is split in
    two, which keeps every sentence whole.
    """
    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = normalize_space(raw)
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        sentence_break = re.search(r"[.!?:»\"”)]$", current) and re.match(r"[«\"“(\-–A-ZÀ-ÖØ-Þ0-9]", line)
        if current and (sentence_break or CONTACT_START.match(line)):
            paragraphs.append(current)
            current = line
        else:
            current = f"{current} {line}" if current else line
    if current:
        paragraphs.append(current)
    return paragraphs


# --------------------------------------------------------------------------- the parser


_DATELINE = re.compile(r"^([A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’.\- ]{1,40}?)(?:,\s*(?:le\s+)?\d{1,2}\s+\w+\s+\d{4})?\s+[-–—]\s+(?=[A-ZÀ-ÖØ-Þ«])")


def parse_text(text: str, release_id: str, source: str = "", encoding: str = "utf-8") -> Release:
    """Parse the decoded text of one scraped page (plain text or HTML)."""
    if looks_like_html(text):
        text = html_to_text(text)
    lines = text.split("\n")
    nav_end = _navigation_end(lines)
    lines = lines[nav_end:]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise ReleaseError(f"{Path(source).name if source else release_id}: no text after the site navigation")
    title = normalize_space(_strip_html_leftovers(lines[0]))
    cleaned = _strip_html_leftovers("\n".join(lines[1:]))
    links = tuple(dict.fromkeys(_URL.findall(cleaned)))
    paragraphs = [_FOOTNOTE_REF.sub("", p) for p in _unwrap(cleaned.split("\n"))]

    body_paras, contact_paras = paragraphs, []
    for i, para in enumerate(paragraphs):
        if CONTACT_START.match(para):
            body_paras, contact_paras = paragraphs[:i], paragraphs[i:]
            break
    if not title or not body_paras:
        raise ReleaseError(f"{Path(source).name if source else release_id}: no release body found")

    contact_text = ""
    contacts: tuple[Contact, ...] = ()
    if contact_paras:
        contact_text, contacts = contact_block(cleaned.split("\n"))

    body = "\n".join(body_paras)
    dateline = _DATELINE.match(body)
    return Release(
        id=release_id,
        title=title,
        body=body,
        contact_text=contact_text,
        contacts=contacts,
        dateline=dateline.group(1).strip() if dateline else None,
        source=source,
        encoding=encoding,
        had_navigation=nav_end > 0,
        links=links,
    )


def parse_bytes(data: bytes, release_id: str, source: str = "") -> Release:
    """Parse the bytes of one release file (any of the encodings :func:`decode` reads)."""
    text, encoding = decode(data, Path(source).name if source else release_id)
    return parse_text(text, release_id, source=source, encoding=encoding)


def parse_file(path: str | Path) -> Release:
    """Parse one release file; the file stem is the release id.

    Raises :class:`ReleaseError` with the file name and the reason for a file of the wrong
    type, an empty, binary, oversized or unreadable file.
    """
    path = Path(path)
    refused = file_refusal(path)
    if refused is not None:
        raise ReleaseError(f"{path.name}: {refused.english}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReleaseError(f"{path.name}: cannot read ({exc.strerror or exc})") from exc
    return parse_bytes(data, path.stem, source=str(path))


def release_files(paths: list[str | Path]) -> list[Path]:
    """Expand folders into everything they hold (sorted), files as given: every entry is
    returned, so that ingest can name each one it does not index (hidden files, folders)."""
    found: list[Path] = []
    for p in map(Path, paths):
        # by name: the order of paths in one folder, without pathlib's costly comparisons
        found.extend(sorted(p.iterdir(), key=lambda entry: entry.name) if p.is_dir() else [p])
    return found


def not_a_release(path: Path) -> str | None:
    """Why a folder entry is not read as a release before its content is (None: read it):
    a folder, a hidden file, or a file of the wrong type or size."""
    if path.is_dir():
        return "a folder inside the folder (not searched): name it to ingest what it holds"
    if path.name.startswith("."):
        return "hidden file (its name starts with '.'): rename it to ingest it"
    refused = file_refusal(path)
    return refused.english if refused is not None else None
