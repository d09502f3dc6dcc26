"""Insertion follow-up (ORG-INSERTION): the daily sending, the tokenised answer link, the answer, the figures.

The questionnaire is reached through a signed link (``django.core.signing``, salted, with a
maximum age) that needs no sign-in: the token carries the questionnaire's id only; a forged or
altered token is refused, an expired one too, and the answer is accepted until ``clos_le``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from titrepro.conformite.regles.calendrier import mois_avant
from titrepro.conformite.regles.insertion import JOURS_POUR_REPONDRE, MOIS_APRES_SESSION, date_cloture
from titrepro.examens.models import EtatInscription, Inscription
from titrepro.insertion.models import SITUATIONS_EN_EMPLOI, QuestionnaireInsertion, Situation, TypeContrat
from titrepro.notifications.courriels import courriel_programmer

ETATS_PRESENTES = frozenset(
    {
        EtatInscription.PRESENT,
        EtatInscription.TITRE_OBTENU,
        EtatInscription.REUSSITE_PARTIELLE,
        EtatInscription.NON_OBTENU,
        EtatInscription.CCP_ACQUIS,
        EtatInscription.CCP_NON_ACQUIS,
    }
)
"""Presented candidates: present on the day, or with the jury's decision."""

FENETRE_MOIS = 12
"""Sessions whose 6-month date passed less than 12 months ago: older ones are not surveyed any more."""

SEL = "titrepro.insertion.questionnaire"
DUREE_JETON = dt.timedelta(days=JOURS_POUR_REPONDRE + 1)


def adresse_site(chemin: str) -> str:
    return f"{getattr(settings, 'TITREPRO_URL_SITE', '').rstrip('/')}{chemin}"


def jeton(questionnaire: QuestionnaireInsertion) -> str:
    return signing.dumps({"q": questionnaire.pk}, salt=SEL, compress=True)


def lien(questionnaire: QuestionnaireInsertion) -> str:
    return adresse_site(reverse("web:questionnaire_insertion", args=[jeton(questionnaire)]))


class LienInvalide(ValidationError):
    pass


def questionnaire_du_jeton(texte: str, *, jour: dt.date) -> QuestionnaireInsertion:
    """The questionnaire the link points to; ``LienInvalide`` (French message) when forged, altered or expired."""
    try:
        donnees = signing.loads(texte, salt=SEL, max_age=DUREE_JETON)
    except signing.SignatureExpired:
        raise LienInvalide("Ce lien a expiré : le questionnaire est clos.") from None
    except signing.BadSignature:
        raise LienInvalide("Ce lien n'est pas valide : utilisez le lien reçu par courriel, sans le modifier.") from None
    ident = donnees.get("q") if isinstance(donnees, dict) else None
    questionnaire = (
        QuestionnaireInsertion.objects.select_related("inscription__candidat", "inscription__session__millesime__titre")
        .filter(pk=ident if isinstance(ident, int) else 0)
        .first()
    )
    if questionnaire is None:
        raise LienInvalide("Ce lien n'est pas valide : utilisez le lien reçu par courriel, sans le modifier.")
    return questionnaire


def inscriptions_a_interroger(*, jour: dt.date) -> Any:
    """Presented registrations of sessions ended 6 to 18 months ago, with no questionnaire yet and an e-mail."""
    fin_max = mois_avant(jour, MOIS_APRES_SESSION)
    fin_min = mois_avant(fin_max, FENETRE_MOIS)
    return (
        Inscription.objects.filter(
            etat__in=sorted(ETATS_PRESENTES),
            session__dernier_jour__lte=fin_max,
            session__dernier_jour__gt=fin_min,
            questionnaire_insertion__isnull=True,
        )
        .exclude(candidat__email="")
        .select_related("candidat", "session__millesime__titre", "session__organisme")
        .order_by("session__dernier_jour", "pk")
    )


def questionnaires_envoyer(*, jour: dt.date) -> list[QuestionnaireInsertion]:
    """The daily job: e-mail the questionnaire to each presented candidate 6 months after their session. Idempotent."""
    envoyes = []
    for inscription in inscriptions_a_interroger(jour=jour):
        try:
            with transaction.atomic():
                questionnaire = QuestionnaireInsertion.objects.create(
                    inscription=inscription,
                    envoye_le=jour,
                    envoye_a=inscription.candidat.email,
                    clos_le=date_cloture(jour),
                )
                courriel_programmer(
                    destinataires=[inscription.candidat.email],
                    objet="que devenez-vous depuis votre titre professionnel ?",
                    gabarit="insertion/courriels/questionnaire.txt",
                    contexte={
                        "inscription": inscription,
                        "session": inscription.session,
                        "questionnaire": questionnaire,
                        "lien": lien(questionnaire),
                    },
                )
        except IntegrityError:
            continue  # sent meanwhile by another run: one questionnaire per candidate and session
        envoyes.append(questionnaire)
    return envoyes


@transaction.atomic
def reponse_enregistrer(
    *,
    questionnaire: QuestionnaireInsertion,
    jour: dt.date,
    situation: str,
    type_contrat: str = "",
    depuis_le: dt.date | None = None,
) -> QuestionnaireInsertion:
    """Store (or change) the candidate's answer while the questionnaire is open."""
    questionnaire = QuestionnaireInsertion.objects.select_for_update().get(pk=questionnaire.pk)
    if jour > questionnaire.clos_le:
        raise ValidationError(
            f"Le questionnaire est clos depuis le {questionnaire.clos_le:%d/%m/%Y} : merci quand même."
        )
    if situation not in Situation.values:
        raise ValidationError({"situation": "Choisissez votre situation dans la liste."})
    if type_contrat and type_contrat not in TypeContrat.values:
        raise ValidationError({"type_contrat": "Choisissez le type de contrat dans la liste."})
    if situation in SITUATIONS_EN_EMPLOI and not type_contrat:
        raise ValidationError({"type_contrat": "Indiquez le type de contrat de votre emploi."})
    if depuis_le is not None and depuis_le > jour:
        raise ValidationError({"depuis_le": "La date ne peut pas être dans le futur."})
    questionnaire.situation = situation
    questionnaire.type_contrat = type_contrat if situation in SITUATIONS_EN_EMPLOI else ""
    questionnaire.depuis_le = depuis_le
    questionnaire.repondu_le = jour
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


@dataclass
class Figures:
    """Figures of a group of questionnaires (a session, a TP)."""

    libelle: str
    envoyes: int = 0
    reponses: int = 0
    en_emploi: int = 0
    dans_le_metier: int = 0

    @property
    def taux_reponse(self) -> int | None:
        return round(100 * self.reponses / self.envoyes) if self.envoyes else None

    @property
    def part_en_emploi(self) -> int | None:
        return round(100 * self.en_emploi / self.reponses) if self.reponses else None

    @property
    def part_dans_le_metier(self) -> int | None:
        return round(100 * self.dans_le_metier / self.reponses) if self.reponses else None

    def ajouter(self, questionnaire: QuestionnaireInsertion) -> None:
        self.envoyes += 1
        if questionnaire.repondu_le is not None:
            self.reponses += 1
            self.en_emploi += questionnaire.situation in SITUATIONS_EN_EMPLOI
            self.dans_le_metier += questionnaire.situation == Situation.EMPLOI_METIER


def figures(questionnaires: Iterable[QuestionnaireInsertion]) -> tuple[list[Figures], list[Figures]]:
    """Figures per session and per TP of the given (already scoped) questionnaires."""
    par_session: dict[int, Figures] = {}
    par_titre: dict[int, Figures] = defaultdict(lambda: Figures(""))
    for q in questionnaires:
        session = q.inscription.session
        titre = session.millesime.titre
        if session.pk not in par_session:
            par_session[session.pk] = Figures(
                f"Session {session.numero} — {titre.intitule} (terminée le {session.dernier_jour:%d/%m/%Y})"
            )
        par_session[session.pk].ajouter(q)
        par_titre[titre.pk].libelle = f"{titre.code} — {titre.intitule}"
        par_titre[titre.pk].ajouter(q)
    return list(par_session.values()), sorted(par_titre.values(), key=lambda f: f.libelle)
