"""« Jour de la session »: its panel on the session page and the pages of each step, usable on a tablet on site.

The session team (``Session.peut_gerer``) records presences, opens the session, the plateau
visit, the draw and the sealed plis, the check-in of each candidate, absences and incidents;
the DDETS and the DREETS read; the DDETS of the département records the sanction of a fraud.
Every write goes through ``titrepro.examens.services.deroulement``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from titrepro.comptes.acces import DEROGATEURS_SESSIONS, GESTION_SESSIONS, LECTEURS_SESSIONS
from titrepro.core.erreurs import RegleRefusee
from titrepro.core.fichiers import reponse_telechargement
from titrepro.core.visibilite import get_visible_or_404
from titrepro.examens.documents_jour import feuille_emargement_pdf
from titrepro.examens.models import (
    Absence,
    EtatInscription,
    EtatSession,
    FeuilleEmargement,
    Incident,
    Inscription,
    PresenceJure,
    Session,
)
from titrepro.examens.models.sessions import ETATS_ANNULABLES, ETATS_REPORTABLES
from titrepro.examens.services import deroulement as services
from titrepro.web import forms_deroulement as f
from titrepro.web.forms_jurys import ConfirmationForm
from titrepro.web.views.base import AccesReserve, FormulaireSurObjet
from titrepro.web.views.jurys_session import ActionSession
from titrepro.web.views.panneaux_session import panneau_session

ETATS_JOUR_VISIBLE = frozenset(
    {
        EtatSession.CONVOQUEE,
        EtatSession.EN_COURS,
        EtatSession.RESULTATS_SAISIS,
        EtatSession.PV_EDITE,
        EtatSession.PV_SIGNE,
        EtatSession.TRANSMISE,
        EtatSession.VALIDEE,
    }
)
FORMULAIRE = "web/sessions/jour/formulaire.html"


def date_demandee(request: HttpRequest, session: Session) -> dt.date:
    """``?date=AAAA-MM-JJ`` when it is a session day; else today on a session day, else the first day."""
    texte = request.GET.get("date", "")
    try:
        demandee = dt.date.fromisoformat(texte) if texte else None
    except ValueError:
        demandee = None
    if demandee is not None and demandee in session.dates:
        return demandee
    return services.jour_courant(session, timezone.localdate())


def url_jour(session: Session, jour: dt.date | None = None) -> str:
    url = reverse("web:session_jour", args=[session.pk])
    return f"{url}?date={jour.isoformat()}" if jour else url


def _session_visible(request: HttpRequest, pk: int) -> Session:
    return get_visible_or_404(
        Session.objects.select_related("site__departement", "millesime__titre", "organisme"), request.user, pk=pk
    )


@panneau_session(ordre=40, gabarit="web/sessions/_panneau_jour.html")
def panneau_jour(session: Session, request: HttpRequest) -> dict[str, Any] | None:
    if session.etat not in ETATS_JOUR_VISIBLE:
        return None
    inscriptions = list(session.inscriptions.values_list("etat", flat=True))
    return {
        "jour_presents": sum(1 for e in inscriptions if e == EtatInscription.PRESENT),
        "jour_absents": sum(
            1 for e in inscriptions if e in {EtatInscription.ABSENT_JUSTIFIE, EtatInscription.ABSENT_NON_JUSTIFIE}
        ),
        "jour_exclus": sum(1 for e in inscriptions if e == EtatInscription.EXCLU_FRAUDE),
        "jour_inscrits": len(inscriptions),
        "jour_incidents": session.incidents.count(),
        "jour_controle_plis": getattr(session, "controle_plis", None),
    }


class JourSession(AccesReserve, TemplateView):
    """The hub of the day: presences and opening, visit, draw and plis, check-in list, absences, incidents."""

    roles_autorises = LECTEURS_SESSIONS
    template_name = "web/sessions/jour/jour.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        session = _session_visible(self.request, self.kwargs["pk"])
        jour = date_demandee(self.request, session)
        peut_gerer, _ = session.peut_gerer(self.request.user)
        return super().get_context_data(
            title=f"Jour de la session — session {session.numero}",
            session=session,
            jour=jour,
            dates=session.dates,
            peut_gerer=peut_gerer,
            verdicts=services.verdicts_ouverture(session, jour=jour),
            presences_responsables=session.presences_responsables.filter(date=jour).select_related("utilisateur"),
            presences_jures=PresenceJure.objects.filter(participation__jury__session=session, date=jour)
            .select_related("participation__membre", "participation__jury")
            .order_by("participation__jury__numero"),
            tentatives=session.tentatives_ouverture.all()[:5],
            visites=session.visites_plateau.prefetch_related("membres__membre").select_related("responsable"),
            tirages=session.tirages.select_related("inscription__candidat", "par"),
            controle=getattr(session, "controle_plis", None),
            lignes=services.candidats_du_jour(session, jour),
            incidents=services.incidents_et_sanctions(session),
            feuilles=session.feuilles_emargement.all(),
            peut_ouvrir=peut_gerer and session.etat == EtatSession.CONVOQUEE,
            en_cours=session.etat == EtatSession.EN_COURS,
            peut_saisir_jour=peut_gerer and session.etat in services.ETATS_JOUR,
            est_ddets=bool(getattr(self.request.user, "roles", frozenset()) & DEROGATEURS_SESSIONS),
            **kwargs,
        )


class ActionJour(ActionSession):
    """A write of the session team about the day (404 outside the user's scope)."""

    template_name = FORMULAIRE
    explication = ""

    def preparer(self, **kwargs: Any) -> None:
        self.jour = date_demandee(self.request, self.session)

    def get_success_url(self) -> str:
        return url_jour(self.session, self.jour)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(explication=self.explication, jour=self.jour, **kwargs)


class PresencesSession(ActionJour):
    form_class = f.PresencesForm
    titre = "Présences du jour"
    bouton = "Enregistrer les présences"
    explication = (
        "Le responsable de session (ou un suppléant) est présent sur le site toute la session (SES-RESPONSABLE) ; "
        "chaque jury compte au moins 2 membres présents dont l'identité est vérifiée (SES-JURY-MIN)."
    )

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "personnes": services.responsables_possibles(self.session),
            "participations": services.participations_presentables(self.session),
        }

    def get_initial(self) -> dict[str, Any]:
        return {
            "heure": timezone.localtime().time().replace(second=0, microsecond=0),
            "responsables": [
                str(p)
                for p in self.session.presences_responsables.filter(date=self.jour).values_list(
                    "utilisateur_id", flat=True
                )
            ],
            "jures": [
                str(p)
                for p in PresenceJure.objects.filter(
                    participation__jury__session=self.session, date=self.jour
                ).values_list("participation_id", flat=True)
            ],
        }

    def form_valid(self, form: f.PresencesForm) -> HttpResponse:
        d = form.cleaned_data
        return self.executer(
            form,
            lambda: services.presences_enregistrer(
                session=self.session,
                auteur=self.request.user,
                jour=self.jour,
                heure=d["heure"],
                responsables=d["responsables"],
                jures=d["jures"],
            ),
            f"Présences du {self.jour:%d/%m/%Y} enregistrées.",
        )


class OuvrirSession(ActionJour):
    """Open the session today; a refusal says why (rule, message, source) and offers to postpone or cancel."""

    form_class = ConfirmationForm
    titre = "Ouvrir la session"
    bouton = "Ouvrir la session"
    template_name = "web/sessions/jour/ouvrir.html"
    refus: RegleRefusee | None = None

    def preparer(self, **kwargs: Any) -> None:
        self.jour = timezone.localdate()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        session = self.session
        return super().get_context_data(
            verdicts=services.verdicts_ouverture(session, jour=self.jour),
            jour_de_session=self.jour in session.dates,
            refus=self.refus,
            peut_reporter=session.etat in ETATS_REPORTABLES,
            peut_annuler=session.etat in ETATS_ANNULABLES,
            **kwargs,
        )

    def form_valid(self, form: ConfirmationForm) -> HttpResponse:
        try:
            services.session_ouvrir(
                session=self.session, auteur=self.request.user, jour=self.jour, maintenant=timezone.now()
            )
        except RegleRefusee as exc:
            self.refus = exc
            form.add_error(None, f"{exc.message} ({exc.regle} — {exc.source})")
            return self.form_invalid(form)
        except (ValidationError, PermissionDenied) as exc:
            for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, f"Session ouverte le {self.jour:%d/%m/%Y}.")
        return HttpResponseRedirect(self.get_success_url())


class VisiteSession(ActionJour):
    form_class = f.VisiteForm
    titre = "Visite du plateau par le jury"
    bouton = "Enregistrer la visite"
    explication = (
        "Le jury visite le plateau technique avec le responsable de session avant la session pour vérifier sa "
        "conformité au référentiel (JUR-VISITE : prévoir une heure)."
    )

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "personnes": services.responsables_possibles(self.session),
            "participations": services.participations_presentables(self.session),
        }

    def get_initial(self) -> dict[str, Any]:
        return {"date": self.session.premier_jour, "heure_debut": dt.time(8, 0), "duree_minutes": 60}

    def form_valid(self, form: f.VisiteForm) -> HttpResponse:
        return self.executer(
            form,
            lambda: services.visite_enregistrer(session=self.session, auteur=self.request.user, **form.cleaned_data),
            "Visite du plateau enregistrée.",
        )


class TirageSession(ActionJour):
    form_class = f.TirageForm
    titre = "Tirer au sort le candidat témoin des plis"
    bouton = "Tirer au sort"
    explication = (
        "Un candidat tiré au sort parmi les présents vérifie avec le responsable de session que les plis sont "
        "cachetés (SES-JOUR). Le tirage est aléatoire et enregistré avec son heure et la liste des présents ; un "
        "nouveau tirage exige son motif et ne remplace pas le premier."
    )

    def form_valid(self, form: f.TirageForm) -> HttpResponse:
        resultat: list[Any] = []

        def tirer() -> None:
            resultat.append(
                services.candidat_tirer_au_sort(
                    session=self.session,
                    auteur=self.request.user,
                    maintenant=timezone.now(),
                    motif=form.cleaned_data.get("motif", ""),
                )
            )

        reponse = self.executer(form, tirer, "Tirage enregistré.")
        if resultat:
            messages.info(self.request, f"Candidat tiré au sort : {resultat[0].inscription.candidat}.")
        return reponse


class ControlePlisSession(ActionJour):
    form_class = f.ControlePlisForm
    titre = "Contrôle des plis cachetés"
    bouton = "Enregistrer le contrôle"
    explication = "Le premier jour, avant l'ouverture des sujets devant les candidats, avec le candidat tiré au sort."

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        tirage = self.session.tirages.order_by("-tire_le", "-pk").select_related("inscription__candidat").first()
        temoin = f"Témoin : {tirage.inscription.candidat}." if tirage else "Aucun candidat n'est encore tiré au sort."
        return super().get_context_data(complement=temoin, **kwargs)

    def form_valid(self, form: f.ControlePlisForm) -> HttpResponse:
        return self.executer(
            form,
            lambda: services.plis_controler(
                session=self.session,
                auteur=self.request.user,
                jour=timezone.localdate(),
                maintenant=timezone.now(),
                **form.cleaned_data,
            ),
            "Contrôle des plis enregistré.",
        )


class DeposerFeuille(ActionJour):
    form_class = f.FeuilleForm
    titre = "Déposer la feuille d'émargement signée"
    bouton = "Déposer"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "dates": self.session.dates}

    def get_initial(self) -> dict[str, Any]:
        return {"date": self.jour.isoformat()}

    def form_valid(self, form: f.FeuilleForm) -> HttpResponse:
        return self.executer(
            form,
            lambda: services.feuille_deposer(
                session=self.session,
                auteur=self.request.user,
                jour=form.cleaned_data["date"],
                fichier=form.cleaned_data["fichier"],
            ),
            "Feuille d'émargement signée déposée.",
        )


class SignalerIncident(ActionJour):
    form_class = f.IncidentForm
    titre = "Signaler un incident"
    bouton = "Enregistrer l'incident"
    explication = (
        "Une fraude exclut le candidat de la session ; le rapport signé du jury ou du responsable de session est "
        "joint au PV et la DDETS décide de la sanction (RES-FRAUDE-SANCTION)."
    )

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "session": self.session}

    def get_initial(self) -> dict[str, Any]:
        maintenant = timezone.localtime()
        return {"date": maintenant.date(), "heure": maintenant.time().replace(second=0, microsecond=0)}

    def form_valid(self, form: f.IncidentForm) -> HttpResponse:
        d = form.cleaned_data
        survenu = timezone.make_aware(dt.datetime.combine(d["date"], d["heure"]))
        return self.executer(
            form,
            lambda: services.incident_signaler(
                session=self.session,
                auteur=self.request.user,
                survenu_le=survenu,
                nature=d["nature"],
                description=d["description"],
                inscription=d.get("inscription"),
                rapport=d.get("rapport"),
            ),
            "Incident enregistré.",
        )


# ------------------------------------------------------------------------- one candidate


class ActionCandidat(FormulaireSurObjet):
    roles_autorises = GESTION_SESSIONS
    modele = Inscription
    template_name = FORMULAIRE
    explication = ""
    bouton = "Enregistrer"

    def get_success_url(self) -> str:
        return url_jour(self.objet.session, date_demandee(self.request, self.objet.session))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            session=self.objet.session, bouton=self.bouton, explication=self.explication, **kwargs
        )


class EmargerCandidat(ActionCandidat):
    form_class = f.EmargementForm
    titre = "Émargement du candidat"
    bouton = "Enregistrer l'arrivée"
    explication = (
        "Vérifiez la pièce d'identité et la convocation, puis l'adresse postale (CAN-ADRESSE : le parchemin est "
        "envoyé par la poste). Un retardataire peut être admis par le responsable de session : l'heure de fin de "
        "l'épreuve reste inchangée."
    )

    def get_initial(self) -> dict[str, Any]:
        return {"heure_arrivee": timezone.localtime().time().replace(second=0, microsecond=0)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        adresse = self.objet.candidat.adresse_actuelle
        complement = (
            f"Adresse connue : {adresse.voie}, {adresse.code_postal} {adresse.commune}."
            if adresse
            else "Aucune adresse postale connue : saisissez-la ci-dessous."
        )
        return super().get_context_data(complement=complement, **kwargs)

    def form_valid(self, form: f.EmargementForm) -> HttpResponse:
        d = form.cleaned_data
        nouvelle = None
        if d.get("adresse") == "corrigee":
            nouvelle = services.NouvelleAdresse(
                voie=d["voie"].strip(),
                complement=(d.get("complement") or "").strip(),
                code_postal=d["code_postal"].strip(),
                commune=d["commune"].strip(),
            )
        jour = date_demandee(self.request, self.objet.session)
        return self.executer(
            form,
            lambda: services.candidat_emarger(
                inscription=self.objet,
                auteur=self.request.user,
                jour=jour,
                heure_arrivee=d["heure_arrivee"],
                piece_identite=d["piece_identite"],
                piece_numero_fin=d.get("piece_numero_fin", ""),
                identite_verifiee=bool(d.get("identite_verifiee")),
                nouvelle_adresse=nouvelle,
                retard=bool(d.get("retard")),
                retard_admis=d.get("retard_admis"),
                motif_retard=d.get("motif_retard", ""),
            ),
            f"{self.objet.candidat} : émargement enregistré.",
        )


class AbsenceCandidat(ActionCandidat):
    form_class = f.AbsenceForm
    titre = "Absence du candidat"
    bouton = "Enregistrer l'absence"
    explication = "Le responsable de session juge si l'absence est justifiée ; le justificatif peut suivre."

    def form_valid(self, form: f.AbsenceForm) -> HttpResponse:
        d = form.cleaned_data
        return self.executer(
            form,
            lambda: services.absence_enregistrer(
                inscription=self.objet,
                auteur=self.request.user,
                jour=date_demandee(self.request, self.objet.session),
                justifiee=d["justifiee"],
                justificatif=d.get("justificatif"),
                motif=d.get("motif", ""),
            ),
            f"{self.objet.candidat} : absence enregistrée.",
        )


class JustifierAbsence(ActionCandidat):
    form_class = f.JustificationForm
    titre = "Justifier l'absence"
    bouton = "Enregistrer le justificatif"
    explication = "Possible jusqu'à la transmission de la session à la DDETS."

    def form_valid(self, form: f.JustificationForm) -> HttpResponse:
        d = form.cleaned_data
        return self.executer(
            form,
            lambda: services.absence_justifier(
                inscription=self.objet,
                auteur=self.request.user,
                jour=timezone.localdate(),
                justificatif=d["justificatif"],
                motif=d.get("motif", ""),
            ),
            f"{self.objet.candidat} : absence justifiée.",
        )


class SanctionnerFraude(FormulaireSurObjet):
    """The DDETS of the département records its decision on a fraud (RES-FRAUDE-SANCTION)."""

    roles_autorises = DEROGATEURS_SESSIONS
    modele = Incident
    template_name = FORMULAIRE
    form_class = f.SanctionForm
    titre = "Sanction de la fraude"

    def get_success_url(self) -> str:
        return url_jour(self.objet.session)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        incident = self.objet
        complement = (
            f"{incident.get_nature_display()} le {timezone.localtime(incident.survenu_le):%d/%m/%Y à %H:%M}"
            f"{f' — {incident.inscription.candidat}' if incident.inscription_id else ''} : {incident.description}"
        )
        return super().get_context_data(
            session=incident.session,
            bouton="Enregistrer la sanction",
            explication=(
                "La sanction va jusqu'à l'interdiction de se présenter à une session pendant 1 an à compter de sa "
                "notification ; le candidat et l'organisme en sont informés par courriel."
            ),
            complement=complement,
            **kwargs,
        )

    def form_valid(self, form: f.SanctionForm) -> HttpResponse:
        return self.executer(
            form,
            lambda: services.fraude_sanctionner(
                incident=self.objet, auteur=self.request.user, jour=timezone.localdate(), **form.cleaned_data
            ),
            "Sanction enregistrée ; le candidat et l'organisme en sont informés.",
        )


# ------------------------------------------------------------------------------- files


class FeuillePdf(AccesReserve, View):
    """The attendance sheet of one day, to print and sign (``?date=``)."""

    roles_autorises = LECTEURS_SESSIONS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = _session_visible(request, pk)
        jour = date_demandee(request, session)
        contenu = feuille_emargement_pdf(session, jour=jour)
        reponse = HttpResponse(contenu, content_type="application/pdf")
        reponse["Content-Disposition"] = f'attachment; filename="emargement-{session.numero}-{jour:%Y-%m-%d}.pdf"'
        return reponse


class TelechargementJour(AccesReserve, View):
    roles_autorises = LECTEURS_SESSIONS
    modele: type[Any]
    champ = ""
    nom = ""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        objet = get_visible_or_404(self.modele.objects.all(), request.user, pk=pk)
        fichier = getattr(objet, self.champ)
        if not fichier:
            raise Http404("Aucun fichier.")
        return reponse_telechargement(objet, fichier, getattr(objet, self.nom), request.user)


class FeuilleFichier(TelechargementJour):
    modele = FeuilleEmargement
    champ, nom = "fichier", "fichier_nom"


class JustificatifAbsence(TelechargementJour):
    modele = Absence
    champ, nom = "justificatif", "justificatif_nom"


class RapportIncident(TelechargementJour):
    modele = Incident
    champ, nom = "rapport", "rapport_nom"
