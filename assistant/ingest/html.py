"""HTML pages of releases, turned into the same text as the scraped ``.txt`` pages: one line
per block element, ``- `` before list items (so the site navigation keeps its shape), scripts
and styles dropped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from assistant.text.normalize import normalize_space


class _HTMLText(HTMLParser):
    """HTML → text with one line per block element; scripts and styles dropped."""

    _BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
               "article", "header", "footer", "ul", "ol", "nav", "title", "table", "blockquote"}
    _SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

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
    """The text of an HTML page, one non-empty line per block.

    >>> html_to_text("<ul><li>Qui sommes nous</li></ul><h1>Titre</h1><p>Genève – L'OIM…</p>")
    "- Qui sommes nous\\nTitre\\nGenève – L'OIM…"
    """
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    lines = (normalize_space(line) for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    # "- " bullets for empty <li> and stray separators
    return re.sub(r"\n- (?=\n)", "\n-", text)


def looks_like_html(text: str) -> bool:
    """Whether a decoded file is an HTML page (by its first tags), whatever its file name."""
    head = text[:2000].lower()
    return bool(re.search(r"<(!doctype html|html|body|p|div)\b", head))
