"""Read a file into ordered blocks (headings, paragraphs, table rows) with page or slide numbers.

One reader per format, each on the maintained library made for it: pypdfium2 (PDF text layer;
Apache-2.0/BSD), python-docx and python-pptx (MIT). Markdown, HTML and plain text need only the
standard library. Legacy .doc/.ppt go through LibreOffice when ``soffice`` is installed. Every
failure becomes a ``DocumentError`` whose message is one line for the report.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from assistant.documents.model import Block, DocumentError, ParsedFile

SUFFIXES = (".pdf", ".docx", ".pptx", ".md", ".markdown", ".html", ".htm", ".txt", ".doc", ".ppt")
# A numbered heading line in text without styles (PDF, plain text): "2.3 Corrective action",
# "B.2 Data security", "Ítem 2.3 ...", "4. Scope". Short, capitalised after the number (a wrapped
# line "15 minutes, and the ..." is body text), and not ending like a sentence.
_HEADING_LINE = re.compile(
    r"^(?:(?:[IÍ]tem|Item|Section|Secci[oó]n)\s+)?(?:\d{1,2}(?:\.\d{1,2}){0,2}\.?|[A-H]\.\d{1,2})\s+[A-ZÁÉÍÓÚÑ¿¡].{0,90}$"
)
_SENTENCE_END = re.compile(r"[.;:!?]$")


def parse(path: Path) -> ParsedFile:
    suffix = path.suffix.lower()
    if suffix in (".doc", ".ppt"):
        return _legacy(path, suffix)
    reader = _READERS.get(suffix)
    if reader is None:
        raise DocumentError(f"unsupported format '{suffix or path.name}' (supported: {', '.join(SUFFIXES)})")
    parsed = reader(path)
    if not any(b.text.strip() for b in parsed.blocks):
        if parsed.pages and len(parsed.empty_pages) == parsed.pages and suffix == ".pdf":
            raise DocumentError("no text layer (scanned or image-only PDF); install tesseract for OCR, "
                                "or export the PDF with text")
        raise DocumentError("no text found (empty document)")
    return parsed


# ---- PDF ----------------------------------------------------------------------------------------
def _pdf(path: Path) -> ParsedFile:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise DocumentError("encrypted PDF (password protected): save an unprotected copy") from None
        raise DocumentError(f"not a readable PDF (damaged or not a PDF: {exc})") from None
    blocks: list[Block] = []
    empty: list[int] = []
    try:
        pages = len(pdf)
        for i in range(pages):
            page = pdf[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range() or ""
            textpage.close()
            if not text.strip():
                text = _ocr(page)
            page.close()
            if not text.strip():
                empty.append(i + 1)
                continue
            blocks.extend(_plain_blocks(text.replace("\r\n", "\n").replace("\r", "\n"), i + 1))
    finally:
        pdf.close()
    return ParsedFile(blocks, pages, empty)


def _ocr(page) -> str:
    """Text of an image-only page through tesseract, only when it is installed (else "")."""
    if shutil.which("tesseract") is None:
        return ""
    with tempfile.TemporaryDirectory() as tmp:
        image = Path(tmp) / "page.png"
        page.render(scale=2).to_pil().save(image)
        try:
            done = subprocess.run(["tesseract", str(image), "-", "-l", "eng+spa"], capture_output=True,
                                  text=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return done.stdout if done.returncode == 0 else ""


def _plain_blocks(text: str, page: int) -> list[Block]:
    """Lines -> headings and paragraphs: a paragraph runs until a blank line, a heading line or a
    line that ends a sentence followed by one that starts like a new paragraph."""
    blocks: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(Block("text", " ".join(current), page))
            current.clear()

    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            flush()
            continue
        if _HEADING_LINE.match(line) and not _SENTENCE_END.search(line) and len(line) <= 100:
            flush()
            blocks.append(Block("heading", line, page, _heading_level(line)))
            continue
        if line.startswith(("- ", "• ", "* ")) or "\t" in raw or re.search(r"\S {3,}\S", raw.strip()):
            flush()  # list entries and column-aligned rows stay whole, one block each
            blocks.append(Block("row" if "\t" in raw or "   " in raw.strip() else "text", line, page))
            continue
        current.append(line)
    flush()
    return blocks


def _heading_level(line: str) -> int:
    number = line.split()[0] if not line.lower().startswith(("ítem", "item", "section", "secci")) else line.split()[1]
    return 1 + number.rstrip(".").count(".")


# ---- DOCX ---------------------------------------------------------------------------------------
def _docx(path: Path) -> ParsedFile:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for damaged packages
        raise DocumentError(_package_problem(path, exc, "Word")) from None
    blocks: list[Block] = []
    page = 1
    counter = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            # Page breaks Word recorded (explicit or rendered): the page numbers a reader sees.
            xml = element.xml
            breaks = xml.count('w:type="page"') + xml.count("lastRenderedPageBreak")
            text = " ".join(paragraph.text.split())
            if breaks and not text:
                page += breaks
                continue
            if text:
                level = _docx_heading_level(paragraph)
                if level:
                    blocks.append(Block("heading", text, page, level))
                    counter = 0
                else:
                    style = (paragraph.style.name if paragraph.style is not None else "") or ""
                    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
                    if "Number" in style or (numbered and "Bullet" not in style):
                        # Word draws automatic numbers; the text lacks them. Count them back so
                        # "step 3" in a question finds step 3 (restarting under each heading).
                        counter += 1
                        text = f"{counter}. {text}"
                    elif numbered or "Bullet" in style:
                        text = f"• {text}"
                    blocks.append(Block("text", text, page))
            page += breaks
        elif tag == "tbl":
            for row in Table(element, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    blocks.append(Block("row", " | ".join(cells), page))
    return ParsedFile(blocks, page)


def _docx_heading_level(paragraph) -> int:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name == "Title":
        return 1
    match = re.match(r"(?:Heading|Título|Titulo)\s*(\d)", name)
    return int(match.group(1)) if match else 0


# ---- PPTX ---------------------------------------------------------------------------------------
def _pptx(path: Path) -> ParsedFile:
    from pptx import Presentation

    try:
        deck = Presentation(str(path))
    except Exception as exc:
        raise DocumentError(_package_problem(path, exc, "PowerPoint")) from None
    blocks: list[Block] = []
    empty: list[int] = []
    slides = 0
    for number, slide in enumerate(deck.slides, start=1):
        slides = number
        before = len(blocks)
        title_shape = slide.shapes.title
        if title_shape is not None and title_shape.has_text_frame and title_shape.text_frame.text.strip():
            blocks.append(Block("heading", " ".join(title_shape.text_frame.text.split()), number, 1))
        title_id = title_shape.shape_id if title_shape is not None else None
        for shape in slide.shapes:
            if shape.shape_id == title_id:  # python-pptx hands out a new proxy per access
                continue
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    cells = [" ".join(c.text.split()) for c in row.cells if c.text.strip()]
                    if cells:
                        blocks.append(Block("row", " | ".join(cells), number))
            elif shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    text = " ".join("".join(r.text for r in paragraph.runs).split())
                    if text:
                        blocks.append(Block("text", text, number))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            text = " ".join((notes.text if notes is not None else "").split())
            if text:
                blocks.append(Block("text", text, number))  # speaker notes: the trainer's words
        if len(blocks) == before:
            empty.append(number)
    return ParsedFile(blocks, slides, empty)


def _package_problem(path: Path, exc: Exception, program: str) -> str:
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE container: an encrypted Office file
        return f"encrypted or legacy {program} file: save an unprotected copy in the current format"
    return f"not a readable {program} file (damaged or wrong extension: {type(exc).__name__})"


# ---- Markdown, HTML, plain text -----------------------------------------------------------------
def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise DocumentError("binary content in a text file (wrong extension?)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _markdown(path: Path) -> ParsedFile:
    blocks: list[Block] = []
    page = 1
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("text", " ".join(paragraph), page))
            paragraph.clear()

    for raw in _read_text(path).splitlines():
        line = raw.strip()
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", line)
        if "\f" in raw:
            flush()
            page += raw.count("\f")
            continue
        if heading:
            flush()
            blocks.append(Block("heading", heading.group(2), page, len(heading.group(1))))
        elif line.startswith("|"):
            flush()
            if not re.fullmatch(r"\|[\s:|-]+\|?", line):  # not the |---|---| separator
                cells = [c.strip() for c in line.strip("|").split("|") if c.strip()]
                blocks.append(Block("row", " | ".join(cells), page))
        elif re.match(r"^([-*+]|\d+[.)])\s+", line):
            flush()
            blocks.append(Block("text", line, page))
        elif not line:
            flush()
        else:
            paragraph.append(line)
    flush()
    return ParsedFile(blocks, page)


class _HtmlBlocks(HTMLParser):
    _BLOCKS = {"p", "li", "td", "th", "div", "dd", "dt", "blockquote", "pre", "caption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._text: list[str] = []
        self._heading = 0
        self._row: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self._heading = int(tag[1])
        elif tag == "tr":
            self._flush()
            self._row = []
        elif tag in self._BLOCKS or tag == "br":
            self._cell_or_flush()

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif re.fullmatch(r"h[1-6]", tag):
            text = " ".join("".join(self._text).split())
            if text:
                self.blocks.append(Block("heading", text, 1, self._heading))
            self._text, self._heading = [], 0
        elif tag in ("td", "th"):
            self._cell_or_flush()
        elif tag == "tr" and self._row is not None:
            self._cell_or_flush()
            if self._row:
                self.blocks.append(Block("row", " | ".join(self._row), 1))
            self._row = None
        elif tag in self._BLOCKS:
            self._cell_or_flush()

    def handle_data(self, data):
        if not self._skip:
            self._text.append(data)

    def _cell_or_flush(self) -> None:
        if self._row is not None:
            text = " ".join("".join(self._text).split())
            if text:
                self._row.append(text)
            self._text = []
        elif not self._heading:
            self._flush()

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(Block("text", text, 1))
        self._text = []


def _html(path: Path) -> ParsedFile:
    parser = _HtmlBlocks()
    parser.feed(_read_text(path))
    parser.close()
    parser._flush()
    return ParsedFile(parser.blocks, 1)


def _text(path: Path) -> ParsedFile:
    pages = _read_text(path).split("\f")  # form feeds: page breaks of printed text
    blocks: list[Block] = []
    for number, text in enumerate(pages, start=1):
        blocks.extend(_plain_blocks(text, number))
    return ParsedFile(blocks, len(pages))


# ---- legacy Office formats ----------------------------------------------------------------------
def _legacy(path: Path, suffix: str) -> ParsedFile:
    target = {".doc": "docx", ".ppt": "pptx"}[suffix]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DocumentError(f"legacy {suffix} needs LibreOffice to convert it: install it (soffice) or save the "
                            f"file as .{target}")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run([soffice, "--headless", "--convert-to", target, "--outdir", tmp, str(path)],
                           capture_output=True, timeout=300, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            raise DocumentError(f"LibreOffice could not convert {suffix} ({type(exc).__name__})") from None
        converted = Path(tmp) / f"{path.stem}.{target}"
        if not converted.is_file():
            raise DocumentError(f"LibreOffice could not convert {suffix}")
        return _READERS[f".{target}"](converted)


_READERS = {".pdf": _pdf, ".docx": _docx, ".pptx": _pptx, ".md": _markdown, ".markdown": _markdown,
            ".html": _html, ".htm": _html, ".txt": _text}
