"""Forms of the personnes pages (DSFR). They only shape input: rules live in titrepro.personnes."""

from __future__ import annotations

from typing import Any

from django import forms

from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role
from titrepro.personnes.imports import TAILLE_MAX
from titrepro.personnes.models import (
    Candidat,
    DemandeAmenagement,
    Disponibilite,
    Formation,
    MembreJury,
    MomentAdresse,
    NatureImport,
    NatureLien,
)
from titrepro.web.forms import DATE, FormulaireDsfr


class CandidatForm(FormulaireDsfr, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Candidat
        fields = [
            "nom_naissance",
            "nom_usage",
            "prenoms",
            "sexe",
            "date_naissance",
            "lieu_naissance",
            "pays_naissance",
            "email",
            "telephone",
        ]
        widgets = {"date_naissance": DATE}


class ModificationCandidatForm(CandidatForm):
    autre_personne = forms.BooleanField(
        label="J'ai vérifié les fiches ressemblantes : il s'agit d'une autre personne",
        required=False,
        help_text="À cocher seulement si l'enregistrement signale des fiches ressemblantes (CAN-DOUBLON).",
    )


class CreationCandidatForm(CandidatForm):
    organisme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Candidat.objects.none(), label="Organisme qui inscrit le candidat"
    )
    voie = forms.CharField(label="Adresse postale : numéro et voie", required=False, max_length=250)
    code_postal = forms.CharField(label="Code postal", required=False, max_length=10)
    commune = forms.CharField(label="Commune", required=False, max_length=150)
    autre_personne = forms.BooleanField(
        label="J'ai vérifié les fiches ressemblantes : il s'agit d'une autre personne",
        required=False,
    )

    def __init__(self, *args: Any, organismes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisme"].queryset = organismes  # type: ignore[attr-defined]
        if organismes.count() == 1:
            self.fields["organisme"].initial = organismes.first()

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        if donnees.get("voie") and not (donnees.get("code_postal") and donnees.get("commune")):
            self.add_error("code_postal", "Indiquez le code postal et la commune de l'adresse.")
        return donnees


class AdresseForm(FormulaireDsfr):
    voie = forms.CharField(label="Numéro et voie", max_length=250)
    complement = forms.CharField(label="Complément", max_length=250, required=False)
    code_postal = forms.CharField(label="Code postal", max_length=10)
    commune = forms.CharField(label="Commune", max_length=150)
    pays = forms.CharField(label="Pays", max_length=100, initial="France")
    depuis = forms.DateField(label="Adresse valable depuis le", widget=DATE)


class ConfirmationAdresseForm(FormulaireDsfr):
    moment = forms.ChoiceField(label="Étape", choices=MomentAdresse.choices)
    formation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Candidat.objects.none(), label="Formation concernée", required=False
    )
    confirmee_le = forms.DateField(label="Confirmée avec le candidat le", widget=DATE)

    def __init__(self, *args: Any, candidat: Candidat, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["formation"].queryset = candidat.formations.select_related("millesime__titre")


class FormationForm(FormulaireDsfr, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Formation
        fields = [
            "organisme",
            "millesime",
            "statut",
            "debut",
            "fin",
            "recevabilite_vae_le",
            "information_handicap_le",
            "formateurs",
        ]
        widgets = {"debut": DATE, "fin": DATE, "recevabilite_vae_le": DATE, "information_handicap_le": DATE}

    def __init__(self, *args: Any, organismes: Any, millesimes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisme"].queryset = organismes  # type: ignore[attr-defined]
        self.fields["millesime"].queryset = millesimes  # type: ignore[attr-defined]
        self.fields["formateurs"].queryset = Affectation.objects.filter(  # type: ignore[attr-defined]
            role=Role.FORMATEUR, active=True, organisme__in=organismes
        ).select_related("utilisateur", "organisme")


class AmenagementForm(FormulaireDsfr, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DemandeAmenagement
        fields = [
            "session",
            "millesime",
            "premier_jour_session",
            "departement",
            "temps_majore",
            "majoration_pourcent",
            "assistance",
            "materiel",
            "epreuve_adaptee",
            "salle_isolee",
            "formulaire_recu_le",
        ]
        widgets = {"premier_jour_session": DATE, "formulaire_recu_le": DATE}

    def __init__(self, *args: Any, millesimes: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["millesime"].queryset = millesimes  # type: ignore[attr-defined]
        self.fields["millesime"].required = False
        self.fields["millesime"].help_text = "Facultatif si une session est choisie : celui de la session."
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]
        self.fields[
            "session"
        ].help_text = "Une des sessions où le candidat est inscrit (facultatif) : la demande en prend le premier jour."
        self.fields["premier_jour_session"].help_text = "Sans session choisie ; sinon, celui de la session."

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        if not donnees.get("millesime") and not donnees.get("session"):
            self.add_error("millesime", "Choisissez le millésime du titre ou une session du candidat.")
        return donnees


class DecisionAmenagementForm(FormulaireDsfr):
    formulaire_recu_le = forms.DateField(label="Formulaire médical reçu le", widget=DATE, required=False)
    decision = forms.ChoiceField(
        label="Décision", choices=[("accorder", "Accorder"), ("refuser", "Refuser")], widget=forms.RadioSelect
    )
    motif = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MembreJuryForm(FormulaireDsfr, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = MembreJury
        fields = [
            "nom",
            "prenoms",
            "email",
            "telephone",
            "metier",
            "employeur",
            "experience_annees",
            "quitte_metier_le",
            "professionnalisation_le",
            "departement",
        ]
        widgets = {"quitte_metier_le": DATE, "professionnalisation_le": DATE}

    def __init__(self, *args: Any, departements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = departements  # type: ignore[attr-defined]


class HabilitationForm(FormulaireDsfr):
    millesime: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Candidat.objects.none(), label="Millésime du titre"
    )
    debut = forms.DateField(label="Début", widget=DATE)
    fin = forms.DateField(label="Fin", widget=DATE)
    accorder = forms.BooleanField(label="Accorder tout de suite (sinon : demande enregistrée)", required=False)

    def __init__(self, *args: Any, millesimes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["millesime"].queryset = millesimes


class ActionHabilitationForm(FormulaireDsfr):
    action = forms.ChoiceField(label="Action", choices=[("accorder", "Accorder"), ("retirer", "Retirer")])
    motif = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RechercheHabilitesForm(FormulaireDsfr):
    millesime: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Candidat.objects.none(), label="Millésime", required=False
    )
    debut = forms.DateField(label="Du", widget=DATE, required=False)
    fin = forms.DateField(label="Au", widget=DATE, required=False)

    def __init__(self, *args: Any, millesimes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["millesime"].queryset = millesimes


class LienForm(FormulaireDsfr):
    nature = forms.ChoiceField(label="Nature du lien", choices=NatureLien.choices)
    siret = forms.CharField(label="SIRET de l'organisme (lien avec un organisme)", required=False, max_length=14)
    nom = forms.CharField(label="Nom de la personne (lien avec un candidat)", required=False, max_length=150)
    prenoms = forms.CharField(label="Prénoms", required=False, max_length=200)
    date_naissance = forms.DateField(label="Date de naissance", widget=DATE, required=False)
    description = forms.CharField(label="Précisions", required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        donnees = super().clean()
        personne = donnees.get("nom") and donnees.get("prenoms") and donnees.get("date_naissance")
        if bool(donnees.get("siret")) == bool(personne):
            raise forms.ValidationError(
                "Indiquez soit le SIRET de l'organisme, soit le nom, les prénoms et la date de naissance "
                "de la personne."
            )
        return dict(donnees)


class DisponibiliteForm(FormulaireDsfr, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Disponibilite
        fields = ["debut", "fin", "remarque"]
        widgets = {"debut": DATE, "fin": DATE}


class ImportPersonnesForm(FormulaireDsfr):
    nature = forms.ChoiceField(label="Que contient le fichier ?", choices=NatureImport.choices)
    structure = forms.ChoiceField(label="Pour", choices=())
    fichier = forms.FileField(
        label="Fichier", help_text="Fichier .csv (séparateur « ; » ou « , ») ou .xlsx ; 5 Mo au plus."
    )

    def __init__(self, *args: Any, natures: list[tuple[str, str]], structures: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["nature"].choices = natures
        self.fields["structure"].choices = structures

    def clean_fichier(self) -> Any:
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_MAX:
            raise forms.ValidationError("Le fichier dépasse 5 Mo.")
        return fichier
