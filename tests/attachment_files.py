"""Files to attach in tests, made here byte by byte: good ones of each type and hostile ones."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import openpyxl
from PIL import Image
from pypdf import PdfReader, PdfWriter


def pdf(pages: list[str], catalog_extra: str = "") -> bytes:
    """A PDF with one line of text a page (Helvetica, ASCII), its cross-reference table right."""
    objects = {1: f"<< /Type /Catalog /Pages 2 0 R {catalog_extra}>>", 3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids = []
    for n, text in enumerate(pages):
        page, stream = 4 + 2 * n, 5 + 2 * n
        content = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
        objects[page] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {stream} 0 R >>"
        )
        objects[stream] = f"<< /Length {len(content)} >>\nstream\n{content.decode()}\nendstream"
        kids.append(f"{page} 0 R")
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>"
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offsets[n]:010d} 00000 n \n" for n in sorted(objects)).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def docx_file(*paragraphs: str, cell: str | None = None) -> bytes:
    """A Word document of these paragraphs, and a one-cell table holding ``cell`` if given."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if cell is not None:
        document.add_table(rows=1, cols=1).cell(0, 0).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_file() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["单位", "人数"])
    book.active.append(["正定镇", 12])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def image(width: int = 800, height: int = 600, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, kind)
    return out.getvalue()


# ---------------------------------------------------------------- hostile


def renamed_executable() -> bytes:
    """An ELF program's header (what a Linux executable starts with), to be named minutes.pdf."""
    return b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(300)


def zip_bomb(main_part: str = "word/document.xml", inflated: int = 60 * 1024 * 1024) -> bytes:
    """A DOCX (or XLSX, by ``main_part``) whose main part is ``inflated`` zero bytes, deflated to
    a thousandth of that."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(main_part, bytes(inflated))
    return out.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG whose header claims width × height pixels (10 gigapixels by default), its chunks'
    checksums right, with a few bytes of image data: decoding it would take tens of gigabytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(bytes(1000))) + _png_chunk(b"IEND", b"")


def pdf_with_javascript() -> bytes:
    """A PDF that runs a script when opened."""
    return pdf(["Minutes"], "/OpenAction << /S /JavaScript /JS (app.alert\\('hello'\\)) >> ")


def pdf_with_escaped_javascript() -> bytes:
    """The same script in the document's name tree, its names written with #xx escapes."""
    return pdf(["Minutes"], "/Names << /J#61vaScript << /Names [(a) << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>] >> >> ")


def encrypted_pdf(user_password: str, algorithm: str = "RC4-128") -> bytes:
    """A PDF encrypted by pypdf: one that needs ``user_password`` to open (none if empty)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(["Confidential minutes"]))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with_macros() -> bytes:
    """A Word document carrying a VBA project, as a macro-enabled one saved as .docx would."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_file("纪要")), "r") as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(512))
    return out.getvalue()
