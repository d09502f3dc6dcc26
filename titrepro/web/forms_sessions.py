"""Forms of the session pages (DSFR): list filters, creation and edit, cancellation, postponement, derogation."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from titrepro.agrements.models import Agrement
from titrepro.comptes.models import Utilisateur
from titrepro.examens.models import DecisionDte, EtatSession, NatureSession
from titrepro.referentiel.models import CCP, CCS
from titrepro.web.forms import FormulaireDsfr

HEURE_DEBUT = dt.time(8, 30)
HEURE_FIN = dt.time(17, 0)
_LIGNE = re.compile(
    r"^\s*(?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:\s+(?P<debut>\d{1,2}[:h]\d{2})\s*(?:-|–|à|a)?\s*(?P<fin>\d{1,2}[:h]\d{2}))?\s*$"
)
AIDE_JOURS = (
    "Un jour par ligne : la date (JJ/MM/AAAA) puis, si besoin, les heures d'ouverture « 08:30-17:00 » "
    "(par défaut 08:30-17:00). Exemple : « 14/06/2027 08:00-17:30 »."
)


def _heure(texte: str) -> dt.time:
    heures, minutes = re.split(r"[:h]", texte)
    return dt.time(int(heures), int(minutes))


def lire_jours(texte: str) -> list[tuple[dt.date, dt.time, dt.time]]:
    """The days typed one per line; ``forms.ValidationError`` in French naming the faulty line."""
    jours = []
    for numero, ligne in enumerate((texte or "").splitlines(), start=1):
        if not ligne.strip():
            continue
        correspondance = _LIGNE.match(ligne)
        if not correspondance:
            raise forms.ValidationError(f"Ligne {numero} illisible : « {ligne.strip()} ». {AIDE_JOURS}")
        brut = correspondance["date"]
        try:
            if "/" in brut:
                jour, mois, annee = (int(x) for x in brut.split("/"))
                date = dt.date(annee, mois, jour)
            else:
                date = dt.date.fromisoformat(brut)
            debut = _heure(correspondance["debut"]) if correspondance["debut"] else HEURE_DEBUT
            fin = _heure(correspondance["fin"]) if correspondance["fin"] else HEURE_FIN
        except ValueError:
            raise forms.ValidationError(f"Ligne {numero} : date ou heure impossible (« {ligne.strip()} »).") from None
        jours.append((date, debut, fin))
    if not jours:
        raise forms.ValidationError("Indiquez au moins un jour de session.")
    return jours


def ecrire_jours(jours: Any) -> str:
    """The reverse of ``lire_jours`` for the session's ``JourSession`` rows."""
    return "\n".join(f"{j.date:%d/%m/%Y} {j.heure_debut:%H:%M}-{j.heure_fin:%H:%M}" for j in jours)


class ChoixUtilisateur(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.nom_complet or obj.email} ({obj.email})"


class ChoixUtilisateurs(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.nom_complet or obj.email} ({obj.email})"


class ChoixAgrement(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.site.nom} — {obj.millesime} (agrément du {obj.debut:%d/%m/%Y} au {obj.fin:%d/%m/%Y})"


class FiltreSessionsForm(FormulaireDsfr):
    etat = forms.ChoiceField(label="État", choices=[("", "Tous les états"), *EtatSession.choices], required=False)
    annee = forms.IntegerField(label="Année", min_value=2000, max_value=2100, required=False)
    titre = forms.CharField(label="Titre (code ou intitulé)", max_length=100, required=False)


class _ChampsSession(FormulaireDsfr):
    jours = forms.CharField(label="Jours de session", widget=forms.Textarea(attrs={"rows": 3}), help_text=AIDE_JOURS)
    responsable = ChoixUtilisateur(
        label="Responsable de session",
        queryset=Utilisateur.objects.none(),
        help_text="Présent sur le site toute la durée de la session (SES-RESPONSABLE).",
    )
    suppleants = ChoixUtilisateurs(
        label="Suppléant(s)",
        queryset=Utilisateur.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    observations = forms.CharField(label="Observations", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_jours(self) -> list[tuple[dt.date, dt.time, dt.time]]:
        return lire_jours(self.cleaned_data["jours"])


class SessionForm(_ChampsSession):
    agrement = ChoixAgrement(
        label="Site et titre (parmi les agréments de l'organisme)",
        queryset=Agrement.objects.none(),
        help_text="La session doit être couverte par l'agrément chaque jour (AGR-PERIMETRE).",
    )
    nature = forms.ChoiceField(label="Nature de la session", choices=NatureSession.choices)
    ccps = forms.ModelMultipleChoiceField(
        label="CCP concernés (session CCP)",
        queryset=CCP.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ccs = forms.ModelChoiceField(label="CCS (session CCS)", queryset=CCS.objects.none(), required=False)
    brouillon = forms.BooleanField(
        label="Enregistrer comme brouillon",
        required=False,
        help_text="Le brouillon n'est pas soumis aux règles ; vous le confirmerez ensuite.",
    )

    field_order = ["agrement", "nature", "ccps", "ccs", "jours", "responsable", "suppleants", "observations"]


class ModifierSessionForm(_ChampsSession):
    pass


class AnnulerSessionForm(FormulaireDsfr):
    motif = forms.CharField(label="Motif de l'annulation", widget=forms.Textarea(attrs={"rows": 3}))
    decision_dte = forms.ChoiceField(
        label="Devenir des plis d'examen (DTE)", choices=DecisionDte.choices, widget=forms.RadioSelect
    )
    autorisation_ddets = forms.CharField(
        label="Autorisation de la DDETS (plis conservés)",
        help_text="Référence, date et agent : requise pour conserver les plis pour une nouvelle date.",
        required=False,
    )


class ReporterSessionForm(FormulaireDsfr):
    jours = forms.CharField(label="Nouveaux jours", widget=forms.Textarea(attrs={"rows": 3}), help_text=AIDE_JOURS)
    motif = forms.CharField(label="Motif du report", widget=forms.Textarea(attrs={"rows": 3}))
    autorisation_ddets = forms.CharField(
        label="Autorisation de la DDETS", help_text="Référence, date et agent de l'autorisation de report."
    )
    plis_conserves = forms.BooleanField(label="Plis d'examen conservés pour la nouvelle date", required=False)

    def clean_jours(self) -> list[tuple[dt.date, dt.time, dt.time]]:
        return lire_jours(self.cleaned_data["jours"])


class DerogationForm(FormulaireDsfr):
    motif = forms.CharField(
        label="Motif de la dérogation",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Justification indépendante de la volonté du centre (SES-DEROGATION).",
    )


class ConfirmationForm(FormulaireDsfr):
    pass
