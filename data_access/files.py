"""What an uploaded file is, read from its content, and whether it may be kept.

A file's name says nothing: its type is recognised from its bytes (``filetype``), then its
structure is checked before anything is decoded, so that a hostile file costs little and is
refused with a reason (``FileRefused.key``, a catalogue key): a renamed executable, a DOCX or
XLSX whose entries would inflate past a bound (a zip bomb), an image with more pixels than a
bound (a decompression bomb), a PDF with embedded scripts or launch actions, a file over the cap.
Only what passed is decoded, and only boundedly: a thumbnail of an image, the pages and text of
a PDF, the text of a DOCX.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import docx
import filetype
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import DependencyError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

SUPPORTED = {  # file type -> the MIME type it is served with
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}
# The part an Office file of each type cannot be without.
_OFFICE_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

MAX_PIXELS = 80_000_000  # a 64-megapixel phone photo passes; below Pillow's own bomb warning (89 M)
MAX_ZIP_ENTRIES = 5_000
MAX_INFLATED = 200 * 1024 * 1024  # all entries of a DOCX or XLSX together, as the zip declares them
MAX_RATIO = 200  # inflated / compressed, for an entry over RATIO_FROM bytes: text compresses 10-20 times
RATIO_FROM = 1024 * 1024
MAX_PDF_OBJECTS = 500_000  # objects looked at for scripts; more is refused as too complex to check
TEXT_PAGES = 200  # a PDF's text is read from its first pages
MAX_TEXT = 200_000  # characters of text kept for search
THUMBNAIL_SIZE = (320, 320)

_SCRIPT_NAMES = {"/JS", "/JavaScript", "/XFA"}  # an XFA form carries its scripts in its XML
_SCRIPT_ACTIONS = {"/JavaScript", "/Launch"}  # an action's /S that runs code or a program


class FileRefused(ValueError):
    """A file that is not kept; ``key`` names the reason in the catalogue, ``params`` fill it in."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Inspected:
    file_type: str  # a key of SUPPORTED
    mime: str
    size: int
    sha256: str
    page_count: int | None = None
    thumbnail: bytes | None = None  # PNG
    text: str = ""


def inspect_file(data: bytes, allowed: tuple[str, ...], max_bytes: int) -> Inspected:
    """The file described, or FileRefused. ``allowed``: the file types its purpose takes."""
    if not data:
        raise FileRefused("attachment.refused.empty")
    if len(data) > max_bytes:
        raise FileRefused("attachment.refused.too_big", size=_megabytes(len(data)), max=_megabytes(max_bytes))
    guessed = filetype.guess(data)
    file_type = guessed.extension if guessed else None
    if file_type not in SUPPORTED:
        raise FileRefused("attachment.refused.type")
    if file_type not in allowed:
        raise FileRefused("attachment.refused.not_for_purpose", types=", ".join(t.upper() for t in allowed))
    described = _READERS[file_type](data, file_type)
    return Inspected(file_type, SUPPORTED[file_type], len(data), hashlib.sha256(data).hexdigest(), **described)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


# ---------------------------------------------------------------- images


def _image(data: bytes, file_type: str) -> dict:
    try:
        with Image.open(io.BytesIO(data)) as header:  # reads the header only, no pixels yet
            if header.width * header.height > MAX_PIXELS:
                raise FileRefused("attachment.refused.image_bomb")
            header.verify()  # a PNG's chunk checksums; the format's structure
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (THUMBNAIL_SIZE[0] * 2, THUMBNAIL_SIZE[1] * 2))  # a JPEG decodes at a fraction of its size
            small = ImageOps.exif_transpose(image)  # as the phone showed it, not as the sensor lay
            small.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            small.convert("RGBA" if small.mode in ("RGBA", "LA", "P") else "RGB").save(out, "PNG", optimize=True)
    except FileRefused:
        raise
    except Image.DecompressionBombError:
        raise FileRefused("attachment.refused.image_bomb") from None  # more pixels than Pillow opens
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise FileRefused("attachment.refused.damaged") from None
    return {"thumbnail": out.getvalue()}


# ---------------------------------------------------------------- DOCX and XLSX


def _office(data: bytes, file_type: str) -> dict:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused("attachment.refused.damaged") from None
    _check_entries(entries)
    names = {entry.filename for entry in entries}
    if _OFFICE_MAIN_PART[file_type] not in names:
        raise FileRefused("attachment.refused.damaged")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise FileRefused("attachment.refused.macros")
    return {"text": _docx_text(data) if file_type == "docx" else ""}


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from its directory, before inflating anything. Reading an entry stops at
    the size the directory declares (zipfile checks it), so these bounds hold for what follows."""
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileRefused("attachment.refused.zip_bomb")
    if sum(entry.file_size for entry in entries) > MAX_INFLATED:
        raise FileRefused("attachment.refused.zip_bomb")
    for entry in entries:
        if entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise FileRefused("attachment.refused.zip_bomb")


def _docx_text(data: bytes) -> str:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError):  # lxml's XMLSyntaxError is a SyntaxError
        raise FileRefused("attachment.refused.damaged") from None
    cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return _bounded(itertools.chain((p.text for p in document.paragraphs), cells))


def _bounded(texts: Iterable[str]) -> str:
    """Texts one a line, up to MAX_TEXT characters; those past it are never asked for."""
    kept, length = [], 0
    for text in texts:
        if length >= MAX_TEXT:
            break
        kept.append(text)
        length += len(text) + 1
    return "\n".join(kept)[:MAX_TEXT]


# ---------------------------------------------------------------- PDF


def _pdf(data: bytes, file_type: str) -> dict:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileRefused("attachment.refused.encrypted")
        _check_scripts(reader)
        pages = len(reader.pages)
        text = _bounded(page.extract_text() or "" for page in reader.pages[:TEXT_PAGES])
    except FileRefused:
        raise
    except DependencyError:  # AES encryption needs the cryptography package, which is not installed
        raise FileRefused("attachment.refused.encrypted") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        raise FileRefused("attachment.refused.damaged") from None
    return {"page_count": pages, "text": text}


def _check_scripts(reader: PdfReader) -> None:
    """Refuse a PDF any of whose objects names a script (/JS, /JavaScript, /XFA) or whose action
    runs code or a program (/S /JavaScript, /S /Launch): in the catalogue's /OpenAction, a page's
    /AA, an annotation's /A, the document's /Names. Objects are read as pypdf parses them, so
    names written with #xx escapes and objects inside compressed object streams are seen too
    (a look at the raw bytes would miss both, and take compressed bytes for names)."""
    for count, value in enumerate(_objects(reader)):
        if count > MAX_PDF_OBJECTS:
            raise FileRefused("attachment.refused.too_complex")
        if isinstance(value, DictionaryObject):
            if _SCRIPT_NAMES & set(value.keys()) or value.get("/S") in _SCRIPT_ACTIONS:
                raise FileRefused("attachment.refused.pdf_script")


def _objects(reader: PdfReader) -> Iterator:
    """Every dictionary and array reachable from the trailer, each indirect object once."""
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    while stack:
        value = stack.pop()
        if isinstance(value, IndirectObject):
            ref = (value.idnum, value.generation)
            if ref in seen:
                continue
            seen.add(ref)
            value = value.get_object()
        if isinstance(value, DictionaryObject):
            yield value
            stack.extend(v for k, v in value.items() if k != NameObject("/Parent"))
        elif isinstance(value, ArrayObject):
            yield value
            stack.extend(value)


_READERS = {"pdf": _pdf, "docx": _office, "xlsx": _office, "jpg": _image, "png": _image}
