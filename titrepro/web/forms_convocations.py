"""Form of the convocation pages (DSFR): how one candidate was summoned, and its proof."""

from __future__ import annotations

from django import forms

from titrepro.examens.models import ModeConvocation
from titrepro.web.forms import DATE, FormulaireDsfr


class ConvocationForm(FormulaireDsfr):
    mode = forms.ChoiceField(label="Mode de convocation", choices=ModeConvocation.choices, widget=forms.RadioSelect)
    envoyee_le = forms.DateField(label="Lettre déposée ou convocation remise le", widget=DATE)
    numero_suivi = forms.CharField(
        label="Numéro de suivi (lettre recommandée)",
        max_length=40,
        required=False,
        help_text="Une lettre recommandée se prouve par son numéro de suivi ou par l'accusé de réception numérisé.",
    )
    accuse_reception_le = forms.DateField(label="Accusé de réception signé le", widget=DATE, required=False)
    preuve = forms.FileField(
        label="Preuve : accusé de réception ou récépissé de remise signé (PDF, PNG ou JPEG)",
        required=False,
        help_text="Obligatoire pour une remise en main propre. Laissez vide pour garder le fichier déjà déposé.",
    )
