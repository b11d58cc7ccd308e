"""The case sheet as a PDF (fpdf2 with HarfBuzz text shaping).

fpdf2 hands each line to HarfBuzz (uharfbuzz), which picks the joined forms of Arabic letters
from the font, and applies the Unicode bidirectional algorithm, so an Arabic name runs right to
left inside a German line and its text is stored in logical order (copy, search and text
extraction give the name as typed). The font is embedded (subset), so the sheet looks the same
on every computer.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.reports.fonts import BOLD, REGULAR
from dialogs.report.casesheet import CaseSheet, Line

FAMILY = "DejaVu"
LABEL_WIDTH = 62.0  # mm


class _Sheet(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-18)
        self.set_font(FAMILY, size=7.5)
        self.set_text_color(90)
        self.multi_cell(0, 3.6, self.footer_text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.cell(0, 4, f"Seite {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0)


def _heading(pdf: FPDF, text: str, size: float) -> None:
    pdf.set_font(FAMILY, "B", size)
    pdf.ln(2)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _line(pdf: FPDF, line: Line, *, label_width: float = LABEL_WIDTH) -> None:
    """Label left, value right; a name typed in another script stands beside its Latin form."""
    if pdf.will_page_break(10):
        pdf.add_page()
    y = pdf.get_y()
    pdf.set_font(FAMILY, "B", 9.5)
    pdf.multi_cell(label_width - 2, 5, line.label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    label_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + label_width, y)
    if line.original is None:
        pdf.set_font(FAMILY, size=9.5)
        value = line.value or "–"
    else:
        pdf.set_font(FAMILY, "B", 11)
        value = f"{line.value}   ·   {line.original}"
    pdf.multi_cell(0, 5.5, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), label_bottom))


def render_pdf(sheet: CaseSheet) -> bytes:
    pdf = _Sheet(format="A4")
    pdf.footer_text = sheet.footer
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=24)
    pdf.add_font(FAMILY, "", str(REGULAR))
    pdf.add_font(FAMILY, "B", str(BOLD))
    pdf.set_text_shaping(use_shaping_engine=True)
    pdf.set_title(sheet.title)
    pdf.set_creator("Schullotse")
    pdf.add_page()
    _heading(pdf, sheet.title, 15)
    for line in sheet.facts:
        _line(pdf, line)
    for child in sheet.children:
        _heading(pdf, child.heading, 13)
        for line in child.answers:
            _line(pdf, line)
        _heading(pdf, "Ersteinschätzung (automatisch, vorläufig)", 11)
        for line in child.estimate:
            _line(pdf, line)
        if child.sources:
            _heading(pdf, "Rechtliche Grundlagen der Einschätzung", 10)
            for line in child.sources:
                _line(pdf, line, label_width=30)
        if child.override:
            _heading(pdf, "Korrektur durch die Beratung", 11)
            for line in child.override:
                _line(pdf, line)
    if sheet.left_out:
        _heading(pdf, "Nicht enthalten", 11)
        pdf.set_font(FAMILY, size=9.5)
        for text in sheet.left_out:
            pdf.multi_cell(0, 5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if sheet.notes:
        _heading(pdf, "Interne Notizen der Beratung", 11)
        for line in sheet.notes:
            _line(pdf, line, label_width=45)
    return bytes(pdf.output())
