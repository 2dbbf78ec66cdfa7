"""The release parser over the five shipped pages and the variants a scraper produces; accent folding."""

from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import SHIPPED

from assistant.ingest.contacts import ASKS_FOR_CONTACT, block_start
from assistant.ingest.parse import ReleaseError, not_a_release, parse_bytes, parse_file, release_files
from assistant.text.normalize import fold, unaccent

TITLES = {
    "000_28533a0da6088d55": "L’OIM démarre une nouvelle collaboration pour promouvoir l’utilisation des technologies dans la lutte contre la traite",
    "001_4f2cdcae036ebb31": "Le rapport de l'ASEAN et l'OIM sur la traite d'êtres humains",
    "002_cd64a4c7dfd5f85e": "Sensibilisation à la traite des êtres humains à l’occasion de la coupe du monde de cricket",
    "003_36d60928ab47fd18": "Les opérateurs de téléphonie mobile participent à la lutte contre la traite",
    "004_b9cef8411c10c3ca": "Plus de 25 ans d'expérience en matière de lutte contre la traite",
}
NAVIGATION = ["Qui sommes nous", "2030 AGENDA", "Structure organisationnelle", "Engagez-vous", "175 Etats membres",
              "Travailler avec nous", "Données et recherche", "Points forts"]
LEFTOVERS = ["href=", "class=", "mailto:", "target=", 'title="', '">', "paragraph-link"]


@pytest.fixture(scope="module")
def releases():
    return {f.stem: parse_file(f) for f in sorted(SHIPPED.glob("*.txt"))}


def test_titles_are_exact(releases):
    assert {rid: r.title for rid, r in releases.items()} == TITLES


@pytest.mark.parametrize("rid", sorted(TITLES))
def test_no_navigation_or_html_leftovers_in_body(releases, rid):
    release = releases[rid]
    assert release.had_navigation
    for text in (release.body, release.contact_text):
        for nav in NAVIGATION:
            assert nav not in text, f"navigation {nav!r} left in {rid}"
        for junk in LEFTOVERS:
            assert junk not in text, f"HTML leftover {junk!r} in {rid}"


def test_hard_wrapped_lines_are_rejoined(releases):
    body = releases["002_cd64a4c7dfd5f85e"].body
    assert "A l’occasion de la coupe du monde de cricket 2007, organisée dans neuf pays des Caraïbes et qui a réuni" in body
    assert "Financées par le Bureau de la Population, des réfugiés et de la migration du Département d’État américain" in body


def test_contacts_are_metadata_and_out_of_the_body(releases):
    emails = {rid: [e for c in r.contacts for e in c.emails] for rid, r in releases.items()}
    assert emails["000_28533a0da6088d55"] == ["mluciano@iom.int"]
    assert emails["001_4f2cdcae036ebb31"] == ["lbonneau@iom.int"]
    assert emails["002_cd64a4c7dfd5f85e"] == ["cmueller@iom.int", "npineiro@iom.int"]
    assert emails["003_36d60928ab47fd18"] == ["pr@iom.kiev.ua"]
    assert emails["004_b9cef8411c10c3ca"] == []
    caribbean = releases["002_cd64a4c7dfd5f85e"]
    assert [c.name for c in caribbean.contacts] == ["Chissey Mueller", "Niurka Piñeiro"]
    assert caribbean.contacts[0].phones == ("+1 202 862 1826 x 236",)
    assert "cmueller@iom.int" not in caribbean.body
    # still searchable: the indexed text carries the contact block
    assert "Chissey Mueller" in caribbean.text
    assert releases["000_28533a0da6088d55"].contacts[0].name == "Mathieu Luciano"


def test_where_the_contact_block_starts_in_a_release_text(releases):
    for rid, release in releases.items():
        text = release.text
        # the block follows the body and a blank line; a release without one has none
        expected = len(release.body) + 2 if release.contact_text else len(text)
        assert block_start(text) == expected, rid
    # an invitation to ask for more inside a paragraph of the body opens no block
    body = "Le centre a ouvert en 2021. Pour plus d'informations sur ses services, voir le site."
    assert block_start(body) == len(body)
    assert block_start(body + "\n\nPour plus d'informations, veuillez contacter :\nJean Dupont") == len(body) + 2


@pytest.mark.parametrize("question, asks", [
    ("Qui faut-il contacter pour en savoir plus sur l'étude ?", True),
    ("Who is the press contact for the campaign?", True),
    ("Quelle est l'adresse e-mail du bureau de presse de l'OIM à Kiev ?", True),
    ("Comment joindre le service de presse de l'OIM en Ukraine ?", True),
    ("Qui finance la campagne de presse dans les Caraïbes ?", False),
    ("Quel rôle a joué le bureau de l'OIM à Washington ?", False),
    ("Quel numéro les victimes peuvent-elles appeler ?", False),
])
def test_a_question_after_a_press_contact_is_told_from_others(question, asks):
    assert bool(ASKS_FOR_CONTACT.search(question)) is asks


def test_dateline_and_footnote_markers(releases):
    assert releases["000_28533a0da6088d55"].dateline == "Genève"
    assert releases["002_cd64a4c7dfd5f85e"].dateline is None
    assert not re.search(r"\[\d\]", releases["004_b9cef8411c10c3ca"].body)


def test_page_without_navigation_parses():
    page = "Un titre de communiqué\nGenève - L'OIM lance une campagne.\nElle durera deux ans.\n"
    release = parse_bytes(page.encode(), "x")
    assert not release.had_navigation
    assert release.title == "Un titre de communiqué"
    assert release.body.startswith("Genève - L'OIM lance")


def test_navigation_variant_with_other_labels_is_detected():
    nav = "-\nAbout us\nAbout usThe International Organization for Migration is part of the UN.\nOur work\nOur work\n- Where we work\n-\nTake action\n- Data and research\n- News\n"
    release = parse_bytes((nav + "A title\nThe body sentence.\n").encode(), "v")
    assert release.title == "A title"
    assert "About us" not in release.body


def test_latin1_and_cp1252_files_decode(tmp_path):
    text = (SHIPPED / "002_cd64a4c7dfd5f85e.txt").read_text(encoding="utf-8")
    f = tmp_path / "latin.txt"
    f.write_bytes(text.replace("’", "'").encode("latin-1", errors="replace"))
    release = parse_file(f)
    assert release.encoding in ("cp1252", "latin-1")
    assert release.title.startswith("Sensibilisation à la traite")


def test_html_page_gives_the_same_release(tmp_path):
    html = """<html><head><title>x</title><script>var a = "<p>no</p>";</script></head><body>
    <nav><ul><li>Qui sommes nous</li><li>Structure</li><li>Notre travail</li><li>Agir</li><li>2030 AGENDA</li></ul></nav>
    <h1>Les opérateurs de téléphonie mobile participent à la lutte contre la traite</h1>
    <p>Ces trois compagnies, Astelit, KyivStar GSM et UMC, ont lancé un numéro gratuit, le 527.</p>
    <p>Pour plus d'informations, veuillez contacter: <a href="mailto:pr@iom.kiev.ua">pr@iom.kiev.ua</a></p>
    </body></html>"""
    f = tmp_path / "page.html"
    f.write_text(html, encoding="utf-8")
    release = parse_file(f)
    assert release.title == TITLES["003_36d60928ab47fd18"]
    assert release.body == "Ces trois compagnies, Astelit, KyivStar GSM et UMC, ont lancé un numéro gratuit, le 527."
    assert release.contacts[0].emails == ("pr@iom.kiev.ua",)


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
    ],
)
def test_broken_files_raise_with_name_and_reason(tmp_path, name, data, reason):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(ReleaseError, match=rf"{name}: .*{reason}"):
        parse_file(f)


def test_oversized_and_wrong_type_files_are_refused(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    with pytest.raises(ReleaseError, match="big.txt: 52 MB is too large"):
        parse_file(big)
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(ReleaseError, match="doc.pdf: not a release file"):
        parse_file(pdf)


def test_release_files_expands_folders_and_keeps_every_entry(tmp_path):
    """Every entry comes back, so that ingest can say why it did not index one."""
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.html").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    (tmp_path / "sub").mkdir()
    found = release_files([tmp_path])
    assert [p.name for p in found] == [".hidden", "a.html", "b.txt", "sub"]
    assert [not_a_release(p) is None for p in found] == [False, True, True, False]
    assert "hidden" in not_a_release(tmp_path / ".hidden") and "folder" in not_a_release(tmp_path / "sub")


@pytest.mark.parametrize(
    "text",
    ["Caraïbes", "ÉTATS-UNIS d’Amérique", "œuvre, Œ, ß", "ﬁnancement", "x²", "İstanbul", "ΣΟΦΙΑΣ", "한국어", "𝐀𝐁", "Ǆ"],
)
def test_fold_is_nfkd_without_combining_marks(text):
    expected = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))
    assert fold(text) == expected


@pytest.mark.parametrize("text", ["Communauté économique des États", "ÉTATS-UNIS d’Amérique", "Union européenne", "SADC"])
def test_unaccent_strips_accents_and_keeps_case(text):
    """What acronyms are matched in: "États" still opens on a capital E."""
    expected = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    assert unaccent(text) == expected
    assert fold(unaccent(text)) == fold(text)


def test_fold_of_every_shipped_release_matches_nfkd(releases):
    for release in releases.values():
        lowered = unicodedata.normalize("NFKD", release.text.lower())
        assert fold(release.text) == "".join(ch for ch in lowered if not unicodedata.combining(ch))
