"""A planned « organisation détaillée » for an agrément request, before any session exists (AGR-PIECES, AGR-REFUS).

The request must show « quel candidat passe quelle épreuve devant quel jury et sur quel créneau
horaire » for a typical session of the requested titre on the site. From the RE of the millésime,
the site's rooms, a number of candidates, juries and days, the solver builds that organisation
with fictitious candidates (« Candidat 1 »…) and members; the document is then attached to the
request like any other piece.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from titrepro.conformite.services import parametres_en_vigueur
from titrepro.examens.documents import police_marianne
from titrepro.planning import conversion as conv
from titrepro.planning.lectures import Ligne
from titrepro.planning.models import Salle
from titrepro.planning.solver import donnees as s
from titrepro.referentiel.models import Epreuve, Millesime

OUVERTURE, FERMETURE = 8 * 60 + 30, 17 * 60


@dataclass(frozen=True)
class OrganisationPrevue:
    millesime: Millesime
    site: Any
    instance: s.Instance
    solution: s.Solution
    lignes: list[Ligne]

    @property
    def explication(self) -> str:
        if self.solution.creneaux:
            return ""
        return self.solution.explication or "Aucune organisation trouvée dans le temps imparti."


def jours_ouvres(premier: dt.date, nombre: int) -> list[dt.date]:
    jours: list[dt.date] = []
    jour = premier
    while len(jours) < nombre:
        if jour.weekday() < 5:
            jours.append(jour)
        jour += dt.timedelta(days=1)
    return jours


def organisation_prevue(
    *,
    millesime: Millesime,
    site: Any,
    premier_jour: dt.date,
    nombre_candidats: int,
    nombre_jurys: int = 1,
    nombre_jours: int = 1,
    limite_s: float = 10,
) -> OrganisationPrevue:
    """Solve a typical session of ``millesime`` on ``site`` with fictitious candidates and juries."""
    from titrepro.planning.solver import resoudre

    epreuves = list(Epreuve.objects.filter(millesime=millesime, pour_session_titre=True).order_by("ordre"))
    parametres = parametres_en_vigueur("SES-PLANNING", jour=premier_jour, region=site.departement.region_id)
    codes = {conv.code_epreuve(e): e for e in epreuves}
    salles = list(Salle.objects.filter(site=site).order_by("nom"))
    instance = s.Instance(
        jours=tuple(s.Jour(j, OUVERTURE, FERMETURE) for j in jours_ouvres(premier_jour, nombre_jours)),
        epreuves=tuple(
            s.Epreuve(code, str(e), e.duree_minutes, e.collective, e.avec_jury, conv._rang(e))
            for code, e in codes.items()
        ),
        candidats=tuple(s.Candidat(f"C{n}", f"Candidat {n}", tuple(codes)) for n in range(1, nombre_candidats + 1)),
        jurys=tuple(s.Jury(f"J{n}", (f"M{n}a", f"M{n}b"), f"Jury {n}") for n in range(1, nombre_jurys + 1)),
        membres=tuple(
            s.Membre(f"M{n}{x}", f"Membre {x.upper()} du jury {n}") for n in range(1, nombre_jurys + 1) for x in "ab"
        ),
        salles=tuple(
            s.Salle(
                conv.code_salle(salle),
                salle.nom,
                salle.capacite,
                frozenset(c for c, e in codes.items() if e.type in salle.types_epreuves)
                if salle.types_epreuves
                else frozenset(),
                salle.isolee_possible,
            )
            for salle in salles
        ),
        pause_dejeuner=s.PauseDejeuner(
            parametres["pause_au_plus_tot"], parametres["pause_au_plus_tard"], parametres["pause_duree"]
        ),
        lecture_dossier=millesime.duree_lecture_dossier or parametres["lecture_dossier"],
        precedences=conv.precedences_re(epreuves),
    )
    solution = resoudre(instance, limite_s=limite_s)
    noms_salles = {conv.code_salle(salle): salle.nom for salle in salles}
    noms_candidats = {c.id: c.nom for c in instance.candidats}
    lignes = [
        Ligne(
            jour=c.jour,
            debut=c.debut,
            fin=c.fin,
            quoi=str(codes[c.epreuve]),
            candidat=noms_candidats[c.candidat],
            jury=f"Jury {c.jury[1:]}" if c.jury else "",
            salle=noms_salles.get(c.salle or "", ""),
        )
        for c in solution.creneaux
    ]
    lignes += [
        Ligne(
            lec.jour, lec.debut, lec.fin, "Lecture du dossier", noms_candidats[lec.candidat], f"Jury {lec.jury[1:]}", ""
        )
        for lec in solution.lectures
    ]
    lignes += [Ligne(p.jour, p.debut, p.fin, "Pause déjeuner", "", f"Jury {p.jury[1:]}", "") for p in solution.pauses]
    lignes.sort(key=lambda lg: (lg.jour, lg.debut, lg.jury, lg.candidat))
    return OrganisationPrevue(millesime, site, instance, solution, lignes)


def organisation_prevue_pdf(organisation: OrganisationPrevue, *, jour: dt.date) -> bytes:
    from weasyprint import HTML  # imported here: heavy, and only the PDF needs it
    from weasyprint.text.fonts import FontConfiguration

    groupes: dict[str, list[Ligne]] = {}
    for ligne in organisation.lignes:
        groupes.setdefault(ligne.jury or "Sans jury (épreuves surveillées par le centre)", []).append(ligne)
    html = render_to_string(
        "planning/organisation_prevue.html",
        {
            "organisation": organisation,
            "millesime": organisation.millesime,
            "site": organisation.site,
            "organisme": organisation.site.organisme,
            "groupes": sorted(groupes.items()),
            "jour": jour,
            "polices": police_marianne(),
        },
    )
    return bytes(HTML(string=html).write_pdf(font_config=FontConfiguration()))
