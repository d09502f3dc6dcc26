"""The insertion questionnaire answered by the candidate through their e-mailed link (ORG-INSERTION)."""

from __future__ import annotations

from django import forms

from titrepro.insertion.models import Situation, TypeContrat
from titrepro.web.forms import DATE, FormulaireDsfr


class ReponseInsertionForm(FormulaireDsfr):
    situation = forms.ChoiceField(
        label="Votre situation aujourd'hui", choices=Situation.choices, widget=forms.RadioSelect
    )
    type_contrat = forms.ChoiceField(
        label="Type de contrat (si vous êtes en emploi)",
        choices=[("", "—"), *TypeContrat.choices],
        required=False,
    )
    depuis_le = forms.DateField(label="Dans cette situation depuis le", widget=DATE, required=False)
