"""Forms of the archives pages: the candidate's consent to keep their DP, and its copy (ARC-DP)."""

from __future__ import annotations

from django import forms

from titrepro.archives.models import FormeConsentement
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
