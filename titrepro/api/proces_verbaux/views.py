"""PV of a session and published results, nested under ``/api/v1/sessions/<pk>/``: same services as the pages.

- ``GET  sessions/<pk>/pv/``: the PV's state (version, documents and their SHA-256, signatures, RES-PV-DELAI);
  ``POST`` edits it (RES-SAISIE: 422 ``regle_refusee`` while a candidate has no decision);
- ``POST sessions/<pk>/pv/signer/`` (``mot_de_passe``): sign the current version (jury members, then the
  responsable; RES-SAISIE: 422 for the responsable before every jury member);
- ``POST sessions/<pk>/pv/transmettre/``: transmit it to the DDETS (the date recorded, RES-PV-DELAI);
- ``POST sessions/<pk>/valider/`` and ``sessions/<pk>/renvoyer/`` (``motif``): the DDETS of the département;
- ``GET  mes-resultats/``: the candidate's own results, only in validated sessions (RES-PUBLICATION).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from titrepro.api.base import AuteurAuditMixin, RoleAutorise
from titrepro.comptes.acces import GESTION_SESSIONS, INSTRUCTEURS_PV, LECTEURS_PV, RESULTATS_CANDIDAT, SIGNATAIRES_PV
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.models import Session
from titrepro.proces_verbaux import services
from titrepro.proces_verbaux.lectures import resultats_publies
from titrepro.proces_verbaux.models import ProcesVerbal


class DocumentPvSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    type_document = serializers.CharField()
    inscription = serializers.IntegerField(allow_null=True)
    nom = serializers.CharField()
    version = serializers.IntegerField()
    empreinte = serializers.CharField(help_text="SHA-256 du fichier, vérifié à chaque signature et transmission.")


class SignaturePvSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    nom_signataire = serializers.CharField()
    qualite = serializers.CharField()
    version = serializers.IntegerField()
    empreinte = serializers.CharField(help_text="Empreinte SHA-256 de la version signée.")
    signe_le = serializers.DateTimeField()
    annulee_le = serializers.DateTimeField(allow_null=True)
    motif_annulation = serializers.CharField()


class VerdictDelaiPvSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField()
    ok = serializers.BooleanField()
    message = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # the rule's legal source, not DRF's ``source``
    echeance = serializers.DateField(allow_null=True)


class PvSerializer(serializers.Serializer):  # type: ignore[type-arg]
    session = serializers.IntegerField()
    etat_session = serializers.CharField()
    nature = serializers.CharField(allow_null=True)
    version = serializers.IntegerField()
    transmis_le = serializers.DateField(allow_null=True)
    valide_le = serializers.DateField(allow_null=True)
    motif_renvoi = serializers.CharField()
    documents = DocumentPvSerializer(many=True)
    signatures = SignaturePvSerializer(many=True)
    delai = VerdictDelaiPvSerializer(
        allow_null=True, help_text="RES-PV-DELAI (15 jours, 5 pour un titre du transport)."
    )


class SignerPvSerializer(serializers.Serializer):  # type: ignore[type-arg]
    mot_de_passe = serializers.CharField(
        write_only=True, trim_whitespace=False, help_text="Le mot de passe du signataire, saisi de nouveau."
    )


class RenvoiPvSerializer(serializers.Serializer):  # type: ignore[type-arg]
    motif = serializers.CharField(max_length=2000, help_text="Adressé à l'équipe de la session.")


class ResultatPublieSerializer(serializers.Serializer):  # type: ignore[type-arg]
    inscription = serializers.IntegerField()
    session = serializers.IntegerField()
    session_numero = serializers.CharField()
    titre = serializers.CharField()
    decision = serializers.CharField()
    decision_libelle = serializers.CharField()
    ccps = serializers.ListField(child=serializers.DictField())
    validee_le = serializers.DateField()


def etat_pv(session: Session, user: Any) -> dict[str, Any]:
    pv = ProcesVerbal.objects.visibles_par(user).filter(session=session).first()
    verdict = services.verdict_delai(session, jour=timezone.localdate())
    return {
        "session": session.pk,
        "etat_session": session.etat,
        "nature": pv.nature if pv else None,
        "version": pv.version if pv else 0,
        "transmis_le": pv.transmis_le if pv else None,
        "valide_le": pv.valide_le if pv else None,
        "motif_renvoi": pv.motif_renvoi if pv else "",
        "documents": [
            {
                "id": d.pk,
                "type_document": d.type_document,
                "inscription": d.inscription_id,
                "nom": d.nom,
                "version": d.version,
                "empreinte": d.empreinte,
            }
            for d in (pv.documents_courants() if pv else [])
        ],
        "signatures": [
            {
                "id": s.pk,
                "nom_signataire": s.nom_signataire,
                "qualite": s.qualite,
                "version": s.version,
                "empreinte": s.empreinte,
                "signe_le": s.signe_le,
                "annulee_le": s.annulee_le,
                "motif_annulation": s.motif_annulation,
            }
            for s in (pv.signatures.order_by("version", "signe_le") if pv else [])
        ],
        "delai": (
            {
                "code": verdict.code,
                "ok": verdict.ok,
                "message": verdict.message,
                "source": verdict.source,
                "echeance": verdict.echeance,
            }
            if verdict
            else None
        ),
    }


class _Base(AuteurAuditMixin, GenericAPIView):  # type: ignore[type-arg]
    permission_classes = [RoleAutorise]
    roles_autorises = LECTEURS_PV
    serializer_class = PvSerializer
    pagination_class = None
    queryset = Session.objects.none()  # for the schema; the session comes from visibles_par below

    def session(self, pk: Any) -> Session:
        session: Session = get_visible_or_404(Session.objects.all(), self.request.user, pk=pk)
        return session

    def etat(self, session: Session) -> Response:
        session.refresh_from_db()
        return Response(PvSerializer(etat_pv(session, self.request.user)).data)


class PvApi(_Base):
    """The PV of a session (GET); edit it (POST, the session team)."""

    @extend_schema(responses=PvSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return self.etat(self.session(pk))

    @extend_schema(request=None, responses=PvSerializer)
    def post(self, request: Request, pk: int) -> Response:
        self.verifier_roles(GESTION_SESSIONS)
        session = self.session(pk)
        services.pv_editer(session=session, auteur=request.user)
        return self.etat(session)

    def verifier_roles(self, roles: frozenset[str]) -> None:
        if not self.request.user.roles & roles:  # type: ignore[union-attr]
            raise exceptions.PermissionDenied("Seuls le responsable de session et les suppléants éditent le PV.")


class SignerPvApi(_Base):
    """Sign the current version of the PV (password re-entered)."""

    roles_autorises = SIGNATAIRES_PV

    @extend_schema(request=SignerPvSerializer, responses=PvSerializer)
    def post(self, request: Request, pk: int) -> Response:
        session = self.session(pk)
        entree = SignerPvSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        services.pv_signer(
            session=session,
            signataire=request.user,
            mot_de_passe=entree.validated_data["mot_de_passe"],
            adresse_ip=request.META.get("REMOTE_ADDR"),
        )
        return self.etat(session)


class TransmettrePvApi(_Base):
    """Transmit the signed PV to the DDETS."""

    roles_autorises = GESTION_SESSIONS

    @extend_schema(request=None, responses=PvSerializer)
    def post(self, request: Request, pk: int) -> Response:
        session = self.session(pk)
        services.pv_transmettre(session=session, auteur=request.user, jour=timezone.localdate())
        return self.etat(session)


class ValiderSessionApi(_Base):
    """The DDETS of the site's département validates the session: results published (RES-PUBLICATION)."""

    roles_autorises = INSTRUCTEURS_PV

    @extend_schema(request=None, responses=PvSerializer)
    def post(self, request: Request, pk: int) -> Response:
        session = self.session(pk)
        services.pv_valider(session=session, agent=request.user, jour=timezone.localdate())
        return self.etat(session)


class RenvoyerSessionApi(_Base):
    """The DDETS sends the PV back for correction with a motive (signatures voided)."""

    roles_autorises = INSTRUCTEURS_PV

    @extend_schema(request=RenvoiPvSerializer, responses=PvSerializer)
    def post(self, request: Request, pk: int) -> Response:
        session = self.session(pk)
        entree = RenvoiPvSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        services.pv_renvoyer(
            session=session, agent=request.user, motif=entree.validated_data["motif"], jour=timezone.localdate()
        )
        return self.etat(session)


class MesResultatsApi(AuteurAuditMixin, GenericAPIView):  # type: ignore[type-arg]
    """The signed-in candidate's results, only those of sessions the DDETS validated."""

    permission_classes = [RoleAutorise]
    roles_autorises = RESULTATS_CANDIDAT
    serializer_class = ResultatPublieSerializer
    pagination_class = None
    queryset = Session.objects.none()

    @extend_schema(responses=ResultatPublieSerializer(many=True))
    def get(self, request: Request) -> Response:
        lignes = [
            {
                "inscription": r.inscription.pk,
                "session": r.session.pk,
                "session_numero": r.session.numero,
                "titre": r.session.millesime.titre.intitule,
                "decision": r.ligne.etat,
                "decision_libelle": r.ligne.etat_libelle,
                "ccps": [{"ccp": str(c.ccp), "acquis": c.acquis} for c in r.ligne.resultats_ccp],
                "validee_le": r.validee_le,
            }
            for r in resultats_publies(request.user)
        ]
        return Response({"count": len(lignes), "results": ResultatPublieSerializer(lignes, many=True).data})
