"""Forms of the exam day: presences, plateau visit, draw and plis, check-in, absences, incidents, sanction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from titrepro.examens.models import (
    Inscription,
    NatureIncident,
    NatureSanction,
    ParticipationJury,
    PieceIdentite,
    QualiteResponsable,
)
from titrepro.web.forms import DATE, FormulaireDsfr

HEURE = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _libelle_membre(p: ParticipationJury) -> str:
    return f"Jury {p.jury.numero} — {p.membre.prenoms} {p.membre.nom.upper()}"


class PresencesForm(FormulaireDsfr):
    responsables = forms.MultipleChoiceField(
        label="Responsable de session ou suppléant(s) présents sur le site",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    jures = forms.MultipleChoiceField(
        label="Membres du jury présents, identité vérifiée (pièce d'identité)",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Au moins 2 membres présents dans chaque jury (SES-JURY-MIN).",
    )
    heure = forms.TimeField(label="Heure", widget=HEURE)

    def __init__(self, *args: Any, personnes: list[tuple[Any, str]], participations: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.personnes = {str(p.pk): p for p, _ in personnes}
        self.participations = {str(p.pk): p for p in participations}
        self.fields["responsables"].choices = [
            (
                str(p.pk),
                f"{getattr(p, 'nom_complet', '') or p} ({QualiteResponsable(q).label.lower()})",
            )
            for p, q in personnes
        ]
        self.fields["jures"].choices = [(str(p.pk), _libelle_membre(p)) for p in participations]

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        donnees["responsables"] = [self.personnes[c] for c in donnees.get("responsables", [])]
        donnees["jures"] = [self.participations[c] for c in donnees.get("jures", [])]
        return donnees


class VisiteForm(FormulaireDsfr):
    date = forms.DateField(label="Date de la visite", widget=DATE)
    heure_debut = forms.TimeField(label="Heure de début", widget=HEURE)
    duree_minutes = forms.IntegerField(label="Durée (minutes)", min_value=1, max_value=600, initial=60)
    responsable = forms.ChoiceField(label="Responsable de session ou suppléant présent")
    membres = forms.MultipleChoiceField(label="Membres du jury présents", widget=forms.CheckboxSelectMultiple)
    observations = forms.CharField(
        label="Observations (conformité du plateau)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, personnes: list[tuple[Any, str]], participations: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.personnes = {str(p.pk): p for p, _ in personnes}
        self.participations = {str(p.pk): p for p in participations}
        self.fields["responsable"].choices = [
            (str(p.pk), getattr(p, "nom_complet", "") or str(p)) for p, _ in personnes
        ]
        self.fields["membres"].choices = [(str(p.pk), _libelle_membre(p)) for p in participations]

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        if "responsable" in donnees:
            donnees["responsable"] = self.personnes[donnees["responsable"]]
        donnees["membres"] = [self.participations[c] for c in donnees.get("membres", [])]
        return donnees


class TirageForm(FormulaireDsfr):
    motif = forms.CharField(
        label="Motif d'un nouveau tirage",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire si un candidat a déjà été tiré au sort : le premier tirage reste enregistré.",
    )


class ControlePlisForm(FormulaireDsfr):
    plis_intacts = forms.TypedChoiceField(
        label="État des plis",
        choices=[("oui", "Plis cachetés et intacts"), ("non", "Plis ouverts, abîmés ou incomplets")],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
    )
    observations = forms.CharField(
        label="Observations",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoires si les plis ne sont pas intacts ; la DDETS est alors prévenue.",
    )


class EmargementForm(FormulaireDsfr):
    heure_arrivee = forms.TimeField(label="Heure d'arrivée", widget=HEURE)
    identite_verifiee = forms.BooleanField(
        label="Pièce d'identité vérifiée (photo, nom, validité) avec la convocation", required=False
    )
    piece_identite = forms.ChoiceField(label="Pièce présentée", choices=PieceIdentite.choices)
    piece_numero_fin = forms.CharField(label="Derniers caractères du numéro de la pièce", max_length=6, required=False)
    adresse = forms.ChoiceField(
        label="Adresse postale (le parchemin est envoyé par la poste)",
        choices=[("confirmee", "Confirmée telle quelle"), ("corrigee", "Corrigée ci-dessous")],
        widget=forms.RadioSelect,
        initial="confirmee",
    )
    voie = forms.CharField(label="Nouvelle adresse : numéro et voie", max_length=250, required=False)
    complement = forms.CharField(label="Complément", max_length=250, required=False)
    code_postal = forms.CharField(label="Code postal", max_length=10, required=False)
    commune = forms.CharField(label="Commune", max_length=150, required=False)
    retard = forms.BooleanField(label="Arrivé(e) en retard", required=False)
    retard_admis = forms.TypedChoiceField(
        label="Décision sur le retard",
        choices=[("", "—"), ("oui", "Admis(e) à composer"), ("non", "Non admis(e)")],
        coerce=lambda v: v == "oui",
        empty_value=None,
        required=False,
        help_text="L'heure de fin de l'épreuve reste inchangée (SES-JOUR).",
    )
    motif_retard = forms.CharField(
        label="Motif de la décision", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        if donnees.get("adresse") == "corrigee":
            manquants = [n for n in ("voie", "code_postal", "commune") if not (donnees.get(n) or "").strip()]
            for nom in manquants:
                self.add_error(nom, "Obligatoire pour corriger l'adresse.")
        return donnees


class AbsenceForm(FormulaireDsfr):
    justifiee = forms.TypedChoiceField(
        label="Absence",
        choices=[("non", "Non justifiée"), ("oui", "Justifiée (justificatif joint)")],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
        initial="non",
    )
    justificatif = forms.FileField(label="Justificatif (PDF, PNG ou JPEG)", required=False)
    motif = forms.CharField(label="Motif", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class JustificationForm(FormulaireDsfr):
    justificatif = forms.FileField(label="Justificatif (PDF, PNG ou JPEG)")
    motif = forms.CharField(label="Motif", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FeuilleForm(FormulaireDsfr):
    date = forms.ChoiceField(label="Jour")
    fichier = forms.FileField(label="Feuille signée numérisée (PDF, PNG ou JPEG)")

    def __init__(self, *args: Any, dates: list[dt.date], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [(d.isoformat(), f"{d:%d/%m/%Y}") for d in dates]

    def clean_date(self) -> dt.date:
        return dt.date.fromisoformat(self.cleaned_data["date"])


class IncidentForm(FormulaireDsfr):
    nature = forms.ChoiceField(label="Nature", choices=NatureIncident.choices)
    inscription = forms.ModelChoiceField(
        label="Candidat concerné", queryset=Inscription.objects.none(), required=False, empty_label="Aucun"
    )
    date = forms.DateField(label="Date", widget=DATE)
    heure = forms.TimeField(label="Heure", widget=HEURE)
    description = forms.CharField(label="Description", widget=forms.Textarea(attrs={"rows": 4}))
    rapport = forms.FileField(
        label="Rapport signé du jury ou du responsable de session (PDF, PNG ou JPEG)",
        required=False,
        help_text="Obligatoire pour une fraude : il fonde la sanction et est joint au PV (RES-FRAUDE-SANCTION).",
    )

    def __init__(self, *args: Any, session: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["inscription"].queryset = session.inscriptions.select_related("candidat").order_by(
            "candidat__nom_naissance", "candidat__prenoms"
        )


class SanctionForm(FormulaireDsfr):
    nature = forms.ChoiceField(label="Sanction", choices=NatureSanction.choices, widget=forms.RadioSelect)
    notifiee_le = forms.DateField(label="Notifiée au candidat le", widget=DATE)
    interdiction_jusqu_au = forms.DateField(
        label="Fin de l'interdiction",
        widget=DATE,
        required=False,
        help_text="1 an au plus à compter de la notification.",
    )
    motif = forms.CharField(label="Motifs de la décision", widget=forms.Textarea(attrs={"rows": 3}))
