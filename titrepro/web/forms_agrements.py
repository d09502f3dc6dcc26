"""Forms of the agrément pages (DSFR)."""

from __future__ import annotations

from django import forms

from titrepro.agrements.models import CHOIX_JUSTIFICATIFS, EtatDemande, MotifRefus, TypePiece
from titrepro.organisations.models import Site
from titrepro.referentiel.models import Millesime
from titrepro.territoires.models import Departement
from titrepro.web.forms import DATE, FormulaireDsfr


class DemandeForm(FormulaireDsfr):
    site = forms.ModelChoiceField(label="Site (plateau technique)", queryset=Site.objects.none())
    millesimes = forms.ModelMultipleChoiceField(
        label="Titres demandés (millésimes)",
        queryset=Millesime.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Un agrément par millésime : un millésime nouveau exige une nouvelle demande (AGR-MILLESIME).",
    )
    premiere_session = forms.DateField(label="Première session prévue", widget=DATE)
    candidats_externes = forms.BooleanField(label="Accueille des candidats d'autres organismes", required=False)
    renouvellement = forms.BooleanField(label="Renouvellement d'un agrément", required=False)
    observations = forms.CharField(label="Observations", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PieceForm(FormulaireDsfr):
    type = forms.ChoiceField(label="Pièce", choices=TypePiece.choices)
    fichier = forms.FileField(label="Fichier (PDF, PNG ou JPEG)")
    date_document = forms.DateField(label="Date du document (KBIS, attestation INSEE)", widget=DATE, required=False)
    justificatif = forms.ChoiceField(
        label="Nature du justificatif d'accès aux locaux", choices=[("", "—"), *CHOIX_JUSTIFICATIFS], required=False
    )
    acces_debut = forms.DateField(label="Accès aux locaux du", widget=DATE, required=False)
    acces_fin = forms.DateField(label="Accès aux locaux jusqu'au (vide : sans terme)", widget=DATE, required=False)
    legende = forms.CharField(label="Légende (photos)", max_length=300, required=False)


class FiltreDemandesForm(FormulaireDsfr):
    etat = forms.ChoiceField(label="État", choices=[("", "Tous les états"), *EtatDemande.choices], required=False)
    departement = forms.ModelChoiceField(
        label="Département", queryset=Departement.objects.none(), required=False, empty_label="Tous"
    )
    q = forms.CharField(label="Organisme ou titre", required=False)
    attente = forms.BooleanField(label="En attente de compléments", required=False)


class MotifForm(FormulaireDsfr):
    motif = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}))


class DeposerForm(FormulaireDsfr):
    pass


class InstructionForm(FormulaireDsfr):
    motif = forms.CharField(label="Commentaire", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AccepterForm(FormulaireDsfr):
    debut = forms.DateField(label="Début de l'agrément", widget=DATE)
    fin = forms.DateField(
        label="Fin de l'agrément", widget=DATE, help_text="Ramenée à la fin du millésime si elle la dépasse."
    )
    motif = forms.CharField(label="Commentaire", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RefuserForm(FormulaireDsfr):
    motif_refus = forms.ChoiceField(label="Motif de refus (AGR-REFUS)", choices=MotifRefus.choices)
    motif = forms.CharField(
        label="Précisions (obligatoires pour « autre motif »)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class EtatAgrementForm(FormulaireDsfr):
    action = forms.ChoiceField(
        label="Action", choices=[("suspendre", "Suspendre"), ("retablir", "Rétablir"), ("retirer", "Retirer")]
    )
    motif = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}))
