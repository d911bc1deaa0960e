"""EPUB: detection (vs OpenDocument and plain ZIP), spine order, chapter items, hostile books."""

from __future__ import annotations

import io
import zipfile

import pytest

from sheaf.parse import ParseError, parse, sniff_format
from sheaf.parse.readers import epub as epub_reader
from sheaf.parse.render import render
from tests.docs import EPUB_CONTAINER, epub, epub_chapter

from .builders import png_bytes, text_image


def _zip(entries: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_epub_is_detected_by_its_mimetype_not_as_opendocument():
    book = epub({"a.xhtml": "<p>x</p>"}, ["a.xhtml"])
    assert sniff_format(book) == "epub"
    assert sniff_format(book, "book.odt") == "epub"  # content, not the name, decides
    odt = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
    with pytest.raises(ParseError) as err:
        sniff_format(odt, "book.epub")
    assert "opendocument.text" in str(err.value)
    with pytest.raises(ParseError) as err:
        sniff_format(_zip({"a.txt": "hi"}), "book.epub")
    assert "application/zip" in str(err.value)


def test_spine_order_not_manifest_order():
    chapters = {
        "text/one.xhtml": "<h1>One</h1><p>first chapter</p>",
        "text/two.xhtml": "<h1>Two</h1><p>second chapter</p>",
        "text/three.xhtml": "<h1>Three</h1><p>third chapter</p>",
    }
    book = epub(chapters, ["text/three.xhtml", "text/one.xhtml", "text/two.xhtml"])
    doc = parse(book)
    assert doc.source_format == "epub"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert [p.items[0].text for p in doc.pages] == ["Three", "One", "Two"]
    assert [p.items[1].text for p in doc.pages] == [
        "third chapter", "first chapter", "second chapter"]
    # page_ranges count spine items
    doc = parse(book, options={"page_ranges": {"target_pages": "2"}})
    assert [(p.number, p.items[0].text) for p in doc.pages] == [(2, "One")]


def test_chapter_items_headings_lists_tables_images():
    body = (
        '<section epub:type="chapter"><h1><a id="start"/>Getting Started</h1>'
        "<p>Intro <em>text</em> here.</p><h2>Steps</h2>"
        "<ol><li>unpack</li><li>install<ul><li>on Linux</li></ul></li></ol>"
        "<table><thead><tr><th>Tool</th><th>Version</th></tr></thead>"
        "<tbody><tr><td>sheaf</td><td>1.0</td></tr></tbody></table>"
        '<figure><img src="../images/fig%201.png" alt="A diagram"/></figure>'
        '<p><img src="https://example.test/x.png" alt="remote"/></p>'
        '<p><img src="../../../etc/passwd" alt="escape"/></p></section>'
    )
    img = png_bytes(text_image(["fig"]))
    book = epub({"text/ch1.xhtml": body}, ["text/ch1.xhtml"],
                     extra={"OEBPS/images/fig 1.png": img})
    items = parse(book, tier="cost_effective").pages[0].items
    assert [(it.type, it.level) for it in items] == [
        ("heading", 1), ("text", None), ("heading", 2), ("list", None), ("table", None),
        ("image", None), ("image", None), ("image", None)]
    assert items[0].text == "Getting Started" and items[1].text == "Intro text here."
    lst = items[3]
    assert lst.ordered and [c.text for c in lst.children[:2]] == ["unpack", "install"]
    assert lst.children[2].type == "list" and lst.children[2].children[0].text == "on Linux"
    assert items[4].rows == [["Tool", "Version"], ["sheaf", "1.0"]]
    # image urls are paths inside the book; one climbing out of it has none
    assert (items[5].caption, items[5].url) == ("A diagram", "OEBPS/images/fig 1.png")
    assert items[6].url == "https://example.test/x.png"
    assert (items[7].caption, items[7].url) == ("escape", None)
    md = render(parse(book, tier="cost_effective"), "markdown")["pages"][0]["markdown"]
    assert "# Getting Started" in md and "| sheaf | 1.0 |" in md


def test_svg_framed_cover_is_an_image():
    cover = ('<div><svg xmlns="http://www.w3.org/2000/svg" '
             'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 600 800">'
             '<image width="600" height="800" xlink:href="../img/cover.jpg"/></svg></div>')
    book = epub({"text/cover.xhtml": cover, "text/c1.xhtml": "<p>body</p>"},
                ["text/cover.xhtml", "text/c1.xhtml"])
    doc = parse(book)
    assert [(it.type, it.url) for it in doc.pages[0].items] == [("image", "OEBPS/img/cover.jpg")]


def test_package_at_the_root_and_no_mimetype_entry():
    book = epub({"c.xhtml": "<p>root package</p>"}, ["c.xhtml"], opf_path="package.opf",
                     mimetype=False)
    assert sniff_format(book) == "epub"
    assert parse(book).pages[0].items[0].text == "root package"


def test_missing_chapter_fails_that_page_only():
    book = epub({"a.xhtml": "<p>here</p>"}, ["a.xhtml", "gone"],
                     manifest_extra=[("gone", "missing.xhtml", "application/xhtml+xml")])
    doc = parse(book)
    assert doc.pages[0].items[0].text == "here" and doc.pages[0].ok
    assert doc.pages[1].error == "EPUB is missing OEBPS/missing.xhtml"


def test_traversal_href_is_refused_not_followed():
    book = epub({"a.xhtml": "<p>here</p>"}, ["a.xhtml", "evil"],
                     manifest_extra=[("evil", "../../../secret.xhtml", "application/xhtml+xml")],
                     extra={"secret.xhtml": epub_chapter("<p>outside</p>")})
    doc = parse(book)
    assert "is not a file inside the book" in doc.pages[1].error
    assert "outside" not in render(doc, "text_full")


def _encryption_xml(*uris: str) -> bytes:
    data = "".join(
        '<enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/'
        f'xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="{u}"/>'
        "</enc:CipherData></enc:EncryptedData>" for u in uris)
    return ('<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
            f'xmlns:enc="http://www.w3.org/2001/04/xmlenc#">{data}</encryption>').encode()


def test_drm_encrypted_book_is_refused_obfuscated_fonts_are_not():
    chapters = {"a.xhtml": "<p>readable</p>"}
    drm = epub(chapters, ["a.xhtml"],
               extra={"META-INF/encryption.xml": _encryption_xml("OEBPS/a.xhtml")})
    with pytest.raises(ParseError) as err:
        parse(drm)
    assert str(err.value) == "EPUB is encrypted (DRM): its chapters cannot be read"
    fonts = epub(chapters, ["a.xhtml"],
                 extra={"META-INF/encryption.xml": _encryption_xml("OEBPS/fonts/f.otf")})
    assert parse(fonts).pages[0].items[0].text == "readable"


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"mimetype": "application/epub+zip"}, "EPUB is missing META-INF/container.xml"),
        ({"mimetype": "application/epub+zip", "META-INF/container.xml":
          EPUB_CONTAINER.format(opf="OEBPS/content.opf")}, "EPUB is missing OEBPS/content.opf"),
        ({"mimetype": "application/epub+zip", "META-INF/container.xml": "<container"},
         "EPUB part META-INF/container.xml is not well-formed XML"),
        ({"mimetype": "application/epub+zip", "META-INF/container.xml":
          EPUB_CONTAINER.format(opf="../../content.opf")}, "EPUB container.xml names no package"),
    ],
)
def test_broken_books_are_clear_errors(entries, message):
    with pytest.raises(ParseError) as err:
        parse(_zip(entries))
    assert str(err.value).startswith(message)


def test_zip_bomb_chapter_is_refused_before_it_is_inflated():
    bomb = "<p>" + " " * (epub_reader.MAX_PART_BYTES + 1) + "</p>"  # deflates to ~65 KB
    book = epub({"a.xhtml": "<p>small</p>", "bomb.xhtml": bomb}, ["bomb.xhtml", "a.xhtml"])
    assert len(book) < 1 << 20
    doc = parse(book)
    assert doc.pages[0].error.startswith("EPUB part OEBPS/bomb.xhtml is too large")
    assert doc.pages[1].items[0].text == "small"


def test_declared_size_limits_lowered(monkeypatch):
    big = "<p>" + "word " * 40_000 + "</p>"  # ~200 KB uncompressed, a few KB deflated
    book = epub({"a.xhtml": "<p>small</p>", "b.xhtml": big}, ["a.xhtml", "b.xhtml"])
    monkeypatch.setattr(epub_reader, "MAX_PART_BYTES", 100_000)
    doc = parse(book)
    assert doc.pages[0].ok and "too large" in doc.pages[1].error
    monkeypatch.setattr(epub_reader, "MAX_PART_BYTES", 1 << 20)
    monkeypatch.setattr(epub_reader, "MAX_TOTAL_BYTES", 150_000)
    with pytest.raises(ParseError) as err:
        parse(book)
    assert "EPUB is too large" in str(err.value)


def test_too_many_chapters():
    chapters = {f"c{i}.xhtml": f"<p>{i}</p>" for i in range(5)}
    book = epub(chapters, list(chapters))
    with pytest.raises(ParseError) as err:
        parse(book, options={"max_page_count": 3})
    assert "too many chapters (5" in str(err.value)
