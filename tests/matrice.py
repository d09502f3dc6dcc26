"""The access matrix: every URL of the product, what each persona must get.

``test_perimetres.py`` fails when a URL exists that is not declared here, so each
issue that adds a page or an endpoint extends this table.

For a persona ``p`` and a URL:
- ``p`` not in ``roles`` (when given)            → 403
- an object URL whose object ``p`` cannot see     → 404 (existence is not disclosed)
- otherwise                                       → ``ok`` (200 by default)
Anonymous visitors get ``anonyme`` (302 to the login page for pages, 401 for the API).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.personas import PERSONAS

TOUS = frozenset(PERSONAS)
ORGANISME_A = frozenset({"responsable_organisme", "responsable_session", "suppleant", "formateur"})
AVEC_ROLE = TOUS - {"sans_role"}

LECTEURS_REFERENTIEL = AVEC_ROLE - {"candidat"}
LECTEURS_ORGANISMES = ORGANISME_A | {"externe", "agent_ddets", "agent_dreets", "administrateur"}
LECTEURS_CANDIDATS = ORGANISME_A | {"externe", "agent_ddets", "administrateur", "candidat"}
LECTEURS_MEMBRES_JURY = frozenset({"agent_ddets", "agent_dreets", "administrateur", "membre_jury"})

# Who sees each object of tests.personas.construire_monde(), through the scoping mechanism.
VOIENT = {
    "organisme_a": ORGANISME_A | {"agent_ddets", "agent_dreets", "administrateur"},
    "organisme_b": frozenset({"externe", "administrateur"}),
    "candidat_a": ORGANISME_A | {"agent_ddets", "administrateur", "candidat"},
    "candidat_b": frozenset({"externe", "administrateur"}),
    "jury_a": frozenset({"agent_ddets", "agent_dreets", "administrateur", "membre_jury"}),
    "jury_b": frozenset({"administrateur"}),
    "titre": TOUS,
    "millesime": TOUS,
}


@dataclass(frozen=True)
class Acces:
    roles: frozenset[str] | None = None  # None: every signed-in persona
    objets: tuple[str, ...] = ()  # objects of the world to try (their pk goes in the URL)
    kwargs: dict[str, str] = field(default_factory=dict)  # fixed URL arguments
    ok: int = 200
    anonyme: int = 302
    methode: str = "get"
    public: bool = False  # same answer for everyone, signed in or not
    modele: str = ""  # for the history URL: app_label.model_name of the objects

    def attendu(self, persona: str | None, objet: str | None) -> int:
        if persona is None:
            return self.ok if self.public else self.anonyme
        if self.public:
            return self.ok
        if self.roles is not None and persona not in self.roles:
            return 403
        if objet is not None and persona not in VOIENT[objet]:
            return 404
        return self.ok


API = {"anonyme": 401}

MATRICE: dict[str, Acces] = {
    # Public pages
    "web:accueil": Acces(public=True),
    "web:healthz": Acces(public=True),
    "web:mot_de_passe_oubli": Acces(public=True),
    "web:mot_de_passe_envoye": Acces(public=True),
    "web:mot_de_passe_nouveau": Acces(public=True, kwargs={"uidb64": "MQ", "token": "faux-jeton"}),
    "web:mot_de_passe_modifie": Acces(public=True),
    # Sign-in: the form for visitors; a signed-in user is sent on to the dashboard.
    "web:connexion": Acces(ok=302, anonyme=200),
    # Sign-out is POST only: a link cannot sign anyone out.
    "web:deconnexion": Acces(public=True, ok=405),
    "web:mon_compte": Acces(),
    # Référentiel
    "web:titres": Acces(roles=LECTEURS_REFERENTIEL),
    "web:titre": Acces(roles=LECTEURS_REFERENTIEL, objets=("titre",)),
    "web:titre_export_json": Acces(roles=LECTEURS_REFERENTIEL, objets=("titre",)),
    "web:referentiel_export_json": Acces(roles=LECTEURS_REFERENTIEL),
    "web:referentiel_export_csv": Acces(roles=LECTEURS_REFERENTIEL),
    "web:referentiel_import": Acces(roles=frozenset({"administrateur"})),
    # Organisations
    "web:organismes": Acces(roles=LECTEURS_ORGANISMES),
    "web:organisme": Acces(roles=LECTEURS_ORGANISMES, objets=("organisme_a", "organisme_b")),
    # Personnes
    "web:candidats": Acces(roles=LECTEURS_CANDIDATS - {"candidat"}),
    "web:candidat": Acces(roles=LECTEURS_CANDIDATS, objets=("candidat_a", "candidat_b")),
    "web:membres_jury": Acces(roles=LECTEURS_MEMBRES_JURY - {"membre_jury"}),
    "web:membre_jury": Acces(roles=LECTEURS_MEMBRES_JURY, objets=("jury_a", "jury_b")),
    # History pages: whoever sees the object sees its history.
    "web:historique": Acces(objets=("organisme_a", "organisme_b"), modele="organisations.organisme"),
    "web:historique#candidat": Acces(objets=("candidat_a", "candidat_b"), modele="personnes.candidat"),
    "web:historique#jury": Acces(objets=("jury_a", "jury_b"), modele="personnes.membrejury"),
    "web:historique#titre": Acces(objets=("titre",), modele="referentiel.titre"),
    # Conformité: the rule catalogue is public
    "web:regles": Acces(public=True),
    # API
    "api-token": Acces(public=True, ok=405),  # POST only; tested in tests/api
    "api-schema": Acces(public=True),
    "api-docs": Acces(public=True),
    "titre-list": Acces(roles=LECTEURS_REFERENTIEL, **API),
    "titre-detail": Acces(roles=LECTEURS_REFERENTIEL, objets=("titre",), **API),
    "titre-export": Acces(roles=LECTEURS_REFERENTIEL, **API),
    "organisme-list": Acces(roles=LECTEURS_ORGANISMES, **API),
    "organisme-detail": Acces(roles=LECTEURS_ORGANISMES, objets=("organisme_a", "organisme_b"), **API),
    "candidat-list": Acces(roles=LECTEURS_CANDIDATS, **API),
    "candidat-detail": Acces(roles=LECTEURS_CANDIDATS, objets=("candidat_a", "candidat_b"), **API),
    "membre-jury-list": Acces(roles=LECTEURS_MEMBRES_JURY, **API),
    "membre-jury-detail": Acces(roles=LECTEURS_MEMBRES_JURY, objets=("jury_a", "jury_b"), **API),
    "regle-list": Acces(public=True),
    "regle-detail": Acces(public=True, kwargs={"code": "SES-CREATION-DELAI"}),
}
