"""Demo sessions: one in each state up to the convocations, built through the real services.

Called by ``charger_monde_demo`` after the candidates, juries and agréments. The story is
told relative to the day of the load (``jour``): the services check every rule with the
dates they would have had (a session created 60 days ago, convened 20 days ago...), so
the demo shows what the product really does. Idempotent: each session carries its demo
key in ``observations`` and is not rebuilt when found. A rule that refuses (a demo loaded
long after its dates still hold) is reported as a warning, never a crash.

Centre Horizon, site of Lyon Gerland:

- « BIM modeleur du bâtiment » (TP-01361) in 45 days, **convocations envoyées**: two
  candidates (one VAE; two BIM trainees are added to the personnes demo for these
  sessions), a jury of two habilitated members (one accepted in the jury portal),
  DTE plis received, convocations by registered letter;
- « BIM » in 4 months, **en préparation**: two candidates (one linked to the invited jury member,
  so not assigned to his jury: SES-JURY-LIENS), a jury invitation pending, the
  DTE order submitted and acknowledged by the GEV;
- the « Développeur web » titre (TP-01280) in 40 days, **brouillon**: created too late
  (SES-CREATION-DELAI), waiting for a DDETS derogation;
- a cancelled « BIM » session (**annulée**, no plis ordered).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from titrepro.agrements.models import Agrement, EtatAgrement
from titrepro.comptes.models import Utilisateur
from titrepro.core.erreurs import RegleRefusee
from titrepro.dte import services as dte
from titrepro.examens.models import Inscription, ModeConvocation, Session
from titrepro.examens.services import convocations, inscriptions, jurys
from titrepro.examens.services import sessions as services_sessions
from titrepro.organisations.models import Organisme
from titrepro.personnes.models import Candidat, Formation, MembreJury
from titrepro.personnes.services import candidat_creer
from titrepro.referentiel.models import Millesime

CLE = "[démo]"
HORAIRES = (dt.time(8, 30), dt.time(17, 0))
TELEPHONE_LIVRAISON = "06 39 98 10 01"  # the block ARCEP reserves for works of fiction
STAGIAIRES_BIM = [
    ("FONTAINE", "Lucas", "M", dt.date(1999, 5, 21), "Vénissieux", "lucas.fontaine@exemple.fr"),
    ("MERCIER", "Chloé", "F", dt.date(2002, 12, 3), "Bron", "chloe.mercier@exemple.fr"),
]


def _cle(nom: str) -> str:
    return f"{CLE} {nom}"


def charger_sessions_demo(*, jour: dt.date | None = None) -> list[str]:
    """Build the demo sessions (once); return the warnings of the rules that refused a step."""
    jour = jour or timezone.localdate()
    avertissements: list[str] = []
    horizon = Organisme.objects.filter(raison_sociale__startswith="Centre de formation Horizon").first()
    bim = Millesime.objects.filter(titre__code="TP-01361", version="02").first()
    web = Millesime.objects.filter(titre__code="TP-01280", version="04").first()
    if horizon is None or bim is None or web is None:
        return ["Sessions de démonstration non chargées : organisme Horizon ou millésimes absents."]
    lyon = horizon.sites.filter(departement__code="69").order_by("nom").first()
    responsable = Utilisateur.objects.filter(email="session@demo.titrepro.fr").first()
    if lyon is None or responsable is None:
        return ["Sessions de démonstration non chargées : site de Lyon ou responsable de session absents."]
    # The BIM titre is taught in Lyon too: its agrément (the jury members of the demo are habilitated on it).
    Agrement.objects.get_or_create(
        organisme=horizon,
        site=lyon,
        millesime=bim,
        demande=None,
        defaults={"debut": dt.date(2026, 1, 1), "fin": bim.fin_validite, "etat": EtatAgrement.ACTIF},
    )

    def etape(nom: str, action: Callable[[], Any]) -> Any:
        try:
            with transaction.atomic():
                return action()
        except (RegleRefusee, ValidationError, PermissionDenied) as erreur:
            avertissements.append(f"Démo, {nom} : {getattr(erreur, 'message', erreur)}")
            return None

    _stagiaires_bim(horizon, bim, responsable, jour)
    contexte: dict[str, Any] = {
        "horizon": horizon,
        "lyon": lyon,
        "responsable": responsable,
        "jour": jour,
        "etape": etape,
    }
    if not Session.objects.filter(observations__startswith=_cle("convoquée")).exists():
        _session_convoquee(bim=bim, **contexte)
    if not Session.objects.filter(observations__startswith=_cle("en préparation")).exists():
        _session_en_preparation(bim=bim, **contexte)
    if not Session.objects.filter(observations__startswith=_cle("brouillon")).exists():
        _session_brouillon(web=web, **contexte)
    if not Session.objects.filter(observations__startswith=_cle("annulée")).exists():
        _session_annulee(bim=bim, **contexte)
    from titrepro.demo.resultats import CLE_RESULTATS, session_resultats_saisis  # issue 7, part RESULTATS

    if not Session.objects.filter(observations__startswith=_cle(CLE_RESULTATS)).exists():
        session_resultats_saisis(bim=bim, **contexte)
    from titrepro.demo.proces_verbaux import sessions_pv  # issue 7, part PV: « PV édité » to « validée »

    sessions_pv(bim=bim, **contexte)
    from titrepro.demo.jour import CLE_JOUR, session_en_cours  # issue 7, part JOUR: « en cours » (opened today)

    if not Session.objects.filter(observations__startswith=_cle(CLE_JOUR)).exists():
        session_en_cours(bim=bim, **contexte)
    return avertissements


def _jours(premier: dt.date, nombre: int) -> list[tuple[dt.date, dt.time, dt.time]]:
    """``nombre`` consecutive working days (Monday to Friday) from ``premier`` moved to a Monday."""
    lundi = premier + dt.timedelta(days=(7 - premier.weekday()) % 7)
    return [(lundi + dt.timedelta(days=i), *HORAIRES) for i in range(nombre)]


def _creer(
    *,
    cle: str,
    millesime: Millesime,
    premier: dt.date,
    cree_le: dt.date,
    horizon: Organisme,
    lyon: Any,
    responsable: Utilisateur,
    etape: Callable[..., Any],
    brouillon: bool = False,
    nombre_jours: int = 2,
) -> Session | None:
    session: Session | None = etape(
        f"création de la session « {cle} »",
        lambda: services_sessions.session_creer(
            auteur=responsable,
            organisme=horizon,
            site=lyon,
            millesime=millesime,
            jours=_jours(premier, nombre_jours),
            responsable=responsable,
            suppleants=list(Utilisateur.objects.filter(email="suppleant@demo.titrepro.fr")),
            observations=_cle(cle) + " — session de démonstration (données fictives).",
            jour=cree_le,
            brouillon=brouillon,
        ),
    )
    return session


def _inscrire(session: Session, candidat: Candidat | None, *, public: str, quand: dt.date, etape: Any) -> None:
    if candidat is None:
        return
    formation = Formation.objects.filter(candidat=candidat, millesime=session.millesime).first()
    etape(
        f"inscription de {candidat}",
        lambda: inscriptions.inscription_ajouter(
            session=session,
            candidat=candidat,
            public=public,
            formation=formation,
            auteur=session.responsable,
            jour=quand,
            confirmer_droits=True,
        ),
    )


def _jury(session: Session, membres: list[MembreJury], *, quand: dt.date, etape: Any, accepter: bool) -> None:
    jury = etape("création du jury", lambda: jurys.jury_creer(session=session, auteur=session.responsable))
    if jury is None:
        return
    for membre in membres:
        participation = etape(
            f"invitation de {membre}",
            lambda m=membre: jurys.membre_inviter(jury=jury, membre=m, auteur=session.responsable, jour=quand),
        )
        if participation is not None and accepter and membre.compte_id:
            etape(
                f"réponse de {membre}",
                lambda p=participation, m=membre: jurys.participation_repondre(
                    participation=p, auteur=m.compte, accepte=True
                ),
            )
    lies = set().union(*(m.candidats_lies(session.inscriptions.values_list("candidat_id", flat=True)) for m in membres))
    for inscription in session.inscriptions.exclude(candidat_id__in=lies):  # SES-JURY-LIENS: never a linked member
        etape(
            f"affectation de {inscription.candidat} au jury",
            lambda i=inscription: jurys.candidat_affecter_jury(inscription=i, jury=jury, auteur=session.responsable),
        )


def _convoquer_deux_stagiaires_bim(
    session: Session, *, auteur: Any, convocation_le: dt.date, etape: Any, suivi: int
) -> None:
    """The later-state BIM sessions of issue 7 start alike: Lucas FONTAINE and Chloé MERCIER registered,
    the two BIM jury members invited and accepting, both candidates convened by registered letter on
    ``convocation_le`` (tracking numbers from ``suivi``), the convocations issued."""
    for nom, prenoms in (("FONTAINE", "Lucas"), ("MERCIER", "Chloé")):
        _inscrire(
            session,
            _candidat(nom, prenoms),
            public="formation",
            quand=convocation_le - dt.timedelta(days=5),
            etape=etape,
        )
    membres = _membres("christophe.pelletier@exemple.fr", "sylvie.brun@exemple.fr")
    _jury(session, membres, quand=convocation_le - dt.timedelta(days=3), etape=etape, accepter=True)
    for rang, inscription in enumerate(Inscription.objects.filter(session=session), start=1):
        etape(
            f"convocation de {inscription.candidat}",
            lambda i=inscription, r=rang: convocations.convocation_enregistrer(
                inscription=i,
                auteur=auteur,
                mode=ModeConvocation.LRAR,
                envoyee_le=convocation_le,
                numero_suivi=f"1A{suivi + session.pk * 10 + r:011d}",
            ),
        )
    etape(
        "émission des convocations",
        lambda: convocations.convocations_emettre(session=session, auteur=auteur, jour=convocation_le),
    )


def _commander(session: Session) -> Any:
    return dte.commande_creer(session=session, auteur=session.responsable, telephone_livraison=TELEPHONE_LIVRAISON)


def _stagiaires_bim(horizon: Organisme, bim: Millesime, responsable: Utilisateur, jour: dt.date) -> None:
    """Two more trainees of the BIM titre (the personnes demo has one trainee and one VAE candidate)."""
    for nom, prenoms, sexe, naissance, lieu, email in STAGIAIRES_BIM:
        candidat = Candidat.objects.filter(nom_naissance=nom, prenoms=prenoms, date_naissance=naissance).first()
        if candidat is None:
            candidat = candidat_creer(
                donnees={
                    "nom_naissance": nom,
                    "prenoms": prenoms,
                    "sexe": sexe,
                    "date_naissance": naissance,
                    "lieu_naissance": lieu,
                    "email": email,
                },
                organisme=horizon,
                auteur=responsable,
                autre_personne=True,
                jour=jour,
            )
            Candidat.objects.filter(pk=candidat.pk).update(fictif=True)
        Formation.objects.get_or_create(
            candidat=candidat,
            organisme=horizon,
            millesime=bim,
            defaults={"statut": "stagiaire", "debut": dt.date(2026, 3, 2), "fin": dt.date(2026, 10, 30)},
        )


def _membres(*emails: str) -> list[MembreJury]:
    return [m for e in emails if (m := MembreJury.objects.filter(email=e).first()) is not None]


def _candidat(nom: str, prenoms: str) -> Candidat | None:
    return Candidat.objects.filter(nom_naissance=nom, prenoms=prenoms, fictif=True).first()


def _session_convoquee(*, bim: Millesime, jour: dt.date, etape: Any, **contexte: Any) -> None:
    session = _creer(
        cle="convoquée",
        millesime=bim,
        premier=jour + dt.timedelta(days=45),
        cree_le=jour - dt.timedelta(days=60),
        etape=etape,
        **contexte,
    )
    if session is None:
        return
    _inscrire(
        session, _candidat("FONTAINE", "Lucas"), public="formation", quand=jour - dt.timedelta(days=55), etape=etape
    )
    _inscrire(session, _candidat("BENALI", "Karim"), public="vae", quand=jour - dt.timedelta(days=55), etape=etape)
    _jury(
        session,
        _membres("christophe.pelletier@exemple.fr", "sylvie.brun@exemple.fr"),
        quand=jour - dt.timedelta(days=40),
        etape=etape,
        accepter=True,
    )
    gev = Utilisateur.objects.filter(email="gev@demo.titrepro.fr").first()
    commande = etape("commande de DTE", lambda: _commander(session))
    if commande is not None:
        pas: list[tuple[str, Callable[[], Any]]] = [
            (
                "soumission",
                lambda: dte.commande_soumettre(
                    commande=commande, auteur=session.responsable, jour=jour - dt.timedelta(days=54)
                ),
            ),
            (
                "prise en compte",
                lambda: dte.commande_prendre_en_compte(
                    commande=commande, auteur=gev, jour=jour - dt.timedelta(days=53)
                ),
            ),
            (
                "préparation",
                lambda: dte.commande_marquer_preparee(
                    commande=commande,
                    auteur=gev,
                    jour=jour - dt.timedelta(days=30),
                    lien_dto="DTO-DEMO-0001",
                    lien_zo="ZO-DEMO-0001",
                ),
            ),
            (
                "expédition",
                lambda: dte.commande_expedier(
                    commande=commande, auteur=gev, jour=jour - dt.timedelta(days=4), reference="8R0000000001"
                ),
            ),
            (
                "réception",
                lambda: dte.commande_receptionner(
                    commande=commande, auteur=session.responsable, jour=jour - dt.timedelta(days=1)
                ),
            ),
        ]
        for nom, action in pas:
            if etape(f"DTE, {nom}", lambda a=action: (commande.refresh_from_db(), a())) is None:
                break
    envoi = jour - dt.timedelta(days=20)
    for rang, inscription in enumerate(Inscription.objects.filter(session=session), start=1):
        etape(
            f"convocation de {inscription.candidat}",
            lambda i=inscription, r=rang: convocations.convocation_enregistrer(
                inscription=i,
                auteur=session.responsable,
                mode=ModeConvocation.LRAR,
                envoyee_le=envoi,
                numero_suivi=f"1A{100000000 + r:011d}",
            ),
        )
    etape(
        "émission des convocations",
        lambda: convocations.convocations_emettre(session=session, auteur=session.responsable, jour=envoi),
    )


def _session_en_preparation(*, bim: Millesime, jour: dt.date, etape: Any, **contexte: Any) -> None:
    session = _creer(
        cle="en préparation",
        millesime=bim,
        premier=jour + dt.timedelta(days=120),
        cree_le=jour - dt.timedelta(days=10),
        etape=etape,
        **contexte,
    )
    if session is None:
        return
    _inscrire(
        session, _candidat("NGUYEN", "Mai Linh"), public="formation", quand=jour - dt.timedelta(days=8), etape=etape
    )
    _inscrire(
        session, _candidat("MERCIER", "Chloé"), public="formation", quand=jour - dt.timedelta(days=8), etape=etape
    )
    _jury(
        session,
        _membres("christophe.pelletier@exemple.fr"),
        quand=jour - dt.timedelta(days=5),
        etape=etape,
        accepter=False,
    )
    gev = Utilisateur.objects.filter(email="gev@demo.titrepro.fr").first()
    commande = etape("commande de DTE", lambda: _commander(session))
    if commande is None:
        return
    if (
        etape(
            "DTE, soumission",
            lambda: dte.commande_soumettre(
                commande=commande, auteur=session.responsable, jour=jour - dt.timedelta(days=3)
            ),
        )
        is not None
    ):
        commande.refresh_from_db()
        etape(
            "DTE, prise en compte",
            lambda: dte.commande_prendre_en_compte(commande=commande, auteur=gev, jour=jour - dt.timedelta(days=2)),
        )


def _session_brouillon(*, web: Millesime, jour: dt.date, etape: Any, **contexte: Any) -> None:
    session = _creer(
        cle="brouillon",
        millesime=web,
        premier=jour + dt.timedelta(days=40),
        cree_le=jour,
        etape=etape,
        brouillon=True,
        **contexte,
    )
    if session is None:
        return
    _inscrire(session, _candidat("GARCIA", "Inès"), public="formation", quand=jour, etape=etape)
    _inscrire(session, _candidat("LEFÈVRE", "Jean-Baptiste Louis"), public="formation", quand=jour, etape=etape)


def _session_annulee(*, bim: Millesime, jour: dt.date, etape: Any, **contexte: Any) -> None:
    session = _creer(
        cle="annulée",
        millesime=bim,
        premier=jour + dt.timedelta(days=100),
        cree_le=jour - dt.timedelta(days=30),
        etape=etape,
        **contexte,
    )
    if session is None:
        return
    etape(
        "annulation",
        lambda: services_sessions.session_annuler(
            session=session,
            auteur=session.responsable,
            jour=jour - dt.timedelta(days=2),
            motif="Plateau technique indisponible (dégât des eaux) ; candidats reportés sur la session suivante.",
            decision_dte="sans_objet",
        ),
    )
