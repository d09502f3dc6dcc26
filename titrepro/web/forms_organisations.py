"""Forms of the organisme, site, convention and programming pages (DSFR)."""

from __future__ import annotations

from django import forms

from titrepro.organisations.models import (
    Contact,
    NatureChangementPlateau,
    Organisme,
    PeriodeProgrammation,
    RoleContact,
    Site,
    TypeSession,
)
from titrepro.referentiel.models import Millesime
from titrepro.territoires.models import Departement
from titrepro.web.forms import DATE, FormulaireDsfr


class OrganismeForm(FormulaireDsfr, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisme
        fields = ["raison_sociale", "siege_adresse", "siege_code_postal", "siege_commune", "email", "est_cfa"]


class ChangementSiretForm(FormulaireDsfr):
    nouveau_siret = forms.CharField(label="Nouveau SIRET", max_length=20, help_text="14 chiffres.")
    date_effet = forms.DateField(label="Date d'effet", widget=DATE)
    motif = forms.CharField(label="Motif du changement", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ContactForm(FormulaireDsfr, forms.ModelForm):  # type: ignore[type-arg]
    role = forms.ChoiceField(label="Rôle", choices=RoleContact.choices)

    class Meta:
        model = Contact
        fields = ["role", "prenom", "nom", "email", "telephone"]


class SiteForm(FormulaireDsfr, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Site
        fields = ["nom", "description", "equipements"]


class ChangementPlateauForm(FormulaireDsfr):
    nature = forms.ChoiceField(label="Nature du changement", choices=NatureChangementPlateau.choices)
    date_effet = forms.DateField(label="Date d'effet", widget=DATE)
    description = forms.CharField(label="Description du changement", widget=forms.Textarea(attrs={"rows": 3}))
    adresse = forms.CharField(label="Nouvelle adresse", required=False)
    code_postal = forms.CharField(label="Code postal", required=False, max_length=5)
    commune = forms.CharField(label="Commune", required=False)
    departement = forms.ModelChoiceField(label="Département", queryset=Departement.objects.all(), required=False)


class PhotoForm(FormulaireDsfr):
    fichier = forms.FileField(label="Photo (PNG ou JPEG)")
    legende = forms.CharField(label="Légende", max_length=300)


class ConventionForm(FormulaireDsfr):
    partenaire_raison_sociale = forms.CharField(label="Organisme de formation partenaire", max_length=200)
    partenaire_siret = forms.CharField(label="SIRET du partenaire", max_length=20)
    titres = forms.CharField(label="Titres concernés", widget=forms.Textarea(attrs={"rows": 2}))
    modalites_inscription = forms.CharField(
        label="Modalités d'inscription des candidats", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    effectif_prevu = forms.IntegerField(label="Effectif prévisionnel", min_value=0)
    annee = forms.IntegerField(label="Année couverte", min_value=2000, max_value=2100)
    date_effet = forms.DateField(label="Prise d'effet", widget=DATE)
    transmise_prefet_le = forms.DateField(label="Transmise au préfet le", widget=DATE, required=False)
    mise_a_jour_le = forms.DateField(label="Mise à jour annuelle le", widget=DATE, required=False)
    fichier = forms.FileField(label="Convention signée (PDF)", required=False)


class ProgrammationForm(FormulaireDsfr):
    annee = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    periode = forms.ChoiceField(
        label="Période",
        choices=PeriodeProgrammation.choices,
        initial=PeriodeProgrammation.ANNUELLE,
        help_text="Annuelle (au plus tard le 31 janvier) ou semestrielle : premier semestre au 31 janvier, second "
        "semestre au 31 juillet (ORG-PROGRAMMATION).",
    )
    departement = forms.ModelChoiceField(
        label="Département (UD/DDETS destinataire)", queryset=Departement.objects.none()
    )


class LigneProgrammationForm(FormulaireDsfr):
    site = forms.ModelChoiceField(label="Site", queryset=Site.objects.none())
    millesime = forms.ModelChoiceField(label="Titre (millésime)", queryset=Millesime.objects.none())
    type_session = forms.ChoiceField(label="Type de session", choices=TypeSession.choices)
    ccps = forms.CharField(label="CCP visés (session CCP)", required=False)
    debut = forms.DateField(label="Premier jour", widget=DATE)
    fin = forms.DateField(label="Dernier jour", widget=DATE)
    candidats_prevus = forms.IntegerField(label="Candidats prévus", min_value=1)
