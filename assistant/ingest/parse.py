"""Parse scraped IOM press-release pages (``.txt`` or ``.html``) into :class:`Release` objects.

A scraped page is: a block of site navigation (menu labels, bullet items, blurbs glued to
their label) that must never be indexed, then the title line, then the body, hard-wrapped,
with leftovers of HTML attributes, and a closing contact block
("Pour plus d'informations, veuillez contacter …").
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from assistant.text.normalize import normalize_space
from assistant.types import Contact, Release

RELEASE_SUFFIXES = (".txt", ".html", ".htm")
MAX_RELEASE_BYTES = 5 * 1024 * 1024  # a press release is a few kB; 5 MB is not a release


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


class _HTMLText(HTMLParser):
    """HTML → text with one line per block element; scripts and styles dropped."""

    _BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
               "article", "header", "footer", "ul", "ol", "nav", "title", "table", "blockquote"}
    _SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        if tag == "li":
            self.parts.append("\n- ")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data.replace("\n", " "))


def html_to_text(markup: str) -> str:
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    lines = (normalize_space(line) for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    # "- " bullets for empty <li> and stray separators
    return re.sub(r"\n- (?=\n)", "\n-", text)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return bool(re.search(r"<(!doctype html|html|body|p|div)\b", head))


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
        if current and (sentence_break or _CONTACT_START.match(line)):
            paragraphs.append(current)
            current = line
        else:
            current = f"{current} {line}" if current else line
    if current:
        paragraphs.append(current)
    return paragraphs


# --------------------------------------------------------------------------- contacts


_CONTACT_START = re.compile(
    r"^(pour (plus d['’]\s?informations?|obtenir (des|plus d['’]) informations?|toute information)"
    r"|for (more|further) information|para (más|mayor) informaci[oó]n)",
    re.I,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_LABEL = re.compile(r"^(t[ée]l\.?|tel|phone|mobile|mob\.?|portable|fax)\s*:?\s*", re.I)
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d(?:\s*x\s*\d+)?")
_FIELD_LABEL = re.compile(r"^(e-?mail|courriel|email)\s*:?\s*$", re.I)
_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’-]+(?:\s+(?:de|du|van|von|la|le|da|di)?\s*[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’-]+){1,3}$")


def _contact_fields(block: str) -> list[str]:
    """Split a contact block into fields: one per line, and per comma on a long inline line."""
    intro = re.match(r"^[^:\n]*?contact(?:er|ez)?\s*:?\s*", block, re.I)
    rest = block[intro.end():] if intro else block
    fields: list[str] = []
    for line in rest.split("\n"):
        fields.extend(part.strip() for part in re.split(r",\s+(?=\D)", line) if part.strip())
    return fields


def _join_labels(lines: list[str]) -> str:
    """Join a bare field label ("Email :") to the value on the next line, and rejoin wrapped lines."""
    out: list[str] = []
    for line in lines:
        # only the intro sentence wraps ("… sur\ncette initiative, veuillez contacter:")
        in_intro = out and not any("contact" in x.lower() for x in out)
        wrapped = in_intro and line[:1].islower() and not re.search(r"[.:;]$", out[-1])
        if out and (wrapped or _FIELD_LABEL.match(out[-1]) or _PHONE_LABEL.fullmatch(out[-1])):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def parse_contacts(block: str) -> tuple[Contact, ...]:
    """People (or offices) named in a contact block, each with phones and e-mails."""
    contacts: list[dict] = []

    def current() -> dict:
        if not contacts:
            contacts.append({"name": None, "affiliation": None, "phones": [], "emails": []})
        return contacts[-1]

    for field_ in _contact_fields(block):
        if _FIELD_LABEL.match(field_):
            continue
        emails = _EMAIL.findall(field_)
        if emails:
            current()["emails"].extend(emails)
            continue
        stripped = _PHONE_LABEL.sub("", field_)
        if stripped != field_ or (_PHONE.fullmatch(stripped.strip()) and len(re.sub(r"\D", "", stripped)) >= 7):
            phone = _PHONE.search(stripped)
            if phone:
                current()["phones"].append(normalize_space(phone.group()))
            continue
        text = field_.strip(" :;")
        if not text:
            continue
        if _NAME.match(text) and "OIM" not in text and "IOM" not in text:
            contacts.append({"name": text, "affiliation": None, "phones": [], "emails": []})
        else:
            target = current()
            if target["affiliation"] is None and not target["phones"] and not target["emails"]:
                target["affiliation"] = text
            else:
                contacts.append({"name": None, "affiliation": text, "phones": [], "emails": []})
    return tuple(
        Contact(c["name"], c["affiliation"], tuple(c["phones"]), tuple(c["emails"]))
        for c in contacts
        if c["name"] or c["phones"] or c["emails"]
    )


# --------------------------------------------------------------------------- the parser


_DATELINE = re.compile(r"^([A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’.\- ]{1,40}?)(?:,\s*(?:le\s+)?\d{1,2}\s+\w+\s+\d{4})?\s+[-–—]\s+(?=[A-ZÀ-ÖØ-Þ«])")


def parse_text(text: str, release_id: str, source: str = "", encoding: str = "utf-8") -> Release:
    """Parse the decoded text of one scraped page (plain text or HTML)."""
    if _looks_like_html(text):
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
        if _CONTACT_START.match(para):
            body_paras, contact_paras = paragraphs[:i], paragraphs[i:]
            break
    if not title or not body_paras:
        raise ReleaseError(f"{Path(source).name if source else release_id}: no release body found")

    # the contact block keeps its line structure (one person, phone or e-mail a line),
    # which the unwrapping of the body would flatten
    contact_text = ""
    contacts: tuple[Contact, ...] = ()
    if contact_paras:
        raw_lines = [normalize_space(x) for x in cleaned.split("\n")]
        first = next(i for i, x in enumerate(raw_lines) if _CONTACT_START.match(x))
        contact_text = _join_labels([x for x in raw_lines[first:] if x])
        contacts = parse_contacts(contact_text)

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
    text, encoding = decode(data, Path(source).name if source else release_id)
    return parse_text(text, release_id, source=source, encoding=encoding)


def parse_file(path: str | Path) -> Release:
    """Parse one release file; the file stem is the release id.

    Raises :class:`ReleaseError` with the file name and the reason for an empty, binary,
    oversized or unreadable file.
    """
    path = Path(path)
    if path.suffix.lower() not in RELEASE_SUFFIXES:
        raise ReleaseError(f"{path.name}: not a release file (expected {', '.join(RELEASE_SUFFIXES)})")
    try:
        size = path.stat().st_size
        if size > MAX_RELEASE_BYTES:
            raise ReleaseError(
                f"{path.name}: {size / 1e6:.0f} MB is too large for a press release "
                f"(limit {MAX_RELEASE_BYTES // 1_000_000} MB)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ReleaseError(f"{path.name}: cannot read ({exc.strerror or exc})") from exc
    return parse_bytes(data, path.stem, source=str(path))


def release_files(paths: list[str | Path]) -> list[Path]:
    """Expand folders into everything they hold (sorted), files as given: every entry is
    returned, so that ingest can name each one it does not index (hidden files, folders)."""
    found: list[Path] = []
    for p in map(Path, paths):
        found.extend(sorted(p.iterdir()) if p.is_dir() else [p])
    return found


def not_a_release(path: Path) -> str | None:
    """Why a folder entry is not read as a release before its content is (None: read it)."""
    if path.is_dir():
        return "a folder inside the folder (not searched): name it to ingest what it holds"
    if path.name.startswith("."):
        return "hidden file (its name starts with '.'): rename it to ingest it"
    return None
