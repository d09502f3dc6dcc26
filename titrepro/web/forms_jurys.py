"""Forms of the juries of a session (composition by the organisme, answers in the jury portal)."""

from __future__ import annotations

from typing import Any

from django import forms

from titrepro.examens.models import Jury
from titrepro.web.forms import FormulaireDsfr


class ConfirmationForm(FormulaireDsfr):
    """No field: the button confirms (adding or removing a jury)."""


class RechercheMembresForm(FormulaireDsfr):
    q = forms.CharField(label="Nom, prénom ou métier", max_length=100, required=False)


class InviterForm(FormulaireDsfr):
    membre = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, selectionnables: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.selectionnables = selectionnables

    def clean_membre(self) -> int:
        membre: int = self.cleaned_data["membre"]
        if membre not in self.selectionnables:
            raise forms.ValidationError(
                "Ce membre n'est pas sélectionnable pour cette session (habilitation, disponibilité, éligibilité "
                "ou déjà membre d'un jury) : relancez la recherche."
            )
        return membre


class RetraitForm(FormulaireDsfr):
    motif = forms.CharField(
        label="Motif du retrait", widget=forms.Textarea(attrs={"rows": 3}), help_text="Transmis au membre de jury."
    )


class AffectationForm(FormulaireDsfr):
    jury = forms.ModelChoiceField(
        label="Jury", queryset=Jury.objects.none(), required=False, empty_label="Aucun jury pour l'instant"
    )

    def __init__(self, *args: Any, session: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jury"].queryset = Jury.objects.filter(session=session).order_by("numero")


class ReponseForm(FormulaireDsfr):
    reponse = forms.ChoiceField(
        label="Votre réponse",
        choices=[("accepter", "J'accepte de siéger dans ce jury"), ("decliner", "Je décline l'invitation")],
        widget=forms.RadioSelect,
    )
    motif = forms.CharField(
        label="Motif (si vous déclinez)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Transmis au responsable de la session.",
    )
