"""Serializers of the results API: a registration's row (CCP and épreuve results, decision) and the entry body."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from titrepro.resultats.lectures import LigneGrille
from titrepro.resultats.models import EtatEpreuve, ResultatDecision


class ResultatCCPSerializer(serializers.Serializer):  # type: ignore[type-arg]
    ccp = serializers.IntegerField()
    ccp_numero = serializers.IntegerField(read_only=True)
    ccp_intitule = serializers.CharField(read_only=True)
    acquis = serializers.BooleanField(allow_null=True, help_text="null : pas encore saisi.")
    observations = serializers.CharField(allow_blank=True)
    saisi_par = serializers.CharField(read_only=True, help_text="Qui a saisi : membre du jury ou équipe de la session.")
    saisi_le = serializers.DateTimeField(read_only=True, allow_null=True)
    transcrit = serializers.BooleanField(read_only=True)


class ResultatEpreuveSerializer(serializers.Serializer):  # type: ignore[type-arg]
    epreuve = serializers.IntegerField()
    libelle = serializers.CharField(read_only=True)
    etat = serializers.CharField(allow_null=True, help_text="passee, non_passee ou null (non saisie).")
    observations = serializers.CharField(allow_blank=True)


class DecisionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    resultat = serializers.CharField(allow_null=True)
    resultat_libelle = serializers.CharField(allow_null=True)
    ccps_acquis = serializers.ListField(child=serializers.IntegerField())
    entretien_final_le = serializers.DateField(allow_null=True)
    observations = serializers.CharField(allow_blank=True)


class LigneResultatsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One registration of the session (``id`` is the registration's) with its results and its decision."""

    id = serializers.IntegerField()
    candidat = serializers.IntegerField()
    candidat_nom = serializers.CharField()
    jury = serializers.IntegerField(allow_null=True, help_text="Numéro du jury.")
    etat = serializers.CharField(help_text="État de l'inscription (présent, absent, exclu, ou la décision).")
    a_une_decision = serializers.BooleanField()
    ccps = ResultatCCPSerializer(many=True)
    epreuves = ResultatEpreuveSerializer(many=True)
    decision = DecisionSerializer(allow_null=True)


def ligne_en_donnees(ligne: LigneGrille) -> dict[str, Any]:
    inscription = ligne.inscription
    decision = ligne.decision
    return {
        "id": inscription.pk,
        "candidat": inscription.candidat_id,
        "candidat_nom": str(inscription.candidat),
        "jury": inscription.jury.numero if inscription.jury else None,
        "etat": str(inscription.etat),
        "a_une_decision": ligne.a_une_decision,
        "ccps": [
            {
                "ccp": c.ccp.pk,
                "ccp_numero": c.ccp.numero,
                "ccp_intitule": c.ccp.intitule,
                "acquis": c.resultat.acquis if c.resultat else None,
                "observations": c.resultat.observations if c.resultat else "",
                "saisi_par": c.resultat.saisi_par_libelle if c.resultat else "",
                "saisi_le": c.resultat.saisi_le if c.resultat else None,
                "transcrit": c.resultat.transcrit if c.resultat else False,
            }
            for c in ligne.ccps
            if c.presente
        ],
        "epreuves": [
            {
                "epreuve": e.epreuve.pk,
                "libelle": str(e.epreuve),
                "etat": e.resultat.etat if e.resultat else None,
                "observations": e.resultat.observations if e.resultat else "",
            }
            for e in ligne.epreuves
            if e.presentee
        ],
        "decision": (
            {
                "resultat": decision.resultat,
                "resultat_libelle": decision.get_resultat_display(),
                "ccps_acquis": [c.pk for c in decision.ccps_acquis.all()],
                "entretien_final_le": decision.entretien_final_le,
                "observations": decision.observations,
            }
            if decision
            else None
        ),
    }


class SaisieCCPSerializer(serializers.Serializer):  # type: ignore[type-arg]
    ccp = serializers.IntegerField(help_text="Identifiant du CCP présenté.")
    acquis = serializers.BooleanField()
    observations = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class SaisieEpreuveSerializer(serializers.Serializer):  # type: ignore[type-arg]
    epreuve = serializers.IntegerField(help_text="Identifiant de l'épreuve du référentiel.")
    etat = serializers.ChoiceField(choices=EtatEpreuve.choices)
    observations = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class SaisieDecisionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    resultat = serializers.ChoiceField(
        choices=ResultatDecision.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="Facultatif : la décision découle des CCP ; si elle est donnée, elle doit y correspondre.",
    )
    entretien_final_le = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="SES-ENTRETIEN-FINAL (session CCP, dernier CCP)."
    )
    observations = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class SaisieLigneSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """What to record for one registration: results per CCP and épreuve, then (optionally) the decision, or the
    undoing of the decision (``annuler_decision`` with its motive)."""

    ccps = SaisieCCPSerializer(many=True, required=False, default=list)
    epreuves = SaisieEpreuveSerializer(many=True, required=False, default=list)
    decision = SaisieDecisionSerializer(required=False, allow_null=True, default=None)
    annuler_decision = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Motif : annule la décision enregistrée."
    )


class SaisieSessionSerializer(SaisieLigneSerializer):
    inscription = serializers.IntegerField(help_text="Identifiant de l'inscription (ligne) concernée.")


class SessionEtatSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    numero = serializers.CharField()
    etat = serializers.CharField()
