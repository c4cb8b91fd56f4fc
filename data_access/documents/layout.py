"""The page of a Chinese official document (GB/T 9704) in python-docx: A4, its margins, its fonts,
headings numbered 一、（一）1., tables with a repeated header row, the issuer and date at the end.

Fonts are the ones a federation office has (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312), named on
every run for East-Asian text (``w:eastAsia``): Word shows them where they are installed, and
LibreOffice or WPS fall back to an installed CJK font where they are not.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph


@dataclass(frozen=True)
class Face:
    """A font role: the East-Asian font, its size (pt) and weight."""

    east_asian: str
    size: float
    bold: bool = False


LATIN = "Times New Roman"
TITLE = Face("方正小标宋简体", 22)  # 二号
BODY = Face("仿宋_GB2312", 16)  # 三号
HEADINGS = (Face("黑体", 16), Face("楷体_GB2312", 16), Face("仿宋_GB2312", 16, bold=True))
SUBTITLE = Face("楷体_GB2312", 16)
TABLE = Face("仿宋_GB2312", 11)
TABLE_HEADER = Face("黑体", 11)
NOTE = Face("仿宋_GB2312", 12)  # 小四: figure captions and notes under a table
PAGE_NUMBER = Face("宋体", 14)  # 四号
FACES = (TITLE, BODY, *HEADINGS, SUBTITLE, TABLE, TABLE_HEADER, NOTE, PAGE_NUMBER)

TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6  # A4 less the left and right margins
LINE_PITCH = Pt(28)  # 22 lines a page of 三号 text
INDENT = Pt(32)  # two characters of 三号
HEADER_FILL = "E7E6E6"
KEEP_TOGETHER_ROWS = 12  # a table of up to this many rows is kept on one page
# Characters XML 1.0 cannot hold; a user's text with one would make the document unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (headings never reach a hundred)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CHINESE_DIGITS[ones]
    return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out


def heading_number(level: int, n: int, lang: str) -> str:
    """一、 （一） 1. in Chinese; I. (1) 1. in English."""
    if lang == "zh":
        return (f"{chinese_number(n)}、", f"（{chinese_number(n)}）", f"{n}.")[level - 1]
    return (f"{_roman(n)}. ", f"({n}) ", f"{n}. ")[level - 1]


def plain_text(value: object) -> str:
    """A value as the text it reads as, without characters XML cannot hold."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def _set_fonts(rpr, face: Face) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the named one
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:cs"), LATIN)
    fonts.set(qn("w:eastAsia"), face.east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _run(paragraph: Paragraph, text: object, face: Face):
    run = paragraph.add_run(plain_text(text))
    run.font.size = Pt(face.size)
    run.font.bold = face.bold
    run.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(run._element.get_or_add_rPr(), face)
    return run


def _spacing(paragraph: Paragraph, *, exact: bool = True, before: float = 0, after: float = 0) -> None:
    fmt = paragraph.paragraph_format
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._element.get_or_add_tcPr().append(shading)


def _repeat_as_header(row) -> None:
    """The row is repeated at the top of every page the table runs on (and read as its header)."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _keep_whole(row) -> None:
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(cant_split)


def _keep_with_next(row, keep: bool) -> None:
    for cell in row.cells:
        cell.paragraphs[0].paragraph_format.keep_with_next = keep


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field between dashes: "— 3 —", as official documents number their pages."""
    _run(paragraph, "— ", PAGE_NUMBER)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        run = _run(paragraph, "", PAGE_NUMBER)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == "PAGE":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = " PAGE "
            run._element.append(code)
        else:
            run.text = text
    _run(paragraph, " —", PAGE_NUMBER)


class OfficialDocument:
    """One document being written, top to bottom. Headings number themselves by level."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.doc = Document()
        self._numbers = [0, 0, 0]
        self._setup_page(self.doc.sections[0])
        self._setup_styles()

    # ------------------------------------------------------------ set-up

    @staticmethod
    def _setup_page(section) -> None:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        section.header_distance, section.footer_distance = Cm(1.5), Cm(2.0)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(footer)

    def _setup_styles(self) -> None:
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(BODY.size)
        rpr = normal.element.get_or_add_rPr()
        _set_fonts(rpr, BODY)
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), "en-US")
        language.set(qn("w:eastAsia"), "zh-CN")  # CJK glyphs in their Simplified Chinese forms
        rpr.append(language)
        for level, face in enumerate(HEADINGS, start=1):
            style = self.doc.styles[f"Heading {level}"]
            style.font.size, style.font.bold, style.font.italic = Pt(face.size), face.bold, False
            style.font.color.rgb = RGBColor(0, 0, 0)
            _set_fonts(style.element.get_or_add_rPr(), face)

    # ------------------------------------------------------------ blocks

    def title(self, text: str) -> None:
        """The title, centred; a line break in ``text`` starts its second line."""
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(paragraph, exact=False, after=12)
        paragraph.paragraph_format.line_spacing = 1.25
        for index, line in enumerate(text.split("\n")):
            if index:
                paragraph.runs[-1].add_break(WD_BREAK.LINE)
            _run(paragraph, line, TITLE)

    def centred(self, text: str, face: Face = SUBTITLE) -> None:
        """A centred line under the title: the document number, the day the figures are of."""
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(paragraph, after=14)
        _run(paragraph, text, face)

    def addressee(self, text: str) -> None:
        """主送机关: flush left, followed by a colon."""
        paragraph = self.doc.add_paragraph()
        _spacing(paragraph, before=14)
        _run(paragraph, text, BODY)

    def heading(self, level: int, text: str) -> str:
        """A heading numbered in sequence at its level (lower levels start again); returns its text."""
        self._numbers[level - 1] += 1
        self._numbers[level:] = [0] * (len(self._numbers) - level)
        numbered = heading_number(level, self._numbers[level - 1], self.lang) + text
        paragraph = self.doc.add_paragraph(style=f"Heading {level}")
        paragraph.paragraph_format.first_line_indent = INDENT
        paragraph.paragraph_format.keep_with_next = True
        _spacing(paragraph)
        _run(paragraph, numbered, HEADINGS[level - 1])
        return numbered

    def paragraph(self, text: str, *, keep_with_next: bool = False) -> None:
        """Body text, its first line indented two characters; ``keep_with_next`` for one that
        introduces a table."""
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = INDENT
        paragraph.paragraph_format.keep_with_next = keep_with_next
        _spacing(paragraph)
        _run(paragraph, text, BODY)

    def note(self, text: str, *, centred: bool = False) -> None:
        """Small text under a table or a chart: a caption, what a column means."""
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
        _spacing(paragraph, exact=False, before=2, after=8)
        _run(paragraph, text, NOTE)

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[object]], widths_cm: Sequence[float], centre: Sequence[int] = ()
    ) -> None:
        """A grid with a shaded header row repeated on every page; ``centre`` lists the columns
        whose cells are centred (numbers, dates); widths are scaled to the text width."""
        scale = TEXT_WIDTH_CM / sum(widths_cm)
        widths = [Cm(w * scale) for w in widths_cm]
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # a fixed layout: the widths below, not the text, size the columns
        for column, width in zip(table.columns, widths):
            column.width = width  # the grid LibreOffice reads; Word reads each cell's width
        _repeat_as_header(table.rows[0])
        for cell, label, width in zip(table.rows[0].cells, header, widths):
            self._cell(cell, label, width, TABLE_HEADER, centred=True)
            _shade(cell, HEADER_FILL)
        together = len(rows) <= KEEP_TOGETHER_ROWS
        for number, values in enumerate(rows, start=1):
            row = table.add_row()
            _keep_whole(row)
            for index, (cell, value, width) in enumerate(zip(row.cells, values, widths)):
                self._cell(cell, value, width, TABLE, centred=index in centre)
                # A short table is not split over two pages: each row holds on to the next.
                cell.paragraphs[0].paragraph_format.keep_with_next = together and number < len(rows)
        _keep_with_next(table.rows[0], together and bool(rows))
        self._gap()

    @staticmethod
    def _cell(cell: _Cell, value: object, width, face: Face, *, centred: bool) -> None:
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
        _spacing(paragraph, exact=False, before=1, after=1)
        _run(paragraph, value, face)

    def _gap(self) -> None:
        paragraph = self.doc.add_paragraph()
        _spacing(paragraph, exact=False)
        paragraph.paragraph_format.space_after = Pt(4)

    def image(self, png: bytes, caption: str, width_cm: float = TEXT_WIDTH_CM) -> None:
        """A chart, centred at the text width, its caption below."""
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        _spacing(paragraph, exact=False, before=6)  # an exact line pitch would clip the picture
        paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
        self.note(caption, centred=True)

    def signature(self, issuer: str, day: str) -> None:
        """The issuer and the date at the end, right-aligned, two characters in from the margin."""
        for index, text in enumerate((issuer, day)):
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = INDENT
            _spacing(paragraph, before=28 if index == 0 else 0)
            _run(paragraph, text, BODY)

    def annex_list(self, label: str, names: Sequence[str]) -> None:
        """附件：1. … below the text, each name on a line of its own, aligned under the first."""
        width = Pt(BODY.size * len(label) * (1 if self.lang == "zh" else 0.5))  # a Latin letter is half a character
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.left_indent = INDENT + width
        paragraph.paragraph_format.first_line_indent = -width
        _spacing(paragraph, before=14)
        for n, name in enumerate(names, start=1):
            if n > 1:
                paragraph.runs[-1].add_break(WD_BREAK.LINE)
            _run(paragraph, f"{label}{n}. {name}" if n == 1 else f"{n}. {name}", BODY)

    def annex_title(self, label: str, title: str) -> None:
        """附件 N on a new page, flush left in 黑体, the annex's title centred below."""
        self.doc.add_section(WD_SECTION.NEW_PAGE)
        paragraph = self.doc.add_paragraph()
        _spacing(paragraph)
        _run(paragraph, label, HEADINGS[0])
        self.title(title)

    def new_letter(self) -> None:
        """The next of several letters in one file: a new page, numbered from 1, headings from 一."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        numbering = OxmlElement("w:pgNumType")
        numbering.set(qn("w:start"), "1")
        section._sectPr.append(numbering)
        self._numbers = [0, 0, 0]

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
