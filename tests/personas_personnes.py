"""Objects of the personnes issue, added to the persona world (tests.personas).

Organisme A: candidat_a is trained by the formateur persona (formation_a); candidat_a2 is a
candidate of A the formateur does not train. Habilitations of jury_a (Paris) and jury_b
(Lyon) on the world's millésime, one accommodation request per candidate, one candidate
import per organisme.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests import factories as f
from titrepro.comptes.models import Affectation
from titrepro.comptes.roles import Role
from titrepro.personnes.models import DemandeAmenagement, Formation, Habilitation, ImportPersonnes


def ajouter_personnes(monde: Any) -> None:
    millesime = monde.objets["millesime"]
    organisme_a = monde.objets["organisme_a"]
    formateur = Affectation.objects.get(utilisateur=monde.utilisateurs["formateur"], role=Role.FORMATEUR)
    formation_a = Formation.objects.create(
        candidat=monde.objets["candidat_a"],
        organisme=organisme_a,
        millesime=millesime,
        statut="stagiaire",
        debut=dt.date(2026, 1, 5),
        fin=dt.date(2026, 6, 30),
    )
    formation_a.formateurs.set([formateur])
    candidat_a2 = f.CandidatFactory(nom_naissance="ALPHA-DEUX", prenoms="Sam", organismes=[organisme_a])
    monde.objets.update(formation_a=formation_a, candidat_a2=candidat_a2)
    for cle, departement in (("a", "75"), ("b", "69")):
        jury = monde.objets[f"jury_{cle}"]
        monde.objets[f"habilitation_{cle}"] = Habilitation.objects.create(
            membre=jury,
            millesime=millesime,
            debut=dt.date(2026, 1, 1),
            fin=dt.date(2028, 12, 31),
            demandee_le=dt.date(2025, 12, 1),
            etat="active",
            accordee_le=dt.date(2025, 12, 15),
        )
        monde.objets[f"amenagement_{cle}"] = DemandeAmenagement.objects.create(
            candidat=monde.objets[f"candidat_{cle}"],
            millesime=millesime,
            premier_jour_session=dt.date(2026, 9, 14),
            departement=f.departement(departement),
            temps_majore=True,
            majoration_pourcent=33,
            formulaire_recu_le=dt.date(2026, 7, 20),  # late: less than 3 months before the session
        )
        monde.objets[f"import_{cle}"] = ImportPersonnes.objects.create(
            nature="candidats",
            organisme=monde.objets[f"organisme_{cle}"],
            nom_fichier=f"candidats-{cle}.csv",
            lignes=[{"nom_naissance": "ESSAI"}],
            total=1,
            traitees=1,
            etat="erreurs",
            erreurs=[{"ligne": 2, "champ": "prenoms", "message": "La colonne « prenoms » est obligatoire."}],
        )
