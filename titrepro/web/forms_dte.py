"""Forms of the DTE order pages (DSFR): the organisme's order, the GEV desk's actions, the centre's log."""

from __future__ import annotations

from django import forms

from titrepro.dte.models import EtatCommande, SecteurCommande
from titrepro.web.forms import FormulaireDsfr


class CommandeForm(FormulaireDsfr):
    """A draft may stay incomplete: DTE-COMPLETUDE is checked when it is submitted."""

    nombre_candidats = forms.IntegerField(
        label="Candidats prévus", min_value=0, help_text="Au moins les candidats inscrits à la session."
    )
    nombre_sujets = forms.IntegerField(
        label="Sujets commandés", min_value=0, help_text="Nombre de candidats + 1 ou 2 (DTE-QUANTITE)."
    )
    contact_livraison = forms.CharField(label="Destinataire (nom et prénom)", max_length=150, required=False)
    telephone_livraison = forms.CharField(label="Téléphone du destinataire", max_length=20, required=False)
    courriel_livraison = forms.CharField(
        label="Courriel de livraison",
        max_length=254,
        required=False,
        help_text="Les liens dématérialisés et les accusés de réception y sont envoyés : vérifiez-le.",
        widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    adresse_livraison = forms.CharField(label="Adresse postale de livraison", max_length=250, required=False)
    code_postal_livraison = forms.CharField(label="Code postal", max_length=5, required=False)
    commune_livraison = forms.CharField(label="Commune", max_length=120, required=False)
    grille_entretien_final = forms.BooleanField(
        label="Demander la grille d'entretien final du titre (capitalisation de CCP)",
        required=False,
        help_text="Obligatoire quand un candidat passe dans cette session CCP ses derniers CCP (SES-ENTRETIEN-FINAL).",
    )
    commentaire = forms.CharField(
        label="Commentaire à l'unité GEV", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ConfirmerForm(FormulaireDsfr):
    """An action without input (submit, take into account, receive)."""


class PrepareeForm(FormulaireDsfr):
    lien_dto = forms.CharField(label="Référence du lien DTO", max_length=300)
    lien_zo = forms.CharField(label="Référence du lien ZO", max_length=300)


class ExpedierForm(FormulaireDsfr):
    reference = forms.CharField(label="Référence de l'envoi postal", max_length=80, required=False)


class LiensForm(FormulaireDsfr):
    heure = forms.TimeField(
        label="Heure de transmission des liens",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Les liens sont activés au premier passage de l'automate (8 h, 15 h, 21 h) après leur date.",
    )


class ClotureForm(FormulaireDsfr):
    observations = forms.CharField(
        label="Procès-verbal",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ce qui a été détruit ou retourné, quand, comment et devant qui (DTE-DESTRUCTION).",
    )


class MotifForm(FormulaireDsfr):
    motif = forms.CharField(
        label="Motif (demande de la DDETS ou de la DREETS)", widget=forms.Textarea(attrs={"rows": 3})
    )


class FiltreCommandesForm(FormulaireDsfr):
    secteur = forms.ChoiceField(
        label="Secteur", choices=[("", "Tous les secteurs"), *SecteurCommande.choices], required=False
    )
    etat = forms.ChoiceField(label="État", choices=[("", "Tous les états"), *EtatCommande.choices], required=False)
    q = forms.CharField(label="Session ou organisme", required=False)
