"""Convocations: the PDF's content, SES-CONVOCATION at issue, the lock (SES-VERROU), the bulk PDF job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from titrepro.archives.garde import purge_autorisee
from titrepro.examens.documents import (
    convocation_html,
    convocation_pdf,
    convocations_pdf,
    convocations_rendu,
    rendu_convocation,
)
from titrepro.examens.models import (
    Convocation,
    DocumentConvocations,
    EtatDocument,
    EtatInscription,
    EtatSession,
    Inscription,
    ModeConvocation,
)
from titrepro.examens.services.convocations import (
    ConvocationsRefusees,
    convocation_enregistrer,
    convocations_emettre,
    convocations_lot_demander,
    date_limite_convocation,
)
from titrepro.planning.models import EtatPlanning, Planning

PDF = b"%PDF-1.4\n% accuse de reception\n"
JOUR = dt.date(2027, 5, 20)


def texte(document) -> str:
    """Every piece of text laid out on the pages of a rendered WeasyPrint document."""

    def boites(boite):
        yield boite
        for enfant in getattr(boite, "children", []):
            yield from boites(enfant)

    return " ".join(
        b.text for page in document.pages for b in boites(page._page_box) if isinstance(getattr(b, "text", None), str)
    )


def preuve(nom: str = "ar.pdf", contenu: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu, content_type="application/pdf")


@pytest.fixture
def session_a(monde):
    return monde.objets["session_a"]


def enregistrer_lrar(monde, inscription, envoyee_le=dt.date(2027, 5, 3)):
    return convocation_enregistrer(
        inscription=inscription,
        auteur=monde.utilisateurs["responsable_session"],
        mode=ModeConvocation.LRAR,
        envoyee_le=envoyee_le,
        numero_suivi="1A 234 567 8901 2",
    )


def second_candidat(monde, session) -> Inscription:
    return Inscription.objects.create(
        session=session, candidat=monde.objets["candidat_a2"], public="formation", inscrit_le=dt.date(2027, 1, 12)
    )


# --------------------------------------------------------------------------------------------------- PDF


def test_the_pdf_names_the_session_site_days_documents_and_granted_accommodations(monde, session_a):
    # No published timetable: the convocation lists the session's days (with one, the candidate's own hours).
    Planning.objects.filter(session=session_a).update(etat=EtatPlanning.BROUILLON)
    inscription = monde.objets["inscription_a"]
    enregistrer_lrar(monde, inscription)
    amenagement = monde.objets["amenagement_a"]
    amenagement.etat = "accordee"
    amenagement.save()
    session_a.observations = "Apporter une calculatrice non programmable."
    session_a.save()

    document = rendu_convocation(Inscription.objects.get(pk=inscription.pk), jour=JOUR)
    contenu = texte(document)

    assert "RÉPUBLIQUE" in contenu.upper()
    assert session_a.organisme.raison_sociale in contenu
    assert session_a.numero in contenu
    assert session_a.millesime.titre.intitule in contenu
    assert session_a.millesime.version in contenu
    assert "Session titre" in contenu
    assert session_a.site.adresse in contenu
    assert session_a.site.commune in contenu
    assert "14 juin 2027" in contenu
    assert "15 juin 2027" in contenu
    assert "08h30" in contenu
    assert "17h00" in contenu
    assert "pièce d'identité" in contenu
    assert "dossier professionnel (DP)" in contenu
    assert "matériel indiqué par le référentiel d'évaluation" in contenu
    assert "calculatrice non programmable" in contenu
    assert "Temps majoré de 33 %" in contenu
    assert "Lettre recommandée avec accusé de réception, le 03/05/2027" in contenu
    assert document.write_pdf().startswith(b"%PDF-")
    assert {police.family for police in document.fonts.values()} == {"Marianne"}  # the DSFR's font, embedded


def test_the_pdf_lists_each_day_s_epreuves_when_a_timetable_gives_them(monde, session_a, monkeypatch):
    from types import SimpleNamespace

    from titrepro.examens.services import convocations

    inscription = Inscription.objects.get(pk=monde.objets["inscription_a"].pk)
    # Without a published timetable: the session's days and hours, no épreuve listed.
    Planning.objects.filter(session=session_a).update(etat=EtatPlanning.BROUILLON)
    sans = convocation_html(inscription, jour=JOUR)
    assert "08h30" in sans
    assert "Entretien technique" not in sans

    horaires = [
        SimpleNamespace(
            date=dt.date(2027, 6, 14),
            heure_debut=dt.time(9, 0),
            heure_fin=dt.time(11, 45),
            epreuves=("09:00–11:00 : Mise en situation (salle Atelier)", "11:00–11:45 : Entretien technique"),
        ),
        SimpleNamespace(date=dt.date(2027, 6, 15), heure_debut=dt.time(10, 0), heure_fin=dt.time(10, 20)),
    ]
    monkeypatch.setattr(convocations, "FOURNISSEURS_HORAIRES", [lambda _inscription: horaires])

    contenu = convocation_html(inscription, jour=JOUR)

    assert "de 09h00 à 11h45" in contenu
    assert "09:00–11:00 : Mise en situation (salle Atelier)" in contenu
    assert "11:00–11:45 : Entretien technique" in contenu
    assert "de 10h00 à 10h20" in contenu  # a day given without its épreuves keeps its hours


def test_a_refused_or_pending_accommodation_is_not_printed(monde):
    contenu = texte(rendu_convocation(monde.objets["inscription_a"], jour=JOUR))
    assert "Aucun aménagement accordé." in contenu
    assert "Temps majoré" not in contenu


def test_one_pdf_per_candidate_and_one_for_the_whole_session(monde, session_a):
    un = convocation_pdf(monde.objets["inscription_a"], jour=JOUR)
    assert un.startswith(b"%PDF-")
    deux = second_candidat(monde, session_a)
    pages_un = len(rendu_convocation(monde.objets["inscription_a"], jour=JOUR).pages)
    pages_deux = len(rendu_convocation(deux, jour=JOUR).pages)
    vus: list[int] = []
    tout = convocations_rendu([monde.objets["inscription_a"], deux], jour=JOUR, progression=vus.append)
    assert vus == [1, 2]
    assert len(tout.pages) == pages_un + pages_deux
    contenu = texte(tout)
    assert "ALPHA" in contenu
    assert "ALPHA-DEUX" in contenu
    assert convocations_pdf([deux], jour=JOUR).startswith(b"%PDF-")


# ----------------------------------------------------------------------------------------------- record


def test_a_registered_letter_needs_a_tracking_number_or_the_receipt(monde, session_a):
    inscription = second_candidat(monde, session_a)
    with pytest.raises(ValidationError) as erreur:
        convocation_enregistrer(
            inscription=inscription,
            auteur=monde.utilisateurs["responsable_session"],
            mode=ModeConvocation.LRAR,
            envoyee_le=dt.date(2027, 5, 3),
        )
    assert "numero_suivi" in erreur.value.message_dict
    convocation = convocation_enregistrer(
        inscription=inscription,
        auteur=monde.utilisateurs["responsable_session"],
        mode=ModeConvocation.LRAR,
        envoyee_le=dt.date(2027, 5, 3),
        preuve=preuve(),
    )
    assert convocation.a_une_preuve
    assert convocation.preuve_nom == "ar.pdf"


def test_a_hand_delivery_needs_the_signed_receipt_and_a_real_file(monde, session_a):
    inscription = second_candidat(monde, session_a)
    auteur = monde.utilisateurs["responsable_session"]
    with pytest.raises(ValidationError) as erreur:
        convocation_enregistrer(
            inscription=inscription, auteur=auteur, mode=ModeConvocation.MAIN_PROPRE, envoyee_le=dt.date(2027, 5, 3)
        )
    assert "récépissé" in " ".join(erreur.value.message_dict["preuve"])
    with pytest.raises(ValidationError) as erreur:
        convocation_enregistrer(
            inscription=inscription,
            auteur=auteur,
            mode=ModeConvocation.MAIN_PROPRE,
            envoyee_le=dt.date(2027, 5, 3),
            preuve=preuve("recu.pdf", b"ceci n'est pas un PDF"),
        )
    assert "n'est pas un fichier" in " ".join(erreur.value.message_dict["preuve"])
    assert not Convocation.objects.filter(inscription=inscription).exists()


def test_only_the_session_team_records_convocations(monde):
    with pytest.raises(PermissionDenied):
        convocation_enregistrer(
            inscription=monde.objets["inscription_a"],
            auteur=monde.utilisateurs["responsable_organisme"],
            mode=ModeConvocation.LRAR,
            envoyee_le=dt.date(2027, 5, 3),
            numero_suivi="X",
        )


# ------------------------------------------------------------------------------------------------ issue


def test_the_deadline_is_one_month_before_the_first_day(session_a):
    assert date_limite_convocation(session_a, jour=JOUR) == dt.date(2027, 5, 14)


def test_issue_refused_lists_each_candidate_at_fault_with_the_rule_code(monde, session_a):
    enregistrer_lrar(monde, monde.objets["inscription_a"], envoyee_le=dt.date(2027, 5, 20))  # late
    sans_preuve = second_candidat(monde, session_a)
    Convocation.objects.create(
        inscription=sans_preuve, mode=ModeConvocation.MAIN_PROPRE, envoyee_le=dt.date(2027, 5, 2)
    )

    with pytest.raises(ConvocationsRefusees) as refus:
        convocations_emettre(session=session_a, auteur=monde.utilisateurs["responsable_session"], jour=JOUR)

    assert refus.value.regle == "SES-CONVOCATION"
    fautes = {m.inscription.pk: m.message for m in refus.value.manquements}
    assert "devait partir au plus tard le 14/05/2027" in fautes[monde.objets["inscription_a"].pk]
    assert "preuve" in fautes[sans_preuve.pk]
    assert "ALPHA" in refus.value.message
    assert "ALPHA-DEUX" in refus.value.message
    session_a.refresh_from_db()
    assert session_a.etat == EtatSession.CREEE


def test_issue_refused_when_a_candidate_has_no_convocation_date(monde, session_a):
    with pytest.raises(ConvocationsRefusees) as refus:
        convocations_emettre(session=session_a, auteur=monde.utilisateurs["responsable_session"], jour=JOUR)
    assert "date d'envoi" in refus.value.manquements[0].message


def sans_candidats(session):
    """Arrangement: the session's registrations removed, their documents with them (as only the purge may)."""
    with purge_autorisee():
        session.inscriptions.all().delete()


def test_issue_refused_without_candidates(monde, session_a):
    sans_candidats(session_a)
    with pytest.raises(ValidationError, match="aucun candidat"):
        convocations_emettre(session=session_a, auteur=monde.utilisateurs["responsable_session"], jour=JOUR)


def test_issuing_locks_the_session_and_summons_each_candidate(
    monde, session_a, mailoutbox, django_capture_on_commit_callbacks
):
    candidat = monde.objets["candidat_a"]
    candidat.email = "alpha@exemple.fr"
    candidat.save()
    enregistrer_lrar(monde, monde.objets["inscription_a"])

    with django_capture_on_commit_callbacks(execute=True):
        convocations_emettre(session=session_a, auteur=monde.utilisateurs["responsable_session"], jour=JOUR)

    session_a.refresh_from_db()
    assert session_a.etat == EtatSession.CONVOQUEE
    assert session_a.convoquee_le == JOUR
    assert session_a.verrouillee
    inscription = Inscription.objects.get(pk=monde.objets["inscription_a"].pk)
    assert inscription.etat == EtatInscription.CONVOQUE
    assert inscription.convocation.emise_le is not None
    assert inscription.convocation.emise_par == monde.utilisateurs["responsable_session"]
    assert [m.to for m in mailoutbox] == [["alpha@exemple.fr"]]
    assert session_a.numero in mailoutbox[0].subject
    with pytest.raises(ValidationError, match="en préparation"):
        convocations_emettre(session=session_a, auteur=monde.utilisateurs["responsable_session"], jour=JOUR)


def test_after_issue_a_correction_must_stay_compliant(monde, session_a):
    enregistrer_lrar(monde, monde.objets["inscription_a"])
    convocations_emettre(session=session_a, auteur=monde.utilisateurs["responsable_session"], jour=JOUR)
    inscription = Inscription.objects.get(pk=monde.objets["inscription_a"].pk)
    convocation = convocation_enregistrer(
        inscription=inscription,
        auteur=monde.utilisateurs["responsable_session"],
        mode=ModeConvocation.LRAR,
        envoyee_le=dt.date(2027, 5, 3),
        numero_suivi="1A 234 567 8901 2",
        accuse_reception_le=dt.date(2027, 5, 5),
    )
    assert convocation.accuse_reception_le == dt.date(2027, 5, 5)
    from titrepro.core.erreurs import RegleRefusee

    with pytest.raises(RegleRefusee) as refus:
        enregistrer_lrar(monde, inscription, envoyee_le=dt.date(2027, 6, 1))
    assert refus.value.regle == "SES-CONVOCATION"


# ---------------------------------------------------------------------------------------------- bulk PDF


def test_the_bulk_pdf_job_reaches_100_percent_with_a_pdf(monde, session_a, django_capture_on_commit_callbacks):
    second_candidat(monde, session_a)
    with django_capture_on_commit_callbacks(execute=True):
        lot = convocations_lot_demander(session=session_a, auteur=monde.utilisateurs["responsable_session"])
    lot.refresh_from_db()
    assert lot.etat == EtatDocument.TERMINE
    assert (lot.traites, lot.total, lot.progression) == (2, 2, 100)
    with lot.fichier.open("rb") as fichier:
        assert fichier.read(5) == b"%PDF-"


def test_a_bulk_pdf_needs_candidates_and_the_session_team(monde, session_a):
    with pytest.raises(PermissionDenied):
        convocations_lot_demander(session=session_a, auteur=monde.utilisateurs["agent_ddets"])
    sans_candidats(session_a)
    with pytest.raises(ValidationError):
        convocations_lot_demander(session=session_a, auteur=monde.utilisateurs["responsable_session"])
    assert not DocumentConvocations.objects.filter(session=session_a, etat=EtatDocument.EN_ATTENTE).exists()
