"""Reading each format into blocks with page numbers, passages that follow sections, and one
clear line for every kind of bad input (files made by the real libraries)."""

from __future__ import annotations

import shutil

import pytest

from assistant.documents import parsers
from assistant.documents.items import heading_item, referenced_items
from assistant.documents.model import Block, DocumentError
from assistant.documents.passages import chunk_blocks, sentences
from tests.fixtures.documents import TOPICS, deck_pptx, procedure_docx, procedure_pdf, standard_pdf, write_pdf


def test_pdf_pages_and_item_headings(tmp_path):
    parsed = parsers.parse(standard_pdf(tmp_path / "s.pdf"))
    assert parsed.pages == 4 and parsed.empty_pages == []
    headings = [(b.page, b.text) for b in parsed.blocks if b.kind == "heading"]
    assert (2, "2.3 Corrective Action and Continuous Improvement") in headings
    chunks = chunk_blocks(parsed.blocks, 900)
    by_item = {c.item: c for c in chunks if c.item}
    assert by_item["2.3"].page == 2 and by_item["2.4"].page == 3
    assert by_item["2.3"].section == ("2.3 Corrective Action and Continuous Improvement",)


def test_docx_headings_tables_numbered_paragraphs_and_page_breaks(tmp_path):
    parsed = parsers.parse(procedure_docx(tmp_path / "p.docx", TOPICS[:3], "es"))
    assert parsed.pages == 3
    headings = [(b.page, b.text) for b in parsed.blocks if b.kind == "heading"]
    assert (2, "Acciones correctivas") in headings
    rows = [b for b in parsed.blocks if b.kind == "row"]
    assert rows[0].text == "Paso | Responsable | Registro" and rows[1].text == "1 | Líder | log-calibration"
    assert any(b.text == "1. Requisito relacionado: ítem 2.3." and b.page == 2 for b in parsed.blocks)


def test_pptx_titles_body_notes_and_slide_numbers(tmp_path):
    parsed = parsers.parse(deck_pptx(tmp_path / "d.pptx", TOPICS[:2], "en"))
    assert parsed.pages == 2
    slide2 = [b for b in parsed.blocks if b.page == 2]
    assert slide2[0] == Block("heading", "Corrective actions", 2, 1)
    assert [b.text for b in slide2].count("Corrective actions") == 1  # the title is not repeated as body
    assert slide2[-1].text == "Trainer note: link this slide to item 2.3."


def test_markdown_html_and_text(tmp_path):
    md = tmp_path / "a.md"
    md.write_text("# Quality\n\n## 2. Calibration\n\nWe meet on Tuesdays.\nScores are logged.\n\n| Day | Who |\n|---|---|\n| Tue | QA |\n",
                  encoding="utf-8")
    blocks = parsers.parse(md).blocks
    assert [b.kind for b in blocks] == ["heading", "heading", "text", "row", "row"]
    assert blocks[2].text == "We meet on Tuesdays. Scores are logged." and blocks[4].text == "Tue | QA"
    html = tmp_path / "a.html"
    html.write_text("<html><head><style>p{}</style></head><body><h1>Título</h1><p>Uno &amp; dos.</p>"
                    "<table><tr><td>a</td><td>b</td></tr></table><script>x()</script></body></html>", encoding="utf-8")
    assert [(b.kind, b.text) for b in parsers.parse(html).blocks] == [("heading", "Título"), ("text", "Uno & dos."), ("row", "a | b")]
    txt = tmp_path / "a.txt"
    txt.write_text("2.3 Corrective action\nFirst page text that wraps onto the\n15 minutes line.\f\nSecond page text.",
                   encoding="utf-8")
    parsed = parsers.parse(txt)
    assert parsed.pages == 2 and parsed.blocks[0].kind == "heading" and parsed.blocks[-1].page == 2
    assert parsed.blocks[1].text == "First page text that wraps onto the 15 minutes line."  # not a heading


def test_passages_never_split_sentences_or_rows():
    long = " ".join(f"Sentence number {i} explains one step of the procedure in some detail." for i in range(40))
    row = "A | " + "very long cell " * 80
    blocks = [Block("heading", "2.3 Corrective action", 1, 1), Block("text", long, 1), Block("row", row, 1),
              Block("text", "Next page.", 2)]
    chunks = chunk_blocks(blocks, 400)
    assert all(len(c.text) <= 400 or c.text == row for c in chunks)
    assert row in [c.text for c in chunks]
    joined = " ".join(c.text for c in chunks if c.page == 1 and c.text != row)
    assert joined == long  # every sentence whole, in order
    assert all(c.text.endswith(".") for c in chunks if c.text != row)
    assert chunks[-1].page == 2 and chunks[-1].item == "2.3"
    assert sentences("See item 2.3 of the standard. Then act.") == ["See item 2.3 of the standard.", "Then act."]


def test_item_headings_and_references():
    assert heading_item("2.3 Corrective Action") == "2.3"
    assert heading_item("Ítem 2.10 Reportes") == "2.10"
    assert heading_item("B.2 Data security") == "B.2"
    assert heading_item("Scope of this document") is None
    assert referenced_items("This supports COPC 2.3 and 2.4; see also ítem B.1.") == ["2.3", "2.4", "B.1"]
    assert referenced_items("Version 2.3 of the tool") == []


@pytest.mark.parametrize("name, make, reason", [
    ("locked.pdf", lambda p: write_pdf(p, [[("p", "secret")]], encrypt="pw"), "encrypted PDF"),
    ("broken.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n garbage that is no PDF"), "not a readable PDF"),
    ("image.pdf", lambda p: write_pdf(p, [[]]), "no text layer"),
    ("broken.docx", lambda p: p.write_bytes(b"PK\x03\x04 not a zip"), "not a readable Word file"),
    ("broken.pptx", lambda p: p.write_text("plain text", encoding="utf-8"), "not a readable PowerPoint file"),
    ("sheet.xlsx", lambda p: p.write_bytes(b"PK"), "unsupported format '.xlsx'"),
    ("blank.md", lambda p: p.write_text("\n\n", encoding="utf-8"), "no text found"),
])
def test_bad_files_give_one_line(tmp_path, name, make, reason):
    path = tmp_path / name
    make(path)
    with pytest.raises(DocumentError, match=reason) as info:
        parsers.parse(path)
    assert "\n" not in str(info.value)


def test_legacy_formats_need_libreoffice(tmp_path, monkeypatch):
    path = tmp_path / "old.ppt"
    path.write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        with pytest.raises(DocumentError, match=r"legacy \.ppt needs LibreOffice .*save the file as \.pptx"):
            parsers.parse(path)
    else:  # pragma: no cover - depends on the machine
        with pytest.raises(DocumentError):
            parsers.parse(path)


def test_procedure_pdf_one_topic_per_page(tmp_path):
    parsed = parsers.parse(procedure_pdf(tmp_path / "p.pdf", TOPICS[:3], "en"))
    assert [b.text for b in parsed.blocks if b.kind == "heading"] == ["1. Calibration sessions", "2. Corrective actions",
                                                                      "3. Forecasting contact volume"]
    assert {b.page for b in parsed.blocks} == {1, 2, 3}
