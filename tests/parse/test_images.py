"""``output_options.images_to_save``: embedded crops, layout crops and page screenshots."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from sheaf.parse import ParseError, parse
from sheaf.parse import images as images_mod
from sheaf.parse.render import render

PNG = b"\x89PNG\r\n\x1a\n"


def image_pdf(pages: int = 1) -> bytes:
    """Each page: a heading, a paragraph, and a 200x100 pt red/blue picture at (100, 400)."""
    pic = Image.new("RGB", (400, 200), "red")
    pic.paste(Image.new("RGB", (200, 200), "blue"), (200, 0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    for n in range(1, pages + 1):
        c.setFont("Helvetica-Bold", 18)
        c.drawString(72, 720, f"Figure page {n}")
        c.setFont("Helvetica", 11)
        c.drawString(72, 690, "The chart below shows the split.")
        # reportlab's y is from the bottom: the picture spans y 292..392 from the top
        c.drawImage(ImageReader(pic), 100, 400, width=200, height=100)
        c.showPage()
    c.save()
    return buf.getvalue()


def _open(data: bytes) -> Image.Image:
    assert data[:8] == PNG
    return Image.open(io.BytesIO(data))


def test_screenshots_on_fast_tier():
    doc = parse(image_pdf(2), tier="fast", options={"output_options": {
        "images_to_save": ["screenshot"]}})
    assert [im.filename for im in doc.images] == ["page_1_screenshot.png",
                                                  "page_2_screenshot.png"]
    assert [im.index for im in doc.images] == [0, 1]
    im = doc.images[0]
    assert im.category == "screenshot" and im.page == 1
    img = _open(im.data)
    assert img.width / img.height == pytest.approx(612 / 792, rel=0.01)
    assert im.size_bytes == len(im.data)
    assert im.to_dict()["bbox"] == {"x": 0, "y": 0, "w": 612, "h": 792}


def test_embedded_and_layout_crops_link_the_image_item():
    doc = parse(image_pdf(), tier="cost_effective", options={"output_options": {
        "images_to_save": ["embedded", "layout"]}})
    by_cat = {im.category: im for im in doc.images}
    emb, lay = by_cat["embedded"], by_cat["layout"]
    assert emb.filename == "page_1_image_0.png" and lay.filename == "page_1_layout_0.png"
    for im in (emb, lay):
        b = im.bbox
        assert (b.x, b.y, b.w, b.h) == pytest.approx((100, 292, 200, 100), abs=2)
    e = _open(emb.data).convert("RGB")
    assert e.size == (400, 200)  # the embedded picture at its own resolution
    assert e.getpixel((50, 100)) == pytest.approx((255, 0, 0), abs=10)
    assert e.getpixel((350, 100)) == pytest.approx((0, 0, 255), abs=10)
    crop = _open(lay.data).convert("RGB")
    r, g, b_ = crop.getpixel((crop.width // 4, crop.height // 2))
    assert r > 200 and g < 60 and b_ < 60
    items = render(doc, "items")["pages"][0]["items"]
    pics = [it for it in items if it["type"] == "image"]
    assert [it["url"] for it in pics] == ["page_1_layout_0.png"]
    assert "](page_1_layout_0.png)" in render(doc, "markdown")["pages"][0]["markdown"]


def test_embedded_only_links_matching_item():
    doc = parse(image_pdf(), tier="agentic", options={"output_options": {
        "images_to_save": ["embedded"]}})
    assert [im.category for im in doc.images] == ["embedded"]
    pics = [it for it in doc.pages[0].items if it.type == "image"]
    assert pics and pics[0].url == "page_1_image_0.png"


def test_callback_takes_the_bytes():
    got: list[tuple[str, bytes]] = []
    doc = parse(image_pdf(2), tier="fast", options={"output_options": {
        "images_to_save": ["screenshot", "embedded"]}},
        on_image=lambda im, png: got.append((im.filename, png)))
    assert [n for n, _ in got] == [im.filename for im in doc.images]
    assert len(got) == 4 and all(png[:8] == PNG for _, png in got)
    assert all(im.data is None for im in doc.images)


def test_count_cap_is_reported(monkeypatch):
    monkeypatch.setattr(images_mod, "MAX_IMAGES", 1)
    doc = parse(image_pdf(3), tier="fast", options={"output_options": {
        "images_to_save": ["screenshot"]}})
    assert len(doc.images) == 1
    assert any("first 1 images" in w for w in doc.warnings)


def test_byte_cap_is_reported(monkeypatch):
    monkeypatch.setattr(images_mod, "MAX_TOTAL_BYTES", 10)
    doc = parse(image_pdf(1), tier="fast", options={"output_options": {
        "images_to_save": ["screenshot"]}})
    assert doc.images == [] and any("MiB" in w for w in doc.warnings)


def test_default_saves_nothing_and_bad_values_fail():
    assert parse(image_pdf(), tier="cost_effective").images == []
    with pytest.raises(ParseError, match="images_to_save"):
        parse(image_pdf(), tier="fast", options={"output_options": {
            "images_to_save": ["thumbnail"]}})


def test_non_page_formats_warn():
    doc = parse(b"# T\n\ntext\n", tier="fast", filename="a.md",
                options={"output_options": {"images_to_save": ["screenshot"]}})
    assert doc.images == [] and any("images_to_save" in w for w in doc.warnings)
