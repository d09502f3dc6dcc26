"""The rule catalogue as data: every code of docs REGLES.md, with its level, parameters and source.

Pure module (no Django). The Django layer (``titrepro.conformite``) lets administrators
override a parameter per région and per effective date (``ParametreRegle``); the
values here are the defaults. Sources name the seed (``000`` … ``004``, the French
texts in shared/seeds) and its passage, or the legal text for the complementary
rules. Where the sources disagree, ``ambiguite`` says so in French and keeps both
figures visible; the default is the one REGLES.md chooses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class Niveau(StrEnum):
    BLOQUANT = "bloquant"  # the action is refused (unless a recorded DDETS derogation lifts it, where allowed)
    ALERTE = "alerte"  # allowed, shown on dashboards and the deadline calendar until resolved
    INFO = "info"  # a reminder

    @property
    def libelle(self) -> str:
        return {"bloquant": "Bloquant", "alerte": "Alerte", "info": "Information"}[self.value]


@dataclass(frozen=True)
class Parametre:
    """A default parameter of a rule. Values are whole numbers in ``unite``."""

    valeur: int
    unite: str
    libelle: str


@dataclass(frozen=True)
class Regle:
    code: str
    titre: str
    enonce: str
    niveau: Niveau
    source: str
    parametres: Mapping[str, Parametre] = field(default_factory=dict)
    derogeable: bool = False
    ambiguite: str = ""
    effet: dt.date = dt.date(2016, 7, 21)

    @property
    def famille(self) -> str:
        return self.code.split("-", 1)[0]

    def valeurs(self) -> dict[str, int]:
        """The default value of every parameter."""
        return {nom: p.valeur for nom, p in self.parametres.items()}


# Dates of the texts (the "effet" of the rules they carry).
REGLEMENT_SESSIONS = dt.date(2016, 7, 21)  # arrêté du 21 juillet 2016 portant règlement général des sessions
ARRETE_AGREMENT = dt.date(2016, 7, 21)  # arrêté du 21 juillet 2016 relatif aux modalités d'agrément
ARRETE_TITRE = dt.date(2015, 12, 22)  # arrêté du 22 décembre 2015 (conditions de délivrance, VAE)
ARRETE_JURY_2017 = dt.date(2017, 1, 1)  # arrêté du 22 décembre 2015 modifié, en vigueur au 1er janvier 2017
ARRETE_AGREMENT_2024 = dt.date(2024, 10, 1)  # arrêté du 1er octobre 2024 modifiant l'arrêté agrément
NOUVELLES_REGLES_AGREMENT = dt.date(2025, 7, 1)  # 001 : « nouvelles règles … à compter de juillet 2025 »

B, A, INFO = Niveau.BLOQUANT, Niveau.ALERTE, Niveau.INFO


def _p(**parametres: tuple[int, str, str]) -> Mapping[str, Parametre]:
    return MappingProxyType({nom: Parametre(*valeur) for nom, valeur in parametres.items()})


REGLES: tuple[Regle, ...] = (
    # ------------------------------------------------------------------ Agrément
    Regle(
        "AGR-PERIMETRE",
        "Session couverte par un agrément",
        "Une session ne peut être créée pour un millésime de titre que sur un site qui détient un agrément "
        "pour ce millésime et ce site, valide chaque jour de la session.",
        B,
        "001 §3 « RAPPEL »",
        effet=ARRETE_AGREMENT,
    ),
    Regle(
        "AGR-MILLESIME",
        "Un agrément par millésime",
        "L'agrément sur un millésime ne vaut pas pour le millésime suivant : une nouvelle demande est nécessaire.",
        B,
        "000 « LA DEMANDE D'AGREMENT » (fin de millésime)",
        effet=ARRETE_AGREMENT,
    ),
    Regle(
        "AGR-PLATEAU",
        "Changement de plateau technique",
        "Un changement d'adresse ou de configuration du plateau technique exige un nouvel agrément pour chaque "
        "titre de ce plateau ; le seul déménagement du siège social n'exige qu'une mise à jour.",
        B,
        "000 « Dois-je refaire une demande d'agrément suite à mon déménagement ? » ; 001 §3 « RAPPEL »",
        effet=ARRETE_AGREMENT,
    ),
    Regle(
        "AGR-SIRET",
        "Changement de SIRET",
        "Un changement de SIRET est signalé à la DREETS et les sites sont transférés vers le nouveau SIRET.",
        A,
        "000 « J'ai changé de Siret que dois-je faire ? »",
        effet=ARRETE_AGREMENT,
    ),
    Regle(
        "AGR-CFA",
        "Statut de CFA déclaré",
        "Le statut de CFA est déclaré ; il ouvre aux apprentis la prolongation de deux ans.",
        INFO,
        "000 « Je suis CFA et je propose des titres professionnels »",
        effet=ARRETE_AGREMENT,
    ),
    Regle(
        "AGR-ETATS",
        "Cycle de la demande d'agrément",
        "Une demande est « en construction » (modifiable ; l'instructeur peut demander des pièces), puis « en "
        "instruction » (plus de modification), puis acceptée, refusée ou classée sans suite.",
        B,
        "000 « celui-ci est toujours au stade en construction, est-ce normal ? »",
        effet=ARRETE_AGREMENT,
    ),
    Regle(
        "AGR-PIECES",
        "Pièces de la demande d'agrément",
        "Pièces exigées : extrait KBIS ou attestation INSEE de moins de 6 mois ; bail valide à la date de la "
        "première session prévue (factures de location et quittances non valables) ; photos légendées des salles, "
        "du plateau et du matériel ; organisation détaillée d'une session ; planning prévisionnel ; pour le "
        "transport routier, l'attestation de conformité des pistes hors circulation ; pour un renouvellement, le "
        "tableau de suivi des effectifs et de l'insertion.",
        B,
        "001 « Comment obtenir un agrément pour un titre professionnel ? » ; 001 « Nouvelles règles … juillet 2025 »",
        _p(kbis_mois=(6, "mois", "Ancienneté maximale du KBIS ou de l'attestation INSEE au dépôt")),
        effet=ARRETE_AGREMENT,
    ),
    Regle(
        "AGR-REFUS",
        "Motifs de refus d'agrément",
        "Sont refusés : une organisation de session qui ne respecte pas les épreuves et leurs durées ; l'absence "
        "de justificatif valable d'accès aux locaux ; un plateau technique incompatible avec le référentiel.",
        B,
        "001 « Nouvelles règles mises en œuvre à compter de juillet 2025 »",
        effet=NOUVELLES_REGLES_AGREMENT,
    ),
    Regle(
        "AGR-SANS-SUITE",
        "Compléments non fournis",
        "Une demande dont les modifications attendues ne sont pas apportées dans les 3 semaines est classée sans "
        "suite.",
        A,
        "001 « Nouvelles règles … juillet 2025 » (« dans les 3 semaines »)",
        _p(jours=(21, "jours", "Délai pour apporter les compléments demandés")),
        effet=NOUVELLES_REGLES_AGREMENT,
    ),
    # ------------------------------------------------------------------ Organisme
    Regle(
        "ORG-CONTACTS",
        "Contacts de l'organisme renseignés",
        "Les coordonnées du responsable de l'organisme, du responsable du plateau technique, du responsable de "
        "session et des suppléants sont renseignées ; responsable de session et suppléants sont des personnes "
        "différentes.",
        B,
        "001 « La qualité des informations saisies dans CERES »",
    ),
    Regle(
        "ORG-PROGRAMMATION",
        "Programmation prévisionnelle annuelle",
        "La programmation prévisionnelle des sessions de l'année (sessions titre et sessions CCP distinguées) est "
        "transmise à l'UD/DDETS au plus tard le 31 janvier.",
        A,
        "002 engagement 12 ; 003 « RAPPEL DES OBLIGATIONS » ; 001 §3.1",
        _p(
            mois_limite=(1, "mois de l'année", "Mois de la date limite"),
            jour_limite=(31, "jour du mois", "Jour de la date limite"),
        ),
        ambiguite="002 (engagement 12) dit « au plus tard le 31 janvier » ; 003 dit « avant le 31 janvier » ; "
        "001 §3.1 admet une programmation « annuelle ou semestrielle ». Par défaut, le 31 janvier est accepté.",
    ),
    Regle(
        "ORG-FORMATEUR",
        "Formateurs tenus à l'écart de la session",
        "Un formateur des candidats n'est pas sur le plateau pendant l'examen, ne surveille pas et n'a aucun "
        "contact avec les candidats ni le jury pendant la session (sauf difficulté technique ou de sécurité, si "
        "le référentiel d'évaluation le prévoit).",
        B,
        "000 « Le formateur des candidats peut-il assurer la surveillance… » ; 001 §1 et §3.2",
    ),
    Regle(
        "ORG-INSERTION",
        "Suivi de l'insertion professionnelle",
        "L'insertion professionnelle des candidats présentés est suivie et peut être communiquée.",
        A,
        "002 engagement 11",
    ),
    # ------------------------------------------------------------------ Session
    Regle(
        "SES-FIN-MILLESIME",
        "Pas de session après la fin du millésime sans programmation préalable",
        "Aucune session ne peut être organisée après la fin de validité du millésime si elle n'a pas été "
        "programmée avant cette date.",
        B,
        "000 « Je n'ai pas créé ma session avant la fin du millésime » (art. 1 du règlement général des "
        "sessions) ; 001 §3.1",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-PROLONGATION",
        "Prolongation après la fin du millésime",
        "Après la fin d'un millésime, une session initiale peut se tenir pendant la prolongation — 1 an, 2 ans "
        "pour les apprentis d'un CFA — pour les seuls candidats entrés en formation avant la fin ; les autres "
        "passent le nouveau millésime.",
        B,
        "000 « Je suis CFA… » (exemple : BIM modeleur du bâtiment) et « Est-ce que je peux organiser une session "
        "initiale sur la prolongation d'un an d'un titre ? »",
        _p(
            ans=(1, "ans", "Prolongation pour les candidats non apprentis"),
            ans_apprentis_cfa=(2, "ans", "Prolongation pour les apprentis d'un CFA"),
        ),
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-CREATION-DELAI",
        "Délai de création de la session",
        "La session est créée au moins N jours avant son premier jour.",
        B,
        "001 §3.1 « au moins 91 jours avant le début de la session »",
        _p(jours=(91, "jours", "Délai minimal entre la création et le premier jour de la session")),
        derogeable=True,
        ambiguite="001 §3.1 dit 91 jours ; 003 dit « TROIS MOIS avant la date effective » ; 000 lie 92 jours à "
        "la commande des DTE (« Si vous avez créé votre session au moins 92 jours à l'avance, vous devez pouvoir "
        "commander vos DTE »). Par défaut : 91 jours.",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-DEROGATION",
        "Dérogation accordée par la DDETS",
        "Une création ou une commande de DTE tardive n'est débloquée que par la DDETS, sur une justification "
        "indépendante de la volonté du centre ; la dérogation est enregistrée avec son auteur et son motif.",
        INFO,
        "000 « Je n'arrive pas à commander mes DTE »",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-RATTACHEMENT",
        "Rattachement des candidats jusqu'aux convocations",
        "Les candidats peuvent être rattachés jusqu'à l'envoi des convocations ; ensuite plus aucun : il faut une "
        "nouvelle session. Commande de DTE et rattachement sont indépendants.",
        B,
        "000 « Puis je rattacher un candidat à la session après la commande de pli ? »",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-CONVOCATION",
        "Convocation un mois avant",
        "Chaque candidat est convoqué au moins 1 mois avant le premier jour, par lettre recommandée avec accusé "
        "de réception ou en main propre contre signature ; le mode et la preuve sont enregistrés.",
        B,
        "000 « Puis je rattacher un candidat… » ; 001 §3.1 « au moins 1 mois avant le début de session »",
        _p(mois=(1, "mois", "Délai minimal entre la convocation et le premier jour")),
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-VERROU",
        "Convocations émises : session verrouillée",
        "L'émission des convocations verrouille les candidats et les dates de la session.",
        B,
        "001 §3.1 « Passer par CERES pour éditer les convocations bloque toute modification ensuite »",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-JURY-MIN",
        "Deux membres de jury au moins",
        "Chaque jury compte au moins 2 membres habilités ; une session peut avoir plusieurs jurys. Avec moins de "
        "2 présents la session ne peut avoir lieu : elle est reprogrammée ou annulée et la DDETS informée.",
        B,
        "000 « Combien de jurys doivent être présents lors de la session ? » et « Que se passe-t-il si un seul "
        "membre de jury est présent ? »",
        _p(minimum=(2, "membres", "Nombre minimal de membres habilités par jury")),
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-JURY-HABILITATION",
        "Jury habilité sur le millésime chaque jour de la session",
        "Chaque membre du jury est habilité sur ce millésime du titre, chaque jour de la session.",
        B,
        "000 « Le juré que j'ai choisi n'est pas dans CERES » ; 001 §3.1 ; 002 engagement 4",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-JURY-LIENS",
        "Pas de lien entre jury et candidat",
        "Un membre du jury n'évalue pas et ne délibère pas sur un candidat avec lequel il a ou a eu un lien "
        "personnel ou professionnel (son formateur, son employeur, un proche…).",
        B,
        "003 « Le Jury » ; 001 §3.2",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-RESPONSABLE",
        "Responsable de session présent",
        "Un responsable de session est désigné et présent sur le site toute la durée de la session (un suppléant "
        "le remplace) ; sans lui la session ne peut avoir lieu.",
        B,
        "001 §3 et §3.2 ; 002 engagement 3",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-PRESENTIEL",
        "Sessions en présentiel",
        "Les sessions se déroulent uniquement en présentiel.",
        B,
        "001 §3.1 « les sessions se déroulent obligatoirement en présentiel »",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-HANDICAP",
        "Aménagements pour les candidats en situation de handicap",
        "Les candidats sont informés dès le début de la formation que des aménagements existent ; le formulaire "
        "médical parvient à la DDETS au moins 3 mois avant la session ; le jury est informé des aménagements "
        "accordés.",
        A,
        "000 « J'ai un candidat en situation de handicap » ; 001 §1 ; 003 « Le responsable de session »",
        _p(mois=(3, "mois", "Délai minimal de transmission du formulaire médical")),
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-PLANNING",
        "Planning conforme au référentiel d'évaluation",
        "Le planning respecte le RE : durée de chaque épreuve par candidat ; épreuve écrite collective passée par "
        "tous au même moment quand le RE le prévoit ; temps de lecture des dossiers par le jury ; pause "
        "méridienne du jury. Il est affiché sur le site.",
        B,
        "001 §3.1 « Le planning de déroulement de la session »",
        _p(
            pause_au_plus_tot=(
                690,
                "minutes depuis minuit",
                "Début au plus tôt de la pause déjeuner du jury (11 h 30)",
            ),
            pause_au_plus_tard=(840, "minutes depuis minuit", "Fin au plus tard de la pause déjeuner du jury (14 h)"),
            pause_duree=(45, "minutes", "Durée minimale de la pause déjeuner du jury"),
            lecture_dossier=(
                15,
                "minutes",
                "Lecture du dossier par le jury, par candidat, quand le millésime n'en fixe pas la durée",
            ),
        ),
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-JOUR",
        "Contrôles le jour de la session",
        "Identité (pièce d'identité et convocation) et adresse postale vérifiées ; identité du jury vérifiée ; "
        "plis cachetés vérifiés le premier jour avec un candidat tiré au sort ; sujets ouverts devant les "
        "candidats ; retardataire admis sans décaler la fin ; absences justifiées ou non.",
        INFO,
        "001 §3.2 ; 003 « Pendant la session d'examen » ; 000 « si le candidat arrive en retard »",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-DOSSIER",
        "Rien d'autre dans le dossier du candidat",
        "Rien n'est ajouté au dossier du candidat que le RE ne prévoit (ni rapport de stage, ni CV).",
        B,
        "000 « Le candidat peut-il ajouter un rapport de stage… » et « Le jury demande parfois le CV »",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-ANNULATION",
        "Annulation de session",
        "Session annulée : DTE renvoyé (sans nouvelle date) ou conservé avec l'autorisation de la DDETS (nouvelle "
        "date), ou détruit sans ouverture ; l'annulation est enregistrée et un PV d'annulation adressé à "
        "l'UD/DDETS. Toute session passée l'étape des convocations a un PV.",
        B,
        "000 « En cas d'annulation de session pour cause d'absence de jury » ; 001 §3.3 ; 004",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-CCP",
        "Sessions CCP pour les réussites partielles",
        "Des sessions CCP sont proposées aux candidats en réussite partielle, qui en sont informés.",
        A,
        "002 engagement 2",
        _p(
            jours=(
                60,
                "jours",
                "Délai après la session pour proposer une session CCP (choix du produit, aucun délai dans les textes)",
            )
        ),
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "SES-ENTRETIEN-FINAL",
        "Entretien final du dernier CCP",
        "Dans une session CCP où un candidat acquiert son dernier CCP, l'entretien final est passé et enregistré "
        "pour que le titre soit délivré (sa grille est demandée avec la commande de DTE CCP).",
        B,
        "001 §3.2 ; 004 « Comment demander une Grille d'Entretien Final »",
        effet=REGLEMENT_SESSIONS,
    ),
    # ------------------------------------------------------------------ Candidat
    Regle(
        "CAN-DOUBLON",
        "Recherche de doublon avant création",
        "Avant de créer une fiche candidat, rechercher une fiche existante, homonymes et quasi-homonymes compris "
        "(accents, traits d'union, noms composés et de naissance, inversions, fautes de frappe).",
        A,
        "001 « La création de la fiche candidat »",
    ),
    Regle(
        "CAN-ETAT-CIVIL",
        "État civil conforme à la pièce d'identité",
        "Nom, prénoms, date et lieu de naissance sont conformes à la pièce d'identité.",
        B,
        "002 engagement 9",
    ),
    Regle(
        "CAN-ADRESSE",
        "Adresse postale confirmée",
        "L'adresse postale est confirmée au début, pendant et à la fin de la formation, et au début de la session "
        "(le parchemin est envoyé par la poste).",
        A,
        "001 « La création de la fiche candidat »",
    ),
    Regle(
        "CAN-DROITS",
        "Droits du candidat : sessions dans les 12 mois",
        "Chaque personne formée est inscrite à au moins 1 session et peut être présentée jusqu'à 3 sessions "
        "(titre ou CCP) dans les 12 mois suivant la fin de sa formation sans nouvelle formation.",
        A,
        "001 « Des droits des candidats à respecter » et §3.1",
        _p(
            sessions_minimum=(1, "sessions", "Sessions auxquelles toute personne formée est inscrite"),
            sessions_maximum=(3, "sessions", "Sessions ouvertes sans nouvelle formation"),
            mois=(12, "mois", "Période suivant la fin de la formation"),
        ),
    ),
    Regle(
        "CAN-VAE",
        "Candidat VAE non refusable",
        "Un candidat VAE ne peut pas être refusé, même si l'agrément déclarait ne pas accueillir de candidats "
        "externes.",
        B,
        "001 « Des droits des candidats à respecter »",
    ),
    Regle(
        "CAN-PUBLICS",
        "Publics inscriptibles",
        "Peuvent être inscrits : les personnes formées au titre, les candidats en réussite partielle, les "
        "candidats VAE.",
        B,
        "002 engagement 8",
    ),
    # ------------------------------------------------------------------ DTE
    Regle(
        "DTE-DELAI",
        "Délai de commande des DTE",
        "La commande de DTE est passée au moins 3 mois + 1 jour avant la session. Refusée au-delà ; alerte si "
        "elle est passée à moins de 92 jours de la session.",
        B,
        "004 « Quand faire sa demande de DTE ? » (3 mois + 1 j) ; 000 (92 jours) ; 001 §3.1 (91 jours)",
        _p(
            mois=(3, "mois", "Délai en mois avant le premier jour"),
            jours_supplementaires=(1, "jours", "Jours ajoutés au délai en mois"),
            jours_alerte=(92, "jours", "En deçà, alerte (chiffre de la FAQ 000)"),
        ),
        derogeable=True,
        ambiguite="004 dit « 3 mois + 1 j avant la date de session » ; 000 dit 92 jours ; 001 §3.1 dit « a minima "
        "91 jours avant le début de la session ». Par défaut : refus au-delà de 3 mois + 1 jour, alerte en deçà "
        "de 92 jours.",
    ),
    Regle(
        "DTE-QUANTITE",
        "Nombre de sujets commandés",
        "Nombre de sujets = nombre de candidats + 1 ou 2.",
        B,
        "001 §3.1 « toujours 1 ou 2 sujets ajoutés »",
        _p(
            supplement_minimum=(1, "sujets", "Sujets ajoutés au minimum"),
            supplement_maximum=(2, "sujets", "Sujets ajoutés au maximum"),
        ),
    ),
    Regle(
        "DTE-COMPLETUDE",
        "Commande complète",
        "Tous les champs sont remplis ; l'adresse électronique de livraison et l'adresse postale sont vérifiées.",
        B,
        "004 « Quelle vigilance avoir lors de la demande CERES ? »",
    ),
    Regle(
        "DTE-SUIVI",
        "Suivi de la commande de DTE",
        "Deux accusés de réception : prise en compte ; commande préparée (liens DTO/ZO). Titre : envoi 5 à 6 "
        "semaines avant la session. CCP : liens envoyés le lendemain de la commande ; organisateur accessible 60 "
        "jours avant la session, jury et candidats 5 jours ouvrés avant ; liens activés aux passages de "
        "l'automate (8 h, 15 h, 21 h).",
        INFO,
        "004 « Quand seront reçus les éléments demandés ? »",
        _p(
            semaines_envoi_min=(5, "semaines", "Envoi des plis titre au plus tôt"),
            semaines_envoi_max=(6, "semaines", "Envoi des plis titre au plus tard"),
            jours_organisateur_ccp=(60, "jours", "Accès au DTE organisateur CCP avant la session"),
            jours_ouvres_jury_ccp=(5, "jours ouvrés", "Accès aux DTE jury et candidats CCP avant la session"),
        ),
    ),
    Regle(
        "DTE-NON-RECU",
        "Plis non reçus deux semaines avant",
        "Plis non reçus 2 semaines avant la session : contacter la boîte GEV du secteur (BTP, industrie, "
        "tertiaire ; CCP).",
        A,
        "000 « Que faire si je n'ai pas reçu mes plis d'examen ? » ; 004 « Conseils »",
        _p(jours=(14, "jours", "Avant le premier jour de la session")),
    ),
    Regle(
        "DTE-DESTRUCTION",
        "Destruction des sujets",
        "Les sujets sont détruits aussitôt la session terminée ; les DTE non utilisés sont détruits ; pour une "
        "session annulée, renvoyés ou détruits sans ouverture. Chaque destruction ou renvoi est enregistré.",
        A,
        "001 §2 « La conservation/destruction des documents » ; 004 « Conseils »",
    ),
    Regle(
        "DTE-ANNULATION",
        "Annulation d'une session validée",
        "L'annulation d'une session validée passe par la DDETS/DREETS, qui informe la GEV : plis non reçus → "
        "la GEV annule ; plis reçus → la GEV annule et le centre les détruit. (Procédure, sans niveau dans "
        "le catalogue : classée « information ».)",
        INFO,
        "004 « Comment faire pour modifier ou annuler une session validée dans CERES ? »",
    ),
    # ------------------------------------------------------------------ Résultats
    Regle(
        "RES-SAISIE",
        "Saisie des résultats et signatures",
        "Les résultats sont saisis avant l'édition des PV ; le jury délibère seul ; chaque membre du jury signe, "
        "puis le responsable de session vérifie et signe.",
        B,
        "001 « La transmission des résultats de la session » et §3.3 ; 003 « Le Jury »",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "RES-PV-DELAI",
        "Transmission des PV sous 15 jours",
        "Le PV général et les PV individuels parviennent au service départemental dans les 15 jours suivant la "
        "session (5 jours pour les titres du transport).",
        A,
        "001 « La transmission des résultats de la session » et §3.3 ; 002 engagement 10",
        _p(
            jours=(15, "jours", "Délai après le dernier jour de la session"),
            jours_transport=(5, "jours", "Délai pour les titres du transport"),
        ),
        ambiguite="002 (engagement 10) demande « l'original du procès-verbal » ; 001 admet la transmission "
        "numérique « via France Transfert ». Le délai (15 jours) est le même ; seul 001 donne 5 jours pour le "
        "transport.",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "RES-PUBLICATION",
        "Résultats publiés après validation",
        "Les résultats ne sont montrés ou transmis aux candidats qu'après validation de la session par le "
        "service départemental ; la liste des reçus et des réussites partielles est alors affichée.",
        B,
        "001 « Seuls les résultats validés… » et §3.3 ; 003 « Le résultat de la session… »",
        ambiguite="001 interdit tout affichage ou transmission avant validation ; 003 dit seulement qu'un résultat "
        "communiqué avant l'instruction du PV « n'engage que leurs auteurs ». Par défaut : la règle stricte de 001.",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "RES-FRAUDE",
        "Fraude sanctionnée",
        "Une fraude entraîne une sanction enregistrée et notifiée.",
        INFO,
        "003 « Le candidat »",
        effet=REGLEMENT_SESSIONS,
    ),
    # ------------------------------------------------------------------ Archives
    Regle(
        "ARC-CONSERVATION",
        "Conservation cinq ans",
        "Fiches individuelles d'évaluation, copies des PV, livret ECF, livret de certification ou recevabilité "
        "VAE et grilles du jury sont conservés au moins 5 ans.",
        B,
        "001 §2 et §3.3 ; 002 engagement 13",
        _p(ans=(5, "ans", "Durée minimale de conservation")),
        ambiguite="001 dit « pendant au moins 5 ans » / « durée minimale de 5 ans » ; 002 (engagement 13) dit "
        "« pendant une période de 5 ans ». Par défaut : aucune suppression avant 5 ans.",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "ARC-DP",
        "Dossier professionnel du candidat",
        "Le dossier professionnel appartient au candidat : une copie n'est gardée qu'avec son accord explicite.",
        B,
        "001 §2 « Les dossiers professionnels sont la propriété des candidats »",
    ),
    # ------------------------------------------------------------------ Jury
    Regle(
        "JUR-HABILITATION",
        "Habilitation du membre de jury",
        "Une habilitation porte sur un titre (millésime) et une période ; accordée par l'UD/DDETS après une "
        "session de professionnalisation, qui n'est pas à refaire lors d'une révision du titre si elle date de "
        "moins de 2 ans. Le renouvellement exige d'exercer encore le métier (pas quitté depuis plus de 5 ans).",
        B,
        "003 « Le Jury » ; 000 « … une habilitation qui est arrivée à échéance »",
        _p(
            professionnalisation_ans=(2, "ans", "Ancienneté maximale de la professionnalisation lors d'une révision"),
            hors_metier_ans=(5, "ans", "Durée maximale hors du métier pour un renouvellement"),
        ),
        ambiguite="003 ajoute « (sauf cas particulier) » à la dispense de professionnalisation de moins de 2 ans.",
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "JUR-VISITE",
        "Visite du plateau par le jury",
        "Le jury visite le plateau technique avec le responsable de session avant la session (prévoir une heure).",
        INFO,
        "003 « Le Jury » (« prévoir une heure »)",
        _p(minutes=(60, "minutes", "Durée à prévoir")),
        effet=REGLEMENT_SESSIONS,
    ),
    # ------------------------------------------------------------------ Complementary (public texts)
    Regle(
        "CAN-VAE-RECEVABILITE",
        "Recevabilité VAE valable un an",
        "Un candidat VAE présente la décision de recevabilité ; elle est valable 1 an à compter de sa notification.",
        B,
        "arrêté du 22 décembre 2015 (VAE)",
        _p(ans=(1, "ans", "Validité de la recevabilité à compter de la notification")),
        effet=ARRETE_TITRE,
    ),
    Regle(
        "CAN-CCS",
        "CCS rattaché au titre",
        "Un CCS ne s'obtient qu'après (ou avec) le titre auquel il est rattaché ; une session CCS exige le titre "
        "et un agrément sur ce titre.",
        B,
        "arrêté du 22 décembre 2015, art. 1 ; arrêté du 21 juillet 2016 (agrément)",
        effet=ARRETE_TITRE,
    ),
    Regle(
        "JUR-ELIGIBILITE",
        "Conditions pour être membre de jury",
        "Un membre de jury est un professionnel du métier justifiant d'au moins 3 ans d'expérience, qui ne l'a "
        "pas quitté depuis plus de 5 ans au moment de l'habilitation.",
        B,
        "arrêté du 22 décembre 2015 modifié (1er janvier 2017)",
        _p(
            experience_ans=(3, "ans", "Expérience minimale dans le métier"),
            hors_metier_ans=(5, "ans", "Durée maximale hors du métier"),
        ),
        effet=ARRETE_JURY_2017,
    ),
    Regle(
        "RES-FRAUDE-SANCTION",
        "Sanction de la fraude",
        "Une fraude constatée pendant la session exclut le candidat de celle-ci ; la sanction (jusqu'à "
        "l'interdiction de se présenter pendant 1 an à compter de la notification) est décidée par le service "
        "départemental sur un rapport signé du jury ou du responsable de session, mentionné au PV.",
        B,
        "règlement général des sessions (arrêté du 21 juillet 2016)",
        _p(interdiction_ans=(1, "ans", "Durée maximale d'interdiction")),
        effet=REGLEMENT_SESSIONS,
    ),
    Regle(
        "ORG-CONVENTION",
        "Convention avec l'organisme de formation",
        "Un centre qui examine des candidats formés par un autre organisme a une convention écrite avec lui "
        "(titres, inscription, effectifs prévus), transmise au préfet avant sa prise d'effet et mise à jour "
        "chaque année avant le 1er janvier.",
        A,
        "arrêté du 1er octobre 2024",
        _p(
            mois_limite=(1, "mois de l'année", "Mois de la date limite de mise à jour"),
            jour_limite=(1, "jour du mois", "Jour de la date limite de mise à jour (exclu)"),
        ),
        effet=ARRETE_AGREMENT_2024,
    ),
    Regle(
        "AGR-DECISION",
        "Décision d'agrément sous deux mois",
        "La décision d'agrément est notifiée dans les 2 mois suivant une demande complète ; sa durée ne dépasse "
        "jamais la validité du millésime.",
        A,
        "arrêté du 21 juillet 2016 (agrément)",
        _p(mois=(2, "mois", "Délai de notification après une demande complète")),
        ambiguite="001 cite des délais de traitement constatés de « 3 semaines → environ 3 mois » (situation de "
        "fait en Île-de-France, pas une règle).",
        effet=ARRETE_AGREMENT,
    ),
)

_PAR_CODE: dict[str, Regle] = {r.code: r for r in REGLES}
if len(_PAR_CODE) != len(REGLES):  # pragma: no cover - guards the data above
    raise RuntimeError("Code de règle en double dans le catalogue.")

CODES: tuple[str, ...] = tuple(_PAR_CODE)
CODES_DEROGEABLES: tuple[str, ...] = tuple(r.code for r in REGLES if r.derogeable and r.niveau is Niveau.BLOQUANT)


def regle(code: str) -> Regle:
    """The catalogue entry of ``code``; KeyError (with a French message) for an unknown code."""
    try:
        return _PAR_CODE[code]
    except KeyError:
        raise KeyError(f"Règle inconnue : {code}") from None
