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
LECTEURS_ALERTES = LECTEURS_ORGANISMES

# Issue 4 (agréments): the organisme's responsable writes; its team, the DDETS and the DREETS read.
RESPONSABLE_A = frozenset({"responsable_organisme"})
GESTION_A = frozenset({"responsable_organisme", "responsable_session", "suppleant"})
LECTEURS_AGREMENTS = GESTION_A | {"externe", "agent_ddets", "agent_dreets", "administrateur"}
VOIT_A = ORGANISME_A | {"agent_ddets", "agent_dreets", "administrateur"}
VOIT_A_SANS_FORMATEUR = VOIT_A - {"formateur"}
VOIT_B = frozenset({"externe", "administrateur"})

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
    # Issue 4 (tests/personas_agrements.py)
    "site_a": VOIT_A,
    "site_b": VOIT_B,
    "contact_a": VOIT_A,
    "contact_b": VOIT_B,
    "photo_a": VOIT_A,
    "photo_b": VOIT_B,
    "convention_a": VOIT_A_SANS_FORMATEUR,
    "convention_b": VOIT_B,
    "programmation_a": VOIT_A_SANS_FORMATEUR,
    "programmation_b": VOIT_B,
    "agrement_a": VOIT_A_SANS_FORMATEUR,
    "agrement_b": VOIT_B,
    "demande_a": VOIT_A_SANS_FORMATEUR,
    "demande_b": VOIT_B,
    "piece_a": VOIT_A_SANS_FORMATEUR,
    "piece_b": VOIT_B,
    "alerte_a": ORGANISME_A | {"agent_ddets", "agent_dreets", "administrateur"},
    "alerte_b": frozenset({"externe", "administrateur"}),
    # Issue 5 (tests/personas_personnes.py). The formateur reads only their own trainees: candidat_a
    # (formation_a names them), not candidat_a2. Habilitations are read by the DDETS of the member's
    # département, the DREETS of its région, the member, and every organisme's session team (jury choice).
    "candidat_a2": VOIT_A_SANS_FORMATEUR - {"agent_dreets"},
    "habilitation_a": frozenset(
        {"agent_ddets", "agent_dreets", "administrateur", "membre_jury"} | GESTION_A | {"externe"}
    ),
    "habilitation_b": frozenset({"administrateur"} | GESTION_A | {"externe"}),
    "amenagement_a": ORGANISME_A | {"agent_ddets", "administrateur", "candidat"},
    "amenagement_b": frozenset({"externe", "administrateur"}),
    "import_a": GESTION_A | {"administrateur"},
    "import_b": frozenset({"externe", "administrateur"}),
    # Issue 6 (tests/personas_sessions.py): a session is seen by its organisme's team (not the
    # formateur), the DDETS of the site's département, the DREETS of its région, the jury members
    # invited to it and its registered candidates.
    "session_a": VOIT_A_SANS_FORMATEUR | {"membre_jury", "candidat"},
    "session_b": VOIT_B,
    "jury_session_a": VOIT_A_SANS_FORMATEUR | {"membre_jury", "candidat"},
    "jury_session_b": VOIT_B,
    "participation_a": VOIT_A_SANS_FORMATEUR | {"membre_jury", "candidat"},
    "participation_b": VOIT_B,
    "inscription_a": VOIT_A_SANS_FORMATEUR | {"membre_jury", "candidat"},
    "inscription_b": VOIT_B,
    "convocation_a": VOIT_A_SANS_FORMATEUR | {"membre_jury", "candidat"},
    "convocation_b": VOIT_B,
    # Issue 6, DTE orders (tests/personas_sessions.py): the session's organisme team (not the formateur), the
    # DDETS of the site's département, the GEV (national) and the administrator; not the DREETS (WORKFLOWS.md).
    "commande_a": VOIT_A_SANS_FORMATEUR - {"agent_dreets"} | {"agent_gev"},
    "commande_b": VOIT_B | {"agent_gev"},
    # Issue 6, convocations (h5): the « all convocations » PDF of a session, for its organisme team, the DDETS
    # and the DREETS — never the candidates nor the jury members.
    "lot_a": VOIT_A_SANS_FORMATEUR,
    "lot_b": VOIT_B,
    # Issue 7, the exam day (JOUR, tests/personas_sessions.py): the organisme team, the DDETS, the DREETS.
    "feuille_a": VOIT_A_SANS_FORMATEUR,
    "feuille_b": VOIT_B,
    "absence_a": VOIT_A_SANS_FORMATEUR,
    "absence_b": VOIT_B,
    "incident_a": VOIT_A_SANS_FORMATEUR,
    "incident_b": VOIT_B,
    # Issue 8, planning (tests/personas_sessions.py): rooms are read like their site; the published timetable by the
    # session's organisme team (not the formateur), the DDETS, the DREETS and the session's jury members; a slot also
    # by its own candidate; a draft version (brouillon_a) and its slots: neither the jury members nor the candidate.
    "salle_a": VOIT_A,
    "salle_b": VOIT_B,
    "planning_a": VOIT_A_SANS_FORMATEUR | {"membre_jury"},
    "planning_b": VOIT_B,
    "creneau_a": VOIT_A_SANS_FORMATEUR | {"membre_jury", "candidat"},
    "creneau_b": VOIT_B,
    "brouillon_a": VOIT_A_SANS_FORMATEUR,
    "brouillon_b": VOIT_B,
    "creneau_brouillon_a": VOIT_A_SANS_FORMATEUR,
    "creneau_brouillon_b": VOIT_B,
    # Issue 7, part PV (tests/personas_sessions.py): a PV document is read by the session's organisme team (not
    # the formateur), the DDETS, the DREETS and the session's jury members — never by a candidate.
    "pv_document_a": VOIT_A_SANS_FORMATEUR | {"membre_jury"},
    "pv_document_b": VOIT_B,
}

# Issue 6 (sessions): the session team writes; the organisme's responsable, the DDETS and DREETS read.
LECTEURS_SESSIONS = GESTION_A | {"externe", "agent_ddets", "agent_dreets", "administrateur"}
GESTION_SESSIONS = frozenset({"responsable_session", "suppleant", "externe"})
# DTE orders (h4): readers = LECTEURS_SESSIONS without the DREETS, with the GEV; the GEV processes.
LECTEURS_COMMANDES_DTE = LECTEURS_SESSIONS - {"agent_dreets"} | {"agent_gev"}
TRAITEMENT_DTE = frozenset({"agent_gev"})
# Issue 7, part PORTAIL: archives (the organisme's team, the DDETS, the administrator); insertion figures.
LECTEURS_ARCHIVES = GESTION_SESSIONS | {"responsable_organisme", "agent_ddets", "administrateur"}
GESTION_ARCHIVES = GESTION_SESSIONS | {"responsable_organisme", "administrateur"}
# Issue 8 (planning): the session's readers and the members of its juries (these only the published version).
LECTEURS_PLANNING = LECTEURS_SESSIONS | {"membre_jury"}
PLANNINGS = ("planning_a", "planning_b", "brouillon_a", "brouillon_b")

# Issue 5 (personnes)
GESTION_CANDIDATS = GESTION_A | {"externe", "administrateur"}
GESTION_JURY = frozenset({"agent_ddets", "administrateur"})
LECTEURS_HABILITATIONS = frozenset(
    {"agent_ddets", "agent_dreets", "administrateur", "membre_jury", "responsable_session", "suppleant", "externe"}
)
IMPORT_PERSONNES = GESTION_A | {"externe", "agent_ddets", "administrateur"}
CANDIDATS_AB = ("candidat_a", "candidat_b", "candidat_a2")


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
    # Organismes, sites, conventions, programmation (issue 4); POST-only URLs answer 405 to a GET
    "web:organisme_modifier": Acces(roles=RESPONSABLE_A, objets=("organisme_a", "organisme_b")),
    "web:organisme_siret": Acces(roles=RESPONSABLE_A, objets=("organisme_a", "organisme_b")),
    "web:contact_ajouter": Acces(roles=RESPONSABLE_A, objets=("organisme_a", "organisme_b")),
    "web:contact_modifier": Acces(roles=RESPONSABLE_A, objets=("contact_a", "contact_b")),
    "web:contact_supprimer": Acces(roles=RESPONSABLE_A, kwargs={"pk": "0"}, ok=405),
    "web:convention_ajouter": Acces(roles=RESPONSABLE_A, objets=("organisme_a", "organisme_b")),
    "web:convention_fichier": Acces(roles=LECTEURS_ORGANISMES, objets=("convention_a", "convention_b")),
    "web:site": Acces(roles=LECTEURS_ORGANISMES, objets=("site_a", "site_b")),
    "web:site_modifier": Acces(roles=RESPONSABLE_A, objets=("site_a", "site_b")),
    "web:site_plateau": Acces(roles=RESPONSABLE_A, objets=("site_a", "site_b")),
    "web:site_photo_ajouter": Acces(roles=RESPONSABLE_A, objets=("site_a", "site_b")),
    "web:photo_site": Acces(roles=LECTEURS_ORGANISMES, objets=("photo_a", "photo_b")),
    "web:programmations": Acces(roles=LECTEURS_AGREMENTS),
    "web:programmation_creer": Acces(roles=RESPONSABLE_A),
    "web:programmation": Acces(roles=LECTEURS_AGREMENTS, objets=("programmation_a", "programmation_b")),
    "web:programmation_transmettre": Acces(roles=RESPONSABLE_A, kwargs={"pk": "0"}, ok=405),
    "web:programmation_export_pdf": Acces(roles=LECTEURS_AGREMENTS, objets=("programmation_a", "programmation_b")),
    "web:programmation_export_xlsx": Acces(roles=LECTEURS_AGREMENTS, objets=("programmation_a", "programmation_b")),
    "web:programmation_ligne_supprimer": Acces(roles=RESPONSABLE_A, kwargs={"pk": "0"}, ok=405),
    # Agréments and requests (issue 4)
    "web:agrements": Acces(roles=LECTEURS_AGREMENTS),
    "web:agrement": Acces(roles=LECTEURS_AGREMENTS, objets=("agrement_a", "agrement_b")),
    "web:demandes_agrement": Acces(roles=LECTEURS_AGREMENTS),
    "web:demande_agrement_creer": Acces(roles=RESPONSABLE_A),
    "web:demande_agrement": Acces(roles=LECTEURS_AGREMENTS, objets=("demande_a", "demande_b")),
    "web:demande_agrement_modifier": Acces(roles=RESPONSABLE_A, objets=("demande_a", "demande_b")),
    "web:demande_piece_ajouter": Acces(roles=RESPONSABLE_A, objets=("demande_a", "demande_b")),
    "web:demande_agrement_action": Acces(
        roles=RESPONSABLE_A, objets=("demande_a", "demande_b"), kwargs={"action": "deposer"}
    ),
    "web:demande_agrement_action#pieces": Acces(
        roles=frozenset({"agent_dreets"}), objets=("demande_a", "demande_b"), kwargs={"action": "demander_pieces"}
    ),
    "web:piece_jointe": Acces(roles=LECTEURS_AGREMENTS, objets=("piece_a", "piece_b")),
    "web:piece_jointe_supprimer": Acces(roles=RESPONSABLE_A, kwargs={"pk": "0"}, ok=405),
    "web:organisme_echeancier": Acces(roles=LECTEURS_ORGANISMES, objets=("organisme_a", "organisme_b")),
    "web:organisme_echeancier_ics": Acces(roles=LECTEURS_ORGANISMES, objets=("organisme_a", "organisme_b")),
    "web:session_echeancier": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b")),
    "web:session_echeancier_ics": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b")),
    # Personnes
    "web:candidats": Acces(roles=LECTEURS_CANDIDATS - {"candidat"}),
    "web:candidat": Acces(roles=LECTEURS_CANDIDATS, objets=("candidat_a", "candidat_b")),
    "web:membres_jury": Acces(roles=LECTEURS_MEMBRES_JURY - {"membre_jury"}),
    "web:membre_jury": Acces(roles=LECTEURS_MEMBRES_JURY, objets=("jury_a", "jury_b")),
    # Personnes (issue 5)
    "web:candidat#a2": Acces(roles=LECTEURS_CANDIDATS, objets=("candidat_a2",)),
    "web:candidat_creer": Acces(roles=GESTION_CANDIDATS),
    "web:candidat_modifier": Acces(roles=GESTION_CANDIDATS, objets=CANDIDATS_AB),
    "web:candidat_adresse": Acces(roles=GESTION_CANDIDATS, objets=CANDIDATS_AB),
    "web:candidat_adresse_confirmer": Acces(roles=GESTION_CANDIDATS, objets=CANDIDATS_AB),
    "web:candidat_formation": Acces(roles=GESTION_CANDIDATS, objets=CANDIDATS_AB),
    "web:candidat_amenagement": Acces(roles=GESTION_CANDIDATS, objets=CANDIDATS_AB),
    "web:amenagement_decision": Acces(roles=GESTION_JURY, objets=("amenagement_a", "amenagement_b")),
    "web:membre_jury_creer": Acces(roles=GESTION_JURY),
    "web:membre_jury_modifier": Acces(roles=GESTION_JURY, objets=("jury_a", "jury_b")),
    "web:membre_jury_habilitation": Acces(roles=GESTION_JURY, objets=("jury_a", "jury_b")),
    "web:membre_jury_lien": Acces(roles=GESTION_JURY | {"membre_jury"}, objets=("jury_a", "jury_b")),
    "web:membre_jury_disponibilite": Acces(roles=GESTION_JURY | {"membre_jury"}, objets=("jury_a", "jury_b")),
    "web:espace_jury": Acces(roles=frozenset({"membre_jury"}), ok=302),
    # Issue 6, the session itself (h1): the team creates and acts; readers see its page; the DDETS derogates.
    "web:sessions": Acces(roles=LECTEURS_SESSIONS),
    "web:session_creer": Acces(roles=GESTION_SESSIONS),
    "web:session": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b")),
    "web:session_modifier": Acces(roles=GESTION_SESSIONS, objets=("session_a", "session_b")),
    "web:session_confirmer": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405),
    "web:session_annuler": Acces(roles=GESTION_SESSIONS, objets=("session_a", "session_b")),
    "web:session_reporter": Acces(roles=GESTION_SESSIONS, objets=("session_a", "session_b")),
    "web:session_deroger": Acces(roles=frozenset({"agent_ddets"}), objets=("session_a", "session_b")),
    # Issue 6, jurys of a session: the session team composes; the member answers their own invitations.
    "web:session_jurys": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b")),
    "web:session_jury_ajouter": Acces(roles=GESTION_SESSIONS, objets=("session_a", "session_b")),
    "web:session_jury_inviter": Acces(
        roles=GESTION_SESSIONS, objets=("session_a", "session_b"), kwargs={"numero": "1"}
    ),
    "web:session_jury_supprimer": Acces(
        roles=GESTION_SESSIONS, objets=("session_a", "session_b"), kwargs={"numero": "1"}
    ),
    "web:participation_jury_retirer": Acces(roles=GESTION_SESSIONS, objets=("participation_a", "participation_b")),
    "web:inscription_jury": Acces(roles=GESTION_SESSIONS, objets=("inscription_a", "inscription_b")),
    "web:espace_jury_invitations": Acces(roles=frozenset({"membre_jury"})),
    "web:espace_jury_repondre": Acces(roles=frozenset({"membre_jury"}), objets=("participation_a", "participation_b")),
    "web:habilitations": Acces(roles=LECTEURS_HABILITATIONS),
    "web:habilitation": Acces(roles=LECTEURS_HABILITATIONS, objets=("habilitation_a", "habilitation_b")),
    "web:import_personnes": Acces(roles=IMPORT_PERSONNES),
    "web:import_personnes_suivi": Acces(roles=IMPORT_PERSONNES, objets=("import_a", "import_b")),
    "web:import_personnes_executer": Acces(roles=IMPORT_PERSONNES, kwargs={"pk": "0"}, ok=405),
    "web:import_personnes_rapport": Acces(roles=IMPORT_PERSONNES, objets=("import_a", "import_b")),
    "web:import_personnes_modele": Acces(roles=IMPORT_PERSONNES, kwargs={"nature": "candidats"}),
    # History pages: whoever sees the object sees its history.
    "web:historique": Acces(objets=("organisme_a", "organisme_b"), modele="organisations.organisme"),
    "web:historique#candidat": Acces(objets=("candidat_a", "candidat_b"), modele="personnes.candidat"),
    "web:historique#jury": Acces(objets=("jury_a", "jury_b"), modele="personnes.membrejury"),
    "web:historique#titre": Acces(objets=("titre",), modele="referentiel.titre"),
    # Conformité: the rule catalogue is public
    "web:regles": Acces(public=True),
    "web:alertes": Acces(roles=LECTEURS_ALERTES),
    # API
    "api-token": Acces(public=True, ok=405),  # POST only; tested in tests/api
    "api-schema": Acces(public=True),
    "api-docs": Acces(public=True),
    "titre-list": Acces(roles=LECTEURS_REFERENTIEL, **API),
    "titre-detail": Acces(roles=LECTEURS_REFERENTIEL, objets=("titre",), **API),
    "titre-export": Acces(roles=LECTEURS_REFERENTIEL, **API),
    "organisme-list": Acces(roles=LECTEURS_ORGANISMES, **API),
    "organisme-detail": Acces(roles=LECTEURS_ORGANISMES, objets=("organisme_a", "organisme_b"), **API),
    "organisme-changer-siret": Acces(roles=LECTEURS_ORGANISMES, kwargs={"pk": "0"}, ok=405, **API),
    "site-list": Acces(roles=LECTEURS_ORGANISMES, **API),
    "site-detail": Acces(roles=LECTEURS_ORGANISMES, objets=("site_a", "site_b"), **API),
    "site-changer-plateau": Acces(roles=LECTEURS_ORGANISMES, kwargs={"pk": "0"}, ok=405, **API),
    "agrement-list": Acces(roles=LECTEURS_AGREMENTS, **API),
    "agrement-detail": Acces(roles=LECTEURS_AGREMENTS, objets=("agrement_a", "agrement_b"), **API),
    "agrement-changer-etat": Acces(roles=LECTEURS_AGREMENTS, kwargs={"pk": "0"}, ok=405, **API),
    "demande-agrement-list": Acces(roles=LECTEURS_AGREMENTS, **API),
    "demande-agrement-detail": Acces(roles=LECTEURS_AGREMENTS, objets=("demande_a", "demande_b"), **API),
    "demande-agrement-completude": Acces(roles=LECTEURS_AGREMENTS, objets=("demande_a", "demande_b"), **API),
    **{
        f"demande-agrement-{action}": Acces(roles=LECTEURS_AGREMENTS, kwargs={"pk": "0"}, ok=405, **API)
        for action in (
            "pieces",
            "deposer",
            "demander-pieces",
            "passer-en-instruction",
            "accepter",
            "refuser",
            "classer-sans-suite",
        )
    },
    "candidat-list": Acces(roles=LECTEURS_CANDIDATS, **API),
    "candidat-detail": Acces(roles=LECTEURS_CANDIDATS, objets=("candidat_a", "candidat_b"), **API),
    "membre-jury-list": Acces(roles=LECTEURS_MEMBRES_JURY, **API),
    "membre-jury-detail": Acces(roles=LECTEURS_MEMBRES_JURY, objets=("jury_a", "jury_b"), **API),
    # Personnes (issue 5): /jures/ is the issue's name, /membres-jury/ stays as an alias.
    "candidat-doublons": Acces(roles=LECTEURS_CANDIDATS, ok=405, **API),  # POST only
    "jure-list": Acces(roles=LECTEURS_MEMBRES_JURY, **API),
    "jure-detail": Acces(roles=LECTEURS_MEMBRES_JURY, objets=("jury_a", "jury_b"), **API),
    "habilitation-list": Acces(roles=LECTEURS_HABILITATIONS, **API),
    "habilitation-detail": Acces(roles=LECTEURS_HABILITATIONS, objets=("habilitation_a", "habilitation_b"), **API),
    "habilitation-accorder": Acces(roles=LECTEURS_HABILITATIONS, kwargs={"pk": "0"}, ok=405, **API),
    "habilitation-retirer": Acces(roles=LECTEURS_HABILITATIONS, kwargs={"pk": "0"}, ok=405, **API),
    # Personnes (issue 5, part 3): sub-resources of candidates and jury members, accommodations, attach.
    "candidat-rattacher": Acces(roles=LECTEURS_CANDIDATS, ok=405, **API),  # POST only
    "candidat-adresses": Acces(roles=LECTEURS_CANDIDATS, objets=CANDIDATS_AB, **API),
    "candidat-confirmations-adresse": Acces(roles=LECTEURS_CANDIDATS, objets=CANDIDATS_AB, **API),
    "candidat-formations": Acces(roles=LECTEURS_CANDIDATS, objets=CANDIDATS_AB, **API),
    **{
        f"{nom}-{sous}": Acces(roles=LECTEURS_MEMBRES_JURY, objets=("jury_a", "jury_b"), **API)
        for nom in ("jure", "membre-jury")
        for sous in ("liens", "disponibilites")
    },
    "amenagement-list": Acces(roles=LECTEURS_CANDIDATS, **API),
    "amenagement-detail": Acces(roles=LECTEURS_CANDIDATS, objets=("amenagement_a", "amenagement_b"), **API),
    "amenagement-decider": Acces(roles=LECTEURS_CANDIDATS, kwargs={"pk": "0"}, ok=405, **API),
    "organisme-echeancier": Acces(roles=LECTEURS_ORGANISMES, objets=("organisme_a", "organisme_b"), **API),
    "alerte-list": Acces(roles=LECTEURS_ALERTES, **API),
    "alerte-detail": Acces(roles=LECTEURS_ALERTES, objets=("alerte_a", "alerte_b"), **API),
    # Issue 4, end: contacts, conventions, programmations (API); piece download by token; convention page
    "contact-list": Acces(roles=LECTEURS_ORGANISMES, **API),
    "contact-detail": Acces(roles=LECTEURS_ORGANISMES, objets=("contact_a", "contact_b"), **API),
    "convention-list": Acces(roles=LECTEURS_ORGANISMES, **API),
    "convention-detail": Acces(roles=LECTEURS_ORGANISMES, objets=("convention_a", "convention_b"), **API),
    "programmation-list": Acces(roles=LECTEURS_AGREMENTS, **API),
    "programmation-detail": Acces(roles=LECTEURS_AGREMENTS, objets=("programmation_a", "programmation_b"), **API),
    "programmation-lignes": Acces(roles=LECTEURS_AGREMENTS, kwargs={"pk": "0"}, ok=405, **API),
    "programmation-ligne": Acces(roles=LECTEURS_AGREMENTS, kwargs={"pk": "0", "ligne_pk": "0"}, ok=405, **API),
    "programmation-transmettre": Acces(roles=LECTEURS_AGREMENTS, kwargs={"pk": "0"}, ok=405, **API),
    # Needs two keys: the matrix checks roles (no request is ever found: 404); tests/agrements test the scoping.
    "demande-agrement-piece-fichier": Acces(
        roles=LECTEURS_AGREMENTS, kwargs={"pk": "0", "piece_pk": "0"}, ok=404, **API
    ),
    "web:convention_modifier": Acces(roles=RESPONSABLE_A, objets=("convention_a", "convention_b")),
    "web:changement_siret_confirmer": Acces(roles=frozenset({"agent_dreets"}), kwargs={"pk": "0"}, ok=405),
    # Issue 6, the session itself (API, h1): readers list and read; the team writes (POST-only actions: 405 to a GET).
    "session-list": Acces(roles=LECTEURS_SESSIONS, **API),
    "session-detail": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b"), **API),
    "session-echeancier": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b"), **API),
    **{
        f"session-{action}": Acces(roles=LECTEURS_SESSIONS, kwargs={"pk": "0"}, ok=405, **API)
        for action in ("confirmer", "annuler", "reporter")
    },
    # Issue 6, jurys of a session (API)
    "session-jurys": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b"), **API),
    "session-membres-selectionnables": Acces(roles=GESTION_SESSIONS, objets=("session_a", "session_b"), **API),
    "session-jury-invitations": Acces(roles=GESTION_SESSIONS, kwargs={"session_pk": "0", "pk": "0"}, ok=405, **API),
    "participation-jury-repondre": Acces(roles=frozenset({"membre_jury"}), kwargs={"pk": "0"}, ok=405, **API),
    "regle-list": Acces(public=True),
    "regle-detail": Acces(public=True, kwargs={"code": "SES-CREATION-DELAI"}),
    # Convocations (issue 6, h5). The candidate's own PDF needs issued convocations: none in the persona
    # world (session A is « en préparation »), so 404 there; tests/examens/test_convocations_pages.py covers 200.
    "web:session_convocations": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b")),
    "web:convocations_emettre": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405),
    "web:convocations_lot_demander": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405),
    "web:convocations_lot": Acces(roles=LECTEURS_SESSIONS, objets=("lot_a", "lot_b")),
    "web:convocations_lot_fichier": Acces(roles=LECTEURS_SESSIONS, objets=("lot_a", "lot_b")),
    "web:convocation_enregistrer": Acces(roles=GESTION_SESSIONS, objets=("inscription_a", "inscription_b")),
    "web:convocation_pdf": Acces(roles=LECTEURS_SESSIONS, objets=("inscription_a", "inscription_b")),
    "web:convocation_preuve": Acces(roles=LECTEURS_SESSIONS, objets=("convocation_a", "convocation_b")),
    "web:mes_convocations": Acces(roles=frozenset({"candidat"})),
    "web:ma_convocation_pdf": Acces(roles=frozenset({"candidat"}), objets=("inscription_a", "inscription_b"), ok=404),
    # Issue 7, part PORTAIL: the candidate's space; the invitation is POST only (405 to a GET).
    "web:mon_espace": Acces(roles=frozenset({"candidat"})),
    "web:mon_espace_adresse": Acces(roles=frozenset({"candidat"})),
    "web:candidat_inviter": Acces(roles=GESTION_CANDIDATS, kwargs={"pk": "0"}, ok=405),
    "mon-espace": Acces(roles=frozenset({"candidat"}), **API),
    "mon-espace-adresse": Acces(roles=frozenset({"candidat"}), ok=405, **API),  # POST only
    "candidat-inviter": Acces(roles=GESTION_CANDIDATS, kwargs={"pk": "0"}, ok=405, **API),  # POST only
    # Issue 7, part PORTAIL: archives of a session (organisme team, DDETS, administrator); DP consent and copy.
    "web:session_archives": Acces(roles=LECTEURS_ARCHIVES, objets=("session_a", "session_b")),
    "web:inscription_consentement_dp": Acces(roles=GESTION_ARCHIVES, objets=("inscription_a", "inscription_b")),
    "web:inscription_copie_dp": Acces(roles=GESTION_ARCHIVES, objets=("inscription_a", "inscription_b")),
    # The DP copy is not in the persona world (it would block the tests that withdraw its registration):
    # its scoping is tested in tests/archives/test_pages_api.py.
    "web:copie_dp": Acces(roles=LECTEURS_ARCHIVES, kwargs={"pk": "0"}, ok=404),
    "session-archives": Acces(roles=LECTEURS_ARCHIVES, objets=("session_a", "session_b"), **API),
    # Issue 7: evaluation documents of a registration, filed by the session team (ARC-CONSERVATION, SES-DOSSIER).
    # Like the DP copy, no stored piece in the persona world (it would block deleting its registration for 5
    # years): the download's scoping is tested in tests/archives/test_pieces_conservees.py.
    "web:inscription_piece_conservee": Acces(roles=GESTION_SESSIONS, objets=("inscription_a", "inscription_b")),
    "web:piece_conservee": Acces(roles=LECTEURS_ARCHIVES, kwargs={"pk": "0"}, ok=404),
    "session-archives-pieces": Acces(roles=LECTEURS_ARCHIVES, objets=("session_a", "session_b"), **API),
    # Issue 7, part PORTAIL: insertion figures (organisme team, DDETS, DREETS, administrator); the answer page
    # is reached by a signed link without sign-in (a forged link: 400 with a French message).
    "web:insertion": Acces(roles=LECTEURS_AGREMENTS),
    "web:insertion_export": Acces(roles=LECTEURS_AGREMENTS),
    "web:questionnaire_insertion": Acces(public=True, kwargs={"jeton": "faux-jeton"}, ok=400),
    "insertion-statistiques": Acces(roles=LECTEURS_AGREMENTS, **API),
    "insertion-questionnaire": Acces(public=True, kwargs={"jeton": "faux-jeton"}, ok=400),
    "session-convocations": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b"), **API),
    "session-convocation-detail": Acces(roles=GESTION_SESSIONS, kwargs={"session_pk": "0", "pk": "0"}, ok=405, **API),
    "session-emettre-convocations": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405, **API),
    # Issue 7, part RESULTATS: the grid (session readers and its jury members — their own jury's rows), a row's
    # save and the closing (POST only: 405 to a GET), undoing a decision, the espace jury list, the SES-CCP
    # follow-up. No partial success in the persona world: the proposal form is 404 there (tests/resultats: 200).
    "web:session_resultats": Acces(roles=LECTEURS_SESSIONS | {"membre_jury"}, objets=("session_a", "session_b")),
    "web:session_cloturer_saisie": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405),
    "web:inscription_resultats": Acces(roles=GESTION_SESSIONS | {"membre_jury"}, kwargs={"pk": "0"}, ok=405),
    "web:inscription_decision_annuler": Acces(
        roles=GESTION_SESSIONS | {"membre_jury"}, objets=("inscription_a", "inscription_b")
    ),
    "web:espace_jury_resultats": Acces(roles=frozenset({"membre_jury"})),
    "web:suivi_ccp": Acces(roles=GESTION_A | {"externe", "agent_ddets", "administrateur"}),
    "web:proposer_session_ccp": Acces(roles=GESTION_SESSIONS, objets=("inscription_a", "inscription_b"), ok=404),
    "session-resultats": Acces(roles=LECTEURS_SESSIONS | {"membre_jury"}, objets=("session_a", "session_b"), **API),
    "session-resultat-detail": Acces(
        roles=LECTEURS_SESSIONS | {"membre_jury"}, kwargs={"session_pk": "0", "pk": "0"}, ok=404, **API
    ),
    "session-cloturer-saisie": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405, **API),
    # Commandes de DTE (issue 6, h4): the session team orders, the organisme's responsable and the DDETS read,
    # the GEV processes (national). The persona orders are drafts: the form and « soumettre » answer 200.
    "web:commandes_dte": Acces(roles=LECTEURS_COMMANDES_DTE),
    "web:gev_commandes": Acces(roles=TRAITEMENT_DTE),
    "web:commande_dte": Acces(roles=LECTEURS_COMMANDES_DTE, objets=("commande_a", "commande_b")),
    "web:commande_dte_session": Acces(roles=GESTION_SESSIONS, objets=("session_a", "session_b")),
    "web:commande_dte_action": Acces(
        roles=GESTION_SESSIONS, objets=("commande_a", "commande_b"), kwargs={"action": "soumettre"}
    ),
    "web:commande_dte_action#gev": Acces(
        roles=TRAITEMENT_DTE, objets=("commande_a", "commande_b"), kwargs={"action": "annuler"}
    ),
    "web:historique#commande_dte": Acces(objets=("commande_a", "commande_b"), modele="dte.commandedte"),
    "commande-dte-list": Acces(roles=LECTEURS_COMMANDES_DTE, **API),
    "commande-dte-detail": Acces(roles=LECTEURS_COMMANDES_DTE, objets=("commande_a", "commande_b"), **API),
    **{
        f"commande-dte-{action}": Acces(roles=LECTEURS_COMMANDES_DTE, kwargs={"pk": "0"}, ok=405, **API)
        for action in (
            "soumettre",
            "prendre-en-compte",
            "preparer",
            "expedier",
            "ouvrir-liens",
            "receptionner",
            "detruire",
            "retourner",
            "annuler",
        )
    },
    # Issue 6, candidates of a session (h2): the session team registers and withdraws; the API lists the
    # visible rows of a visible session. The detail needs two keys: with unknown ones, 404 for every reader.
    "web:session_candidat_ajouter": Acces(roles=GESTION_SESSIONS, objets=("session_a", "session_b")),
    "web:inscription_retirer": Acces(roles=GESTION_SESSIONS, objets=("inscription_a", "inscription_b")),
    "session-candidats": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b"), **API),
    "session-candidat-detail": Acces(roles=LECTEURS_SESSIONS, kwargs={"session_pk": "0", "pk": "0"}, ok=404, **API),
    # Issue 7, the exam day (JOUR): the session team records, the organisme's responsable, DDETS and DREETS read;
    # the DDETS of the département decides the sanction of a fraud.
    "web:session_jour": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b")),
    **{
        f"web:{nom}": Acces(roles=GESTION_SESSIONS, objets=("session_a", "session_b"))
        for nom in (
            "session_presences",
            "session_ouvrir",
            "session_visite",
            "session_tirage",
            "session_controle_plis",
            "session_feuille_deposer",
            "session_incident_signaler",
        )
    },
    "web:session_feuille_emargement": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b")),
    "web:feuille_emargement_fichier": Acces(roles=LECTEURS_SESSIONS, objets=("feuille_a", "feuille_b")),
    "web:inscription_emarger": Acces(roles=GESTION_SESSIONS, objets=("inscription_a", "inscription_b")),
    "web:inscription_absence": Acces(roles=GESTION_SESSIONS, objets=("inscription_a", "inscription_b")),
    "web:inscription_absence_justifier": Acces(roles=GESTION_SESSIONS, objets=("inscription_a", "inscription_b")),
    # The persona absences have no proof (404 for every reader); test_deroulement_pages.py downloads one (200).
    "web:absence_justificatif": Acces(roles=LECTEURS_SESSIONS, objets=("absence_a", "absence_b"), ok=404),
    "web:incident_rapport": Acces(roles=LECTEURS_SESSIONS, objets=("incident_a", "incident_b")),
    "web:incident_sanctionner": Acces(roles=frozenset({"agent_ddets"}), objets=("incident_a", "incident_b")),
    **{
        f"session-{nom}": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b"), **API)
        for nom in ("presences", "visites", "controle-plis", "emargements", "absences", "incidents")
    },
    "session-ouvrir": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405, **API),
    "session-tirages": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405, **API),
    "session-absence-justifier": Acces(roles=GESTION_SESSIONS, kwargs={"session_pk": "0", "pk": "0"}, ok=405, **API),
    "incident-sanction": Acces(roles=frozenset({"agent_ddets"}), kwargs={"pk": "0"}, ok=405, **API),
    # Issue 8, planning: the organisme's team describes its rooms; the session team computes, adjusts, imports and
    # publishes the timetable; the session's readers and its jury members read it (POST-only URLs: 405 to a GET).
    "web:site_salles": Acces(roles=LECTEURS_ORGANISMES, objets=("site_a", "site_b")),
    "web:salle_ajouter": Acces(roles=GESTION_A | {"externe"}, objets=("site_a", "site_b")),
    "web:salle_modifier": Acces(roles=GESTION_A | {"externe"}, objets=("salle_a", "salle_b")),
    "web:salle_supprimer": Acces(roles=GESTION_A | {"externe"}, kwargs={"pk": "0"}, ok=405),
    "web:session_planning": Acces(roles=LECTEURS_PLANNING, objets=("session_a", "session_b"), ok=302),
    "web:planning_generer": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405),
    "web:planning_importer": Acces(roles=GESTION_SESSIONS, objets=("session_a", "session_b")),
    "web:planning_modele_xlsx": Acces(roles=GESTION_SESSIONS, objets=("session_a", "session_b")),
    "web:planning": Acces(roles=LECTEURS_PLANNING, objets=PLANNINGS),
    "web:planning_publier": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405),
    "web:planning_copier": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405),
    "web:planning_affiche_pdf": Acces(roles=LECTEURS_PLANNING, objets=PLANNINGS),
    "web:planning_organisation_pdf": Acces(roles=LECTEURS_PLANNING, objets=PLANNINGS),
    "web:planning_organisation_xlsx": Acces(roles=LECTEURS_PLANNING, objets=PLANNINGS),
    "web:creneau_deplacer": Acces(roles=GESTION_SESSIONS, objets=("creneau_brouillon_a", "creneau_brouillon_b")),
    "web:planning_joindre_demande": Acces(roles=RESPONSABLE_A, kwargs={"pk": "0"}, ok=405),
    "web:organisation_prevue": Acces(roles=GESTION_A | {"externe"}),
    "session-planning": Acces(roles=LECTEURS_PLANNING, objets=("session_a", "session_b"), **API),
    "session-planning-generer": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405, **API),
    "session-planning-valider": Acces(roles=LECTEURS_PLANNING, kwargs={"pk": "0"}, ok=405, **API),
    "session-planning-publier": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405, **API),
    "planning-detail": Acces(roles=LECTEURS_PLANNING, objets=PLANNINGS, **API),
    "planning-creneau": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405, **API),
    "salle-list": Acces(roles=LECTEURS_ORGANISMES, **API),
    "salle-detail": Acces(roles=LECTEURS_ORGANISMES, objets=("salle_a", "salle_b"), **API),
    # Issue 7, part PV: the session team edits and transmits (POST only: 405 to a GET); jury members and the team
    # sign (the form shows why not yet: 200); the DDETS of the site's département validates or sends back; the
    # candidate reads only validated results (none in the persona world: the attestation is 404 there,
    # tests/proces_verbaux covers 200); the list to post is refused before validation (back to the session: 302).
    "web:session_pv_editer": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405),
    "web:session_pv_transmettre": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405),
    "web:session_valider": Acces(roles=frozenset({"agent_ddets"}), kwargs={"pk": "0"}, ok=405),
    "web:pv_signer": Acces(roles=GESTION_SESSIONS | {"membre_jury"}, objets=("session_a", "session_b")),
    "web:session_renvoyer": Acces(roles=frozenset({"agent_ddets"}), objets=("session_a", "session_b")),
    "web:session_liste_affichage": Acces(roles=LECTEURS_SESSIONS, objets=("session_a", "session_b"), ok=302),
    "web:pv_document": Acces(roles=LECTEURS_SESSIONS | {"membre_jury"}, objets=("pv_document_a", "pv_document_b")),
    "web:pv_a_valider": Acces(roles=frozenset({"agent_ddets", "administrateur"})),
    "web:espace_jury_pv": Acces(roles=frozenset({"membre_jury"})),
    "web:mes_resultats": Acces(roles=frozenset({"candidat"})),
    "web:mes_resultats_attestation": Acces(
        roles=frozenset({"candidat"}), objets=("inscription_a", "inscription_b"), ok=404
    ),
    "web:mes_resultats_livret": Acces(roles=frozenset({"candidat"}), ok=404),
    "session-pv": Acces(roles=LECTEURS_SESSIONS | {"membre_jury"}, objets=("session_a", "session_b"), **API),
    "session-pv-signer": Acces(roles=GESTION_SESSIONS | {"membre_jury"}, kwargs={"pk": "0"}, ok=405, **API),
    "session-pv-transmettre": Acces(roles=GESTION_SESSIONS, kwargs={"pk": "0"}, ok=405, **API),
    "session-valider": Acces(roles=frozenset({"agent_ddets"}), kwargs={"pk": "0"}, ok=405, **API),
    "session-renvoyer": Acces(roles=frozenset({"agent_ddets"}), kwargs={"pk": "0"}, ok=405, **API),
    "mes-resultats": Acces(roles=frozenset({"candidat"}), **API),
}
