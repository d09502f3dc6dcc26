"""Demo sessions « PV édité », « PV signé », « transmise », « validée » (issue 7, PV), built through the services.

Four « BIM » sessions of Centre Horizon (Lyon) held 2½, 3, 5 and 8 weeks before the load day, each run
like the « résultats saisis » one (convened, opened, check-in, results by the jury member in his
portal: Lucas FONTAINE titre obtenu, Chloé MERCIER réussite partielle), then: the PV edited (the first
stops there, awaiting the signatures), signed by the jury member who sat (Christophe PELLETIER,
jury@demo.titrepro.fr) and by the responsable de session; the third also transmitted to the DDETS of
the Rhône; the fourth validated by it (its results are published), and Lucas FONTAINE given a
portal account (laureat@demo.titrepro.fr: his result, attestation and livret). The demo candidate
(candidat@demo.titrepro.fr) is trained for another TP, on which no demo jury member is habilitated:
he is not registered here. Each step is a warning, never a crash, when a rule refuses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from titrepro.comptes.models import Utilisateur
from titrepro.comptes.roles import Role
from titrepro.demo.monde import LAUREAT_DEMO, MOT_DE_PASSE_DEMO, charger_compte
from titrepro.examens.models import Inscription, Session
from titrepro.examens.services import deroulement
from titrepro.proces_verbaux import services as pv
from titrepro.referentiel.models import Millesime
from titrepro.resultats import services as resultats

SESSIONS_PV = (("PV édité", 17), ("PV signé", 21), ("transmise", 35), ("validée", 56))
"""The key of each demo session and how many days before the load day its first day was."""


def sessions_pv(*, bim: Millesime, jour: dt.date, etape: Any, **contexte: Any) -> None:
    from titrepro.demo import sessions as demo

    for cle, recul in SESSIONS_PV:
        if Session.objects.filter(observations__startswith=demo._cle(cle)).exists():
            continue
        session = _session_decidee(cle=cle, premier=jour - dt.timedelta(days=recul), bim=bim, etape=etape, **contexte)
        if session is None:
            continue
        premier, dernier = session.premier_jour, session.dernier_jour
        signe_le = timezone.make_aware(dt.datetime.combine(dernier, dt.time(17, 30)))
        etape(
            "édition du PV", lambda s=session, m=signe_le: pv.pv_editer(session=s, auteur=s.responsable, maintenant=m)
        )
        if cle == "PV édité":  # awaiting the jury's signatures
            continue
        for membre in pv.membres_signataires(session):
            if membre.compte_id:
                etape(
                    f"signature du PV par {membre}",
                    lambda s=session, c=membre.compte, m=signe_le: pv.pv_signer(
                        session=s, signataire=c, mot_de_passe=MOT_DE_PASSE_DEMO, maintenant=m
                    ),
                )
        etape(
            "signature du PV par le responsable",
            lambda s=session, m=signe_le: pv.pv_signer(
                session=s, signataire=s.responsable, mot_de_passe=MOT_DE_PASSE_DEMO, maintenant=m
            ),
        )
        if cle == "PV signé":
            continue
        etape(
            "transmission du PV",
            lambda s=session, d=dernier: pv.pv_transmettre(
                session=s, auteur=s.responsable, jour=d + dt.timedelta(days=3)
            ),
        )
        if cle != "validée":
            continue
        agent = Utilisateur.objects.filter(
            affectations__role="agent_ddets", affectations__departement=session.site.departement_id
        ).first()
        if agent is not None:
            etape(
                "validation par la DDETS",
                lambda s=session, a=agent, d=premier: pv.pv_valider(session=s, agent=a, jour=d + dt.timedelta(days=10)),
            )
    validee = Session.objects.filter(observations__startswith=demo._cle("validée"), etat="validee").first()
    if validee is not None:
        etape("espace candidat de Lucas FONTAINE", lambda: _compte_laureat(validee))


def _compte_laureat(session: Session) -> Any:
    """Lucas FONTAINE, titre obtenu in the validated session, gets a demo portal account (idempotent), linked to
    his record like the demo candidate's (his own address stays fictitious, @exemple.fr)."""
    inscription = Inscription.objects.filter(session=session, candidat__nom_naissance="FONTAINE").first()
    if inscription is None:
        return None
    candidat = inscription.candidat
    prenom = candidat.prenoms.split(" ")[0]
    compte = charger_compte(
        {"email": LAUREAT_DEMO, "prenom": prenom, "nom": candidat.nom_affiche, "role": Role.CANDIDAT}, {}
    ).utilisateur
    if candidat.compte_id != compte.pk:
        candidat.compte = compte
        candidat.save(update_fields=["compte", "modifie_le"])
    return compte


def _session_decidee(*, cle: str, premier: dt.date, bim: Millesime, etape: Any, **contexte: Any) -> Session | None:
    """A session held on ``premier`` whose results are entered and closed (« résultats saisis »)."""
    from titrepro.demo import sessions as demo

    contexte.pop("jour", None)
    session: Session | None = demo._creer(
        cle=cle, millesime=bim, premier=premier, cree_le=premier - dt.timedelta(days=150), etape=etape, **contexte
    )
    if session is None:
        return None
    premier = session.premier_jour  # the demo moves a weekend day to the next working day
    convocation_le = premier - dt.timedelta(days=35)
    demo._convoquer_deux_stagiaires_bim(
        session, auteur=session.responsable, convocation_le=convocation_le, etape=etape, suivi=400_000_000
    )
    etape(
        "présences du premier jour",
        lambda: deroulement.presences_enregistrer(
            session=session,
            auteur=session.responsable,
            jour=premier,
            heure=dt.time(8, 0),
            responsables=[session.responsable],
            jures=deroulement.participations_presentables(session),
        ),
    )
    ouverture = timezone.make_aware(dt.datetime.combine(premier, dt.time(8, 30)))
    etape(
        "ouverture de la session",
        lambda: deroulement.session_ouvrir(
            session=session, auteur=session.responsable, jour=premier, maintenant=ouverture
        ),
    )
    for inscription in Inscription.objects.filter(session=session).select_related("candidat"):
        etape(
            f"émargement de {inscription.candidat}",
            lambda i=inscription: deroulement.candidat_emarger(
                inscription=i,
                auteur=session.responsable,
                jour=premier,
                heure_arrivee=dt.time(8, 15),
                piece_identite="cni",
                identite_verifiee=True,
                nouvelle_adresse=None,
            ),
        )
    ccps = list(bim.ccps.order_by("numero"))
    for inscription in Inscription.objects.filter(session=session).select_related("candidat", "jury"):
        reussit_tout = inscription.candidat.nom_naissance == "FONTAINE"
        jure = (
            next((p.membre.compte for p in inscription.jury.participations.all() if p.membre.compte_id), None)
            if inscription.jury
            else None
        )
        par = jure or session.responsable
        for rang, ccp in enumerate(ccps):
            acquis = reussit_tout or rang == 0
            etape(
                f"résultat {ccp} de {inscription.candidat}",
                lambda i=inscription, c=ccp, a=acquis, p=par: resultats.resultat_saisir(
                    inscription=i, par=p, ccp=c, acquis=a, observations="Délibération du jury."
                ),
            )
        etape(
            f"décision pour {inscription.candidat}",
            lambda i=inscription, p=par: resultats.decision_enregistrer(
                inscription=i, par=p, observations="Décision du jury après délibération."
            ),
        )
    etape("clôture de la saisie", lambda: resultats.saisie_cloturer(session=session, par=session.responsable))
    session.refresh_from_db()
    return session
