"""The font the PDF embeds: DejaVu Sans, as shipped inside matplotlib's wheel.

It covers Latin (with every German letter), Cyrillic and Arabic, including the letters of
Farsi and most of Pashto, with the OpenType tables HarfBuzz needs to join Arabic letters. It
comes with a dependency we have anyway (charts), so a fresh clone and the Docker image have it
without system fonts; its licence (DejaVu / Bitstream Vera, free to embed) is shipped next to
it as LICENSE_DEJAVU. Ethiopic (Tigrinya names) is not covered: such a name shows as empty
boxes, and its Latin spelling beside it is what the school reads.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
LICENSE = FONT_DIR / "LICENSE_DEJAVU"
