"""Forms of the archives pages: the candidate's consent to keep their DP, and its copy (ARC-DP); an evaluation
document of a registration (ARC-CONSERVATION), among the natures SES-DOSSIER allows."""

from __future__ import annotations

from django import forms

from titrepro.archives.models import FormeConsentement, NaturePiece
from titrepro.archives.services import refus_hors_dossier
from titrepro.web.forms import DATE, FormulaireDsfr


class ConsentementDpForm(FormulaireDsfr):
    donne_le = forms.DateField(label="Accord donné le", widget=DATE)
    forme = forms.ChoiceField(label="Forme de l'accord", choices=FormeConsentement.choices)
    precision = forms.CharField(
        label="Précision",
        max_length=300,
        required=False,
        help_text="Par exemple : « formulaire d'accord signé remis le jour de l'inscription ».",
    )


class CopieDpForm(FormulaireDsfr):
    fichier = forms.FileField(label="Copie du dossier professionnel (PDF)", help_text="PDF, 10 Mo au plus.")


class PieceConserveeForm(FormulaireDsfr):
    nature = forms.ChoiceField(
        label="Pièce",
        choices=NaturePiece.choices,
        widget=forms.RadioSelect,
        help_text="Seules les pièces prévues par le référentiel d'évaluation sont gardées (règle SES-DOSSIER).",
    )
    fichier = forms.FileField(
        label="Fichier", help_text="PDF, ou image PNG ou JPEG d'une fiche scannée ; 10 Mo au plus."
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nature"].error_messages["invalid_choice"] = refus_hors_dossier("%(value)s") + " (SES-DOSSIER)"
