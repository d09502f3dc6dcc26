"""Every DSFR icon class our templates use exists in the DSFR stylesheets (a typo shows an empty square)."""

from __future__ import annotations

import re
from pathlib import Path

import dsfr

RACINE = Path(__file__).resolve().parents[2] / "titrepro"
CSS_DSFR = Path(dsfr.__file__).parent / "static" / "dsfr" / "dist"


def test_icon_classes_exist_in_the_dsfr():
    definies = set()
    for feuille in ("dsfr/dsfr.min.css", "utility/utility.min.css"):
        definies |= set(re.findall(r"\.(fr-icon-[a-z0-9-]+)", (CSS_DSFR / feuille).read_text()))
    utilisees = {
        (gabarit.relative_to(RACINE), icone)
        for gabarit in RACINE.rglob("*.html")
        for icone in re.findall(r"fr-icon-[a-z0-9-]+", gabarit.read_text())
    }
    assert utilisees, "aucune icône trouvée : le test ne lit pas les bons gabarits"
    assert {(g, i) for g, i in utilisees if i not in definies} == set()
