"""Forms of the results entry (one row per candidate), the decision's undoing and the SES-CCP proposal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from titrepro.resultats.lectures import LigneGrille
from titrepro.resultats.models import EtatEpreuve
from titrepro.web.forms import FormulaireDsfr

CHOIX_CCP = [("", "—"), ("acquis", "Acquis"), ("non_acquis", "Non acquis")]
CHOIX_EPREUVE = [("", "—"), (EtatEpreuve.PASSEE.value, "Passée"), (EtatEpreuve.NON_PASSEE.value, "Non passée")]


class LigneResultatsForm(forms.Form):
    """One candidate's row: a choice per CCP and épreuve they sit, the jury's observations, the entretien final."""

    entretien_final_le = forms.DateField(
        label="Entretien final le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Obligatoire pour délivrer le titre dans une session CCP (SES-ENTRETIEN-FINAL).",
    )
    observations = forms.CharField(
        label="Observations du jury", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    action = forms.ChoiceField(
        choices=[("resultats", "Enregistrer les résultats"), ("decision", "Enregistrer la décision")],
        initial="resultats",
        required=False,
    )

    def __init__(self, *args: Any, ligne: LigneGrille, **kwargs: Any) -> None:
        self.ligne = ligne
        pk = ligne.inscription.pk
        initial: dict[str, Any] = {}
        for cellule in ligne.ccps:
            if cellule.resultat is not None:
                initial[f"ccp_{cellule.ccp.pk}"] = "acquis" if cellule.resultat.acquis else "non_acquis"
                initial[f"obs_ccp_{cellule.ccp.pk}"] = cellule.resultat.observations
        for cellule_e in ligne.epreuves:
            if cellule_e.resultat is not None:
                initial[f"epreuve_{cellule_e.epreuve.pk}"] = cellule_e.resultat.etat
        if ligne.decision is not None:
            initial["entretien_final_le"] = ligne.decision.entretien_final_le
            initial["observations"] = ligne.decision.observations
        kwargs.setdefault("initial", {}).update(initial)
        kwargs.setdefault("prefix", f"i{pk}")
        super().__init__(*args, **kwargs)
        candidat = str(ligne.inscription.candidat)
        for cellule in ligne.ccps:
            if not cellule.presente:
                continue
            self.fields[f"ccp_{cellule.ccp.pk}"] = forms.ChoiceField(
                label=f"{cellule.ccp} — {candidat}", choices=CHOIX_CCP, required=False
            )
            self.fields[f"obs_ccp_{cellule.ccp.pk}"] = forms.CharField(
                label=f"Observations du jury sur le CCP {cellule.ccp.numero} — {candidat}",
                required=False,
                max_length=2000,
            )
        for cellule_e in ligne.epreuves:
            if not cellule_e.presentee:
                continue
            self.fields[f"epreuve_{cellule_e.epreuve.pk}"] = forms.ChoiceField(
                label=f"{cellule_e.epreuve} — {candidat}", choices=CHOIX_EPREUVE, required=False
            )

    def champ_ccp(self, ccp_pk: int) -> Any:
        nom = f"ccp_{ccp_pk}"
        return self[nom] if nom in self.fields else None

    def resultats_ccp(self) -> list[tuple[Any, bool, str]]:
        """(CCP, acquis, observations) for every CCP cell filled in."""
        sortie = []
        for cellule in self.ligne.ccps:
            valeur = self.cleaned_data.get(f"ccp_{cellule.ccp.pk}")
            if cellule.presente and valeur:
                sortie.append((cellule.ccp, valeur == "acquis", self.cleaned_data.get(f"obs_ccp_{cellule.ccp.pk}", "")))
        return sortie

    def resultats_epreuves(self) -> list[tuple[Any, str]]:
        sortie = []
        for cellule in self.ligne.epreuves:
            valeur = self.cleaned_data.get(f"epreuve_{cellule.epreuve.pk}")
            if cellule.presentee and valeur:
                sortie.append((cellule.epreuve, valeur))
        return sortie

    @property
    def entretien_final(self) -> dt.date | None:
        valeur: dt.date | None = self.cleaned_data.get("entretien_final_le")
        return valeur


class AnnulerDecisionForm(FormulaireDsfr):
    motif = forms.CharField(
        label="Motif de l'annulation",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : erreur de report de la grille du jury. Le candidat redevient « présent ».",
    )


class ClotureForm(FormulaireDsfr):
    """No field: the button closes the entry."""


class PropositionCCPForm(FormulaireDsfr):
    session = forms.ChoiceField(label="Session CCP proposée")
    message = forms.CharField(
        label="Message au candidat (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, sessions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = {str(s.pk): s for s in sessions}
        self.fields["session"].choices = [
            (str(s.pk), f"{s.numero} — du {s.premier_jour:%d/%m/%Y} au {s.dernier_jour:%d/%m/%Y}") for s in sessions
        ]

    def clean_session(self) -> Any:
        valeur = self.cleaned_data["session"]
        if valeur not in self.sessions:
            raise forms.ValidationError("Choisissez une des sessions CCP à venir de l'organisme.")
        return self.sessions[valeur]
