"""Uploads record the parse engine's verdict on their bytes, so a batch accepts exactly the
files ``POST /api/v2/parse`` reads, whatever their names say."""

from __future__ import annotations

import io
import zipfile

from tests import docs
from tests.conformance.helpers import wait_batch

FAST = {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}}


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("Extensionless Report", level=1)
    d.add_paragraph("Read from its bytes.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _book() -> bytes:
    return docs.epub(
        {"a.xhtml": "<h1>Alpha Chapter</h1><p>manifest first</p>",
         "b.xhtml": "<h1>Beta Chapter</h1><ul><li>spine first</li></ul>"},
        ["b.xhtml", "a.xhtml"],
    )


def _zip(entries: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _odt() -> bytes:
    return _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


def test_upload_records_the_engines_verdict(client):
    cases = [
        ("report", _docx(), "docx"),
        ("book", _book(), "epub"),
        ("book.zip", _book(), "epub"),
        ("novel.epub", _odt(), "odt"),
        ("archive.docx", _zip({"a.txt": "hi"}), "zip"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "png"),
    ]
    for name, data, expected in cases:
        created = client.files.create(file=(name, data), purpose="parse")
        assert (name, created.file_type) == (name, expected)


def test_extensionless_docx_and_epub_complete_in_a_batch(client):
    d = client.beta.directories.create(name="by-content", type="ephemeral")
    files = {"report": _docx(), "book": _book(), "archive.zip": _zip({"a.txt": "hi"}),
             "novel.epub": _odt()}
    ids = {
        name: client.beta.directories.files.upload(d.id, upload_file=(name, data)).id
        for name, data in files.items()
    }
    batch = client.batches.create(source_directory_id=d.id, config=FAST)
    done = wait_batch(client, batch.id)
    progress = done.model_extra["progress"]
    # the two unmapped files count as failed; nothing else failed
    assert (progress["completed"], progress["failed"], progress["unmapped"]) == (2, 2, 2)

    results = {r.source_directory_file_id: r for r in
               client.batches.get(batch.id, expand=["results"]).results}
    assert results[ids["archive.zip"]].error_message == (
        "unsupported file type 'zip' for archive.zip")
    assert results[ids["novel.epub"]].error_message == (
        "unsupported file type 'odt' for novel.epub")

    def pages(name: str) -> list[str]:
        job_id = results[ids[name]].job_reference.id
        got = client.parsing.get(job_id, expand=["markdown"])
        assert got.job.status == "COMPLETED"
        return [p.markdown for p in got.markdown.pages]

    report = pages("report")
    assert "# Extensionless Report" in report[0] and "Read from its bytes." in report[0]
    book = pages("book")  # one page per spine item, in spine order
    assert len(book) == 2
    assert "# Beta Chapter" in book[0] and "spine first" in book[0]
    assert "# Alpha Chapter" in book[1]
