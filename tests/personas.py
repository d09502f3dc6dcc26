"""One persona per role, plus an outsider from another organisme, département and région.

Organisme A (site in Paris, 75, Île-de-France) is "ours"; organisme B (site in
Lyon, 69, Auvergne-Rhône-Alpes) belongs to the outsider. Every scoping test
checks what each persona sees of A's and B's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests import factories as f
from tests.personas_agrements import ajouter_agrements
from tests.personas_personnes import ajouter_personnes
from tests.personas_sessions import ajouter_sessions
from titrepro.comptes.models import Utilisateur
from titrepro.comptes.roles import Role
from titrepro.territoires.models import Departement, Region


@dataclass
class Monde:
    utilisateurs: dict[str, Utilisateur] = field(default_factory=dict)
    objets: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, nom: str) -> Any:
        try:
            return self.objets[nom]
        except KeyError:
            raise AttributeError(nom) from None


PERSONAS = [
    "responsable_organisme",
    "responsable_session",
    "suppleant",
    "formateur",
    "membre_jury",
    "candidat",
    "agent_ddets",
    "agent_dreets",
    "agent_gev",
    "administrateur",
    "externe",  # responsable de session of organisme B
    "sans_role",  # signed in, no membership
]


def construire_monde() -> Monde:
    monde = Monde()
    paris, lyon = Departement.objects.get(code="75"), Departement.objects.get(code="69")
    organisme_a = f.OrganismeFactory(raison_sociale="Organisme A")
    organisme_b = f.OrganismeFactory(raison_sociale="Organisme B")
    site_a = f.SiteFactory(organisme=organisme_a, nom="Site A", departement=paris)
    site_b = f.SiteFactory(organisme=organisme_b, nom="Site B", departement=lyon, code_postal="69001", commune="Lyon")
    candidat_a = f.CandidatFactory(nom_naissance="ALPHA", organismes=[organisme_a])
    candidat_b = f.CandidatFactory(nom_naissance="BRAVO", organismes=[organisme_b])
    jury_a = f.MembreJuryFactory(nom="JURY-A", departement=paris)
    jury_b = f.MembreJuryFactory(nom="JURY-B", departement=lyon)
    titre = f.TitreFactory()
    millesime = f.MillesimeFactory(titre=titre)
    alerte_a = f.AlerteFactory(sujet=organisme_a, organisme=organisme_a, departement=paris, region=paris.region)
    alerte_b = f.AlerteFactory(sujet=organisme_b, organisme=organisme_b, departement=lyon, region=lyon.region)
    monde.objets.update(
        organisme_a=organisme_a,
        organisme_b=organisme_b,
        site_a=site_a,
        site_b=site_b,
        candidat_a=candidat_a,
        candidat_b=candidat_b,
        jury_a=jury_a,
        jury_b=jury_b,
        titre=titre,
        millesime=millesime,
        alerte_a=alerte_a,
        alerte_b=alerte_b,
    )

    def compte(nom: str, role: str | None = None, **cible: Any) -> Utilisateur:
        user = f.UtilisateurFactory(email=f"{nom}@exemple.fr", prenom=nom)
        if role:
            f.AffectationFactory(utilisateur=user, role=role, **cible)
        monde.utilisateurs[nom] = user
        return user

    compte("responsable_organisme", Role.RESPONSABLE_ORGANISME, organisme=organisme_a)
    compte("responsable_session", Role.RESPONSABLE_SESSION, organisme=organisme_a)
    compte("suppleant", Role.SUPPLEANT, organisme=organisme_a)
    compte("formateur", Role.FORMATEUR, organisme=organisme_a)
    jure = compte("membre_jury", Role.MEMBRE_JURY)
    jury_a.compte = jure
    jury_a.save()
    candidat = compte("candidat", Role.CANDIDAT)
    candidat_a.compte = candidat
    candidat_a.save()
    compte("agent_ddets", Role.AGENT_DDETS, departement=paris)
    compte("agent_dreets", Role.AGENT_DREETS, region=Region.objects.get(code="11"))
    compte("agent_gev", Role.AGENT_GEV)
    compte("administrateur", Role.ADMINISTRATEUR)
    compte("externe", Role.RESPONSABLE_SESSION, organisme=organisme_b)
    compte("sans_role")
    ajouter_agrements(monde)  # issue 4: agréments, demandes, conventions, programmations of A and B
    ajouter_personnes(monde)  # issue 5: formation, habilitations, aménagements, imports
    ajouter_sessions(monde)  # issue 6: sessions, jurys, inscriptions, convocations
    return monde
