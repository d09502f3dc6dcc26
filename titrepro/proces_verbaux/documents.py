"""The PV and the published documents as PDF (WeasyPrint), with the State's look (Marianne, bloc-marque).

* ``pv_general_pdf``: the session (TP, millésime, site, days), its juries and members, per
  candidate the CCP / épreuve results and the decision, the absences and the fraud reports;
* ``pv_individuel_pdf``: one registration's results and decision; ``pv_individuels_pdf``
  puts every registration's PV into one file;
* ``pv_annulation_pdf``: the PV of cancellation of a session cancelled after its convocations;
* ``attestation_pdf``, ``livret_pdf``, ``liste_affichage_pdf``: what is published once the
  DDETS validated the session (RES-PUBLICATION).

The PV is rendered for one version: its number is printed on every page, so two versions
never have the same hash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string

from titrepro.examens.documents import police_marianne
from titrepro.examens.models import EtatInscription, EtatParticipation, Inscription, Session
from titrepro.examens.models.deroulement import Incident
from titrepro.resultats.lectures import ResultatInscription, resultats_de_session

ETATS_ABSENCE = frozenset({EtatInscription.ABSENT_JUSTIFIE, EtatInscription.ABSENT_NON_JUSTIFIE})
ETATS_REUSSITE = frozenset(
    {EtatInscription.TITRE_OBTENU, EtatInscription.REUSSITE_PARTIELLE, EtatInscription.CCP_ACQUIS}
)


def _pdf(gabarit: str, contexte: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported here: heavy, and only the PDF needs it
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(gabarit, {"polices": police_marianne(), **contexte})
    return bytes(HTML(string=html).write_pdf(font_config=FontConfiguration()))


def _rendus(gabarit: str, contextes: Sequence[dict[str, Any]]) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    polices = police_marianne()
    rendus = [
        HTML(string=render_to_string(gabarit, {"polices": polices, **c})).render(font_config=FontConfiguration())
        for c in contextes
    ]
    if not rendus:
        raise ValueError("Aucun candidat : il n'y a pas de document à produire.")
    return bytes(rendus[0].copy([page for rendu in rendus for page in rendu.pages]).write_pdf())


def jurys_de_session(session: Session) -> list[dict[str, Any]]:
    """Each jury and the members who sat (accepted participation)."""
    return [
        {
            "jury": jury,
            "membres": [
                p.membre
                for p in jury.participations.select_related("membre").order_by("membre__nom", "membre__prenoms")
                if p.etat == EtatParticipation.ACCEPTEE
            ],
        }
        for jury in session.jurys.all().order_by("numero")
    ]


def rapports_fraude(session: Session) -> list[Incident]:
    """The fraud reports of the session (RES-FRAUDE-SANCTION): mentioned in the PV, the signed report attached."""
    return list(
        Incident.objects.filter(session=session, fraude=True)
        .select_related("inscription__candidat")
        .order_by("survenu_le", "pk")
    )


def _contexte_session(session: Session, *, version: int, jour: dt.date) -> dict[str, Any]:
    return {
        "session": session,
        "organisme": session.organisme,
        "site": session.site,
        "titre": session.millesime.titre,
        "millesime": session.millesime,
        "jours": list(session.jours.all()),
        "version": version,
        "jour": jour,
    }


def contexte_pv_general(session: Session, *, version: int, jour: dt.date) -> dict[str, Any]:
    lignes = resultats_de_session(session)
    return {
        **_contexte_session(session, version=version, jour=jour),
        "jurys": jurys_de_session(session),
        "lignes": lignes,
        "absents": [ligne for ligne in lignes if ligne.etat in ETATS_ABSENCE],
        "exclus": [ligne for ligne in lignes if ligne.etat == EtatInscription.EXCLU_FRAUDE],
        "rapports_fraude": rapports_fraude(session),
    }


def pv_general_html(session: Session, *, version: int, jour: dt.date) -> str:
    return render_to_string("proces_verbaux/pv_general.html", contexte_pv_general(session, version=version, jour=jour))


def pv_general_pdf(session: Session, *, version: int, jour: dt.date) -> bytes:
    return _pdf("proces_verbaux/pv_general.html", contexte_pv_general(session, version=version, jour=jour))


def _contexte_individuel(
    session: Session, ligne: ResultatInscription, *, version: int, jour: dt.date
) -> dict[str, Any]:
    return {
        **_contexte_session(session, version=version, jour=jour),
        "ligne": ligne,
        "candidat": ligne.inscription.candidat,
        "jury": ligne.inscription.jury,
    }


def pv_individuels(session: Session, *, version: int, jour: dt.date) -> list[tuple[Inscription, bytes]]:
    """One PV individuel per registration (the registration and its PDF)."""
    return [
        (
            ligne.inscription,
            _pdf("proces_verbaux/pv_individuel.html", _contexte_individuel(session, ligne, version=version, jour=jour)),
        )
        for ligne in resultats_de_session(session)
    ]


def pv_individuels_pdf(session: Session, *, version: int, jour: dt.date) -> bytes:
    """Every registration's PV individuel in one file."""
    contextes = [
        _contexte_individuel(session, ligne, version=version, jour=jour) for ligne in resultats_de_session(session)
    ]
    return _rendus("proces_verbaux/pv_individuel.html", contextes)


def pv_annulation_pdf(session: Session, *, version: int, jour: dt.date) -> bytes:
    inscriptions = list(session.inscriptions.select_related("candidat").order_by("candidat__nom_naissance", "pk"))
    return _pdf(
        "proces_verbaux/pv_annulation.html",
        {**_contexte_session(session, version=version, jour=jour), "inscriptions": inscriptions},
    )


def attestation_pdf(ligne: ResultatInscription, *, validee_le: dt.date, jour: dt.date) -> bytes:
    """Attestation de réussite: the titre obtained, or the CCP acquired in the session."""
    session = ligne.inscription.session
    return _pdf(
        "proces_verbaux/attestation.html",
        {
            **_contexte_session(session, version=0, jour=jour),
            "ligne": ligne,
            "candidat": ligne.inscription.candidat,
            "validee_le": validee_le,
            "titre_obtenu": ligne.etat == EtatInscription.TITRE_OBTENU,
        },
    )


def livret_pdf(candidat: Any, lignes: Sequence[tuple[ResultatInscription, dt.date]], *, jour: dt.date) -> bytes:
    """« Livret de certification » summary: every CCP (and titre) acquired in validated sessions."""
    return _pdf(
        "proces_verbaux/livret.html",
        {"candidat": candidat, "lignes": [{"ligne": ligne, "validee_le": d} for ligne, d in lignes], "jour": jour},
    )


def liste_affichage_pdf(session: Session, *, validee_le: dt.date, jour: dt.date) -> bytes:
    """The list to post: names and TP of the successes and partial successes, nothing else."""
    lignes = [ligne for ligne in resultats_de_session(session) if ligne.etat in ETATS_REUSSITE]
    return _pdf(
        "proces_verbaux/liste_affichage.html",
        {**_contexte_session(session, version=0, jour=jour), "lignes": lignes, "validee_le": validee_le},
    )
