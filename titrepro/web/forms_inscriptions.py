"""Forms of the « candidats de la session » pages (DSFR)."""

from __future__ import annotations

from typing import Any

from django import forms

from titrepro.examens.models import NatureSession, PublicCandidat, Session
from titrepro.personnes.models import Candidat
from titrepro.referentiel.models import CCP
from titrepro.web.forms import FormulaireDsfr


class RechercheCandidatForm(FormulaireDsfr):
    q = forms.CharField(
        label="Rechercher un candidat",
        help_text="Nom de naissance, nom d'usage, prénom, ou date de naissance (JJ/MM/AAAA).",
        max_length=100,
        required=False,
    )


class InscriptionForm(FormulaireDsfr):
    candidat = forms.ModelChoiceField(label="Candidat", queryset=Candidat.objects.none(), widget=forms.HiddenInput)
    public = forms.ChoiceField(label="Public (CAN-PUBLICS)", choices=PublicCandidat.choices, widget=forms.RadioSelect)
    ccps = forms.ModelMultipleChoiceField(
        label="CCP présentés",
        queryset=CCP.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Session CCP : les CCP de la session (tous si aucun n'est coché). Réussite partielle : les CCP "
        "qui manquent (tous ceux qui manquent si aucun n'est coché).",
    )
    confirmer_droits = forms.BooleanField(
        label="Je confirme l'inscription malgré l'alerte sur les droits du candidat (CAN-DROITS)", required=False
    )

    def __init__(self, *args: Any, session: Session, candidats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidat"].queryset = candidats
        if session.nature == NatureSession.CCP:
            self.fields["ccps"].queryset = session.ccps.order_by("numero")
        else:
            self.fields["ccps"].queryset = session.millesime.ccps.order_by("numero")


class RetraitForm(FormulaireDsfr):
    motif = forms.CharField(
        label="Motif du retrait", widget=forms.Textarea(attrs={"rows": 3}), help_text="Conservé dans l'historique."
    )
