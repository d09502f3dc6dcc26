import datetime as dt
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from titrepro.conformite.regles.organismes import limite_programmation
from titrepro.conformite.services import parametres_en_vigueur
from titrepro.organisations.models import (
    Contact,
    Convention,
    LigneProgrammation,
    NatureChangementPlateau,
    Organisme,
    PeriodeProgrammation,
    ProgrammationAnnuelle,
    RoleContact,
    Site,
    TypeSession,
)
from titrepro.referentiel.models import Millesime
from titrepro.territoires.models import Departement


class SiteSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    departement = serializers.CharField(source="departement.code", read_only=True)

    class Meta:
        model = Site
        fields = [
            "id",
            "organisme",
            "nom",
            "adresse",
            "code_postal",
            "commune",
            "departement",
            "description",
            "equipements",
        ]
        read_only_fields = ["organisme", "adresse", "code_postal", "commune"]


class ContactSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    role = serializers.ChoiceField(choices=RoleContact.choices)

    class Meta:
        model = Contact
        fields = ["id", "role", "prenom", "nom", "email", "telephone"]


class OrganismeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    sites = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()

    class Meta:
        model = Organisme
        fields = [
            "id",
            "raison_sociale",
            "siret",
            "siren",
            "est_cfa",
            "fictif",
            "siege_adresse",
            "siege_code_postal",
            "siege_commune",
            "email",
            "sites",
            "contacts",
        ]
        read_only_fields = ["siret", "siren", "fictif"]

    @extend_schema_field(SiteSerializer(many=True))
    def get_sites(self, organisme: Organisme) -> list[dict[str, object]]:
        # Nested sites go through the same scoping as everything else.
        sites = organisme.sites.visibles_par(self.context["request"].user).select_related("departement")
        return SiteSerializer(sites, many=True).data  # type: ignore[return-value]

    @extend_schema_field(ContactSerializer(many=True))
    def get_contacts(self, organisme: Organisme) -> list[dict[str, object]]:
        contacts = Contact.objects.visibles_par(self.context["request"].user).filter(organisme=organisme)
        return ContactSerializer(contacts, many=True).data  # type: ignore[return-value]


class ChangementSiretEntreeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    nouveau_siret = serializers.CharField(max_length=20)
    date_effet = serializers.DateField()
    motif = serializers.CharField(required=False, allow_blank=True, default="")


class ChangementPlateauSerializer(serializers.Serializer):  # type: ignore[type-arg]
    nature = serializers.ChoiceField(choices=NatureChangementPlateau.choices)
    date_effet = serializers.DateField()
    description = serializers.CharField()
    adresse = serializers.CharField(required=False, allow_blank=True, default="")
    code_postal = serializers.CharField(required=False, allow_blank=True, default="")
    commune = serializers.CharField(required=False, allow_blank=True, default="")
    departement = serializers.CharField(required=False, allow_blank=True, default="", help_text="Code du département")


class ConstatRegleSerializer(serializers.Serializer):  # type: ignore[type-arg]
    regle = serializers.CharField()
    message = serializers.CharField()


class VerdictOrganismeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    regle = serializers.CharField()
    ok = serializers.BooleanField()
    niveau = serializers.CharField()
    message = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]


def verdict_en_donnees(verdict: Any) -> dict[str, Any]:
    return {
        "regle": verdict.code,
        "ok": verdict.ok,
        "niveau": str(getattr(verdict.niveau, "value", verdict.niveau)),
        "message": verdict.message,
        "source": verdict.source,
    }


class ContactEcritureSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A contact of an organisme; writes go through ``contact_enregistrer`` (phone normalised, ORG-CONTACTS)."""

    organisme = serializers.PrimaryKeyRelatedField(queryset=Organisme.objects.all())
    role = serializers.ChoiceField(choices=RoleContact.choices)

    class Meta:
        model = Contact
        fields = ["id", "organisme", "role", "prenom", "nom", "email", "telephone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and getattr(request, "user", None) is not None:
            self.fields["organisme"].queryset = Organisme.objects.visibles_par(request.user)  # type: ignore[attr-defined]
        if self.instance is not None:
            self.fields["organisme"].read_only = True
        # Uniqueness and the phone format are checked by the model (French messages) through the service.
        self.validators: list[Any] = []


class ContactReponseSerializer(ContactEcritureSerializer):
    verdict_contacts = VerdictOrganismeSerializer(
        read_only=True, help_text="ORG-CONTACTS sur les contacts de l'organisme."
    )

    class Meta(ContactEcritureSerializer.Meta):
        fields = [*ContactEcritureSerializer.Meta.fields, "verdict_contacts"]


class ConventionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    telechargement = serializers.SerializerMethodField()
    fichier = serializers.FileField(write_only=True, required=False, help_text="Convention signée (PDF).")

    class Meta:
        model = Convention
        fields = [
            "id",
            "organisme",
            "partenaire_raison_sociale",
            "partenaire_siret",
            "titres",
            "modalites_inscription",
            "effectif_prevu",
            "annee",
            "date_effet",
            "transmise_prefet_le",
            "mise_a_jour_le",
            "nom_fichier",
            "fichier",
            "telechargement",
        ]
        read_only_fields = ["organisme", "nom_fichier"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validators: list[Any] = []  # uniqueness is checked by the model through the service

    def get_telechargement(self, convention: Convention) -> str | None:
        return reverse("web:convention_fichier", args=[convention.pk]) if convention.fichier else None


class LigneProgrammationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    site = serializers.PrimaryKeyRelatedField(queryset=Site.objects.all())
    millesime = serializers.PrimaryKeyRelatedField(queryset=Millesime.objects.all())
    type_session = serializers.ChoiceField(choices=TypeSession.choices)

    class Meta:
        model = LigneProgrammation
        fields = ["id", "site", "millesime", "type_session", "ccps", "debut", "fin", "candidats_prevus"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and getattr(request, "user", None) is not None:
            self.fields["site"].queryset = Site.objects.visibles_par(request.user)  # type: ignore[attr-defined]
        self.validators: list[Any] = []


class ProgrammationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    departement = serializers.SlugRelatedField(
        slug_field="code", queryset=Departement.objects.all(), help_text="Code du département (UD/DDETS destinataire)."
    )
    organisme = serializers.PrimaryKeyRelatedField(
        queryset=Organisme.objects.all(),
        required=False,
        help_text="Par défaut : l'organisme dont vous êtes responsable ayant un site dans ce département.",
    )
    periode = serializers.ChoiceField(choices=PeriodeProgrammation.choices, default=PeriodeProgrammation.ANNUELLE)
    lignes = serializers.SerializerMethodField()
    echeance = serializers.SerializerMethodField(help_text="Date limite de transmission (ORG-PROGRAMMATION).")

    class Meta:
        model = ProgrammationAnnuelle
        fields = ["id", "organisme", "departement", "annee", "periode", "transmise_le", "echeance", "lignes"]
        read_only_fields = ["transmise_le"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and getattr(request, "user", None) is not None:
            self.fields["organisme"].queryset = Organisme.objects.visibles_par(request.user)  # type: ignore[attr-defined]
        self.validators: list[Any] = []

    @extend_schema_field(LigneProgrammationSerializer(many=True))
    def get_lignes(self, programmation: ProgrammationAnnuelle) -> list[dict[str, object]]:
        lignes = LigneProgrammation.objects.visibles_par(self.context["request"].user).filter(
            programmation=programmation
        )
        return LigneProgrammationSerializer(lignes, many=True, context=self.context).data  # type: ignore[return-value]

    def get_echeance(self, programmation: ProgrammationAnnuelle) -> dt.date:
        region = programmation.departement.region_id
        p = parametres_en_vigueur("ORG-PROGRAMMATION", jour=dt.date(programmation.annee, 1, 1), region=region)
        return limite_programmation(programmation.annee, programmation.periode, p)


class TransmissionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    programmation = ProgrammationSerializer()
    verdict = VerdictOrganismeSerializer()
