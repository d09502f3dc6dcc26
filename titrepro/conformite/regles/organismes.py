"""Organisme rules (ORG-*): yearly programming, yearly update of the conventions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import format_date, mois_apres
from titrepro.conformite.regles.verdict import Verdict, conforme, non_conforme, phrase, valeurs

PERIODES_PROGRAMMATION = {
    "annuelle": "",
    "s1": " (premier semestre)",
    "s2": " (second semestre)",
}
"""001 §3.1: the programming is « annuelle ou semestrielle ». Key → wording added after the year."""

DECALAGE_SEMESTRE_2_MOIS = 6
"""The second half's programming is due 6 months after the annual deadline (31 July by default).

No source gives this date: 001 §3.1 allows a semestrial programming without a deadline; 002 and
003 only know the annual one (31 January). The same lead time into the period is assumed.
"""


def limite_programmation(annee: int, periode: str, parametres: Mapping[str, int] | None = None) -> dt.date:
    """ORG-PROGRAMMATION — last day (inclusive) to send the programming of ``periode`` of ``annee``.

    The annual and first-half programmings: 31 January (parameters); the second half: 31 July.
    """
    if periode not in PERIODES_PROGRAMMATION:
        raise ValueError(f"Période de programmation inconnue : {periode}")
    p = valeurs("ORG-PROGRAMMATION", parametres)
    limite = dt.date(annee, p["mois_limite"], p["jour_limite"])
    return mois_apres(limite, DECALAGE_SEMESTRE_2_MOIS) if periode == "s2" else limite


@dataclass(frozen=True)
class Programmation:
    annee: int
    transmise_le: dt.date | None
    jour: dt.date
    periode: str = "annuelle"
    """A key of ``PERIODES_PROGRAMMATION``."""


def programmation(entree: Programmation, parametres: Mapping[str, int] | None = None) -> Verdict:
    """ORG-PROGRAMMATION — the year's provisional programming reaches the UD/DDETS by 31 January (inclusive).

    A semestrial programming (001 §3.1): the first half by 31 January, the second half by 31 July.
    """
    limite = limite_programmation(entree.annee, entree.periode, parametres)
    libelle = f"{entree.annee}{PERIODES_PROGRAMMATION[entree.periode]}"
    if entree.transmise_le is not None and entree.transmise_le <= limite:
        return conforme(
            "ORG-PROGRAMMATION",
            f"Programmation {libelle} transmise le {format_date(entree.transmise_le)}.",
            echeance=limite,
        )
    if entree.transmise_le is None and entree.jour <= limite:
        return conforme(
            "ORG-PROGRAMMATION",
            f"Programmation {libelle} à transmettre au plus tard le {format_date(limite)}.",
            echeance=limite,
        )
    constat = f"transmise le {format_date(entree.transmise_le)}" if entree.transmise_le else "non transmise"
    return non_conforme(
        "ORG-PROGRAMMATION",
        f"Programmation prévisionnelle {libelle} {constat} : attendue au plus tard le {format_date(limite)}.",
        echeance=limite,
    )


@dataclass(frozen=True)
class MiseAJourConvention:
    annee: int
    """The year the convention covers."""
    mise_a_jour_le: dt.date | None
    jour: dt.date


def convention(entree: MiseAJourConvention, parametres: Mapping[str, int] | None = None) -> Verdict:
    """ORG-CONVENTION — the convention with a training organisation is updated before 1 January of its year."""
    p = valeurs("ORG-CONVENTION", parametres)
    limite = dt.date(entree.annee, p["mois_limite"], p["jour_limite"])
    if entree.mise_a_jour_le is not None and entree.mise_a_jour_le < limite:
        return conforme(
            "ORG-CONVENTION",
            f"Convention {entree.annee} mise à jour le {format_date(entree.mise_a_jour_le)}.",
            echeance=limite,
        )
    if entree.mise_a_jour_le is None and entree.jour < limite:
        return conforme(
            "ORG-CONVENTION",
            f"Convention {entree.annee} à mettre à jour et transmettre avant le {format_date(limite)}.",
            echeance=limite,
        )
    constat = f"mise à jour le {format_date(entree.mise_a_jour_le)}" if entree.mise_a_jour_le else "non mise à jour"
    return non_conforme(
        "ORG-CONVENTION",
        f"Convention {entree.annee} {constat} : la mise à jour annuelle est due avant le {format_date(limite)}.",
        echeance=limite,
    )


# --------------------------------------------------------------------------- ORG-CONTACTS (issue 4)

ROLES_CONTACT = {
    "responsable_organisme": "responsable de l'organisme",
    "responsable_plateau": "responsable du plateau technique",
    "responsable_session": "responsable de session",
    "suppleant": "suppléant du responsable de session",
}


@dataclass(frozen=True)
class Contact:
    role: str
    """A key of ``ROLES_CONTACT``."""
    nom: str
    """Full name, as entered."""
    email: str
    telephone: str
    """Normalised (E.164) when valid; "" when missing."""


@dataclass(frozen=True)
class ContactsOrganisme:
    contacts: tuple[Contact, ...]


def _personne(contact: Contact) -> set[str]:
    """What identifies a person: their name, e-mail and phone (any shared one means the same person)."""
    cles = {"nom:" + " ".join(contact.nom.casefold().split())}
    if contact.email:
        cles.add("email:" + contact.email.strip().casefold())
    if contact.telephone:
        cles.add("tel:" + contact.telephone)
    return cles


def contacts(entree: ContactsOrganisme, parametres: Mapping[str, int] | None = None) -> Verdict:
    """ORG-CONTACTS — every contact filled in; the responsable de session and the suppléants are distinct persons.

    001 « La qualité des informations saisies dans CERES » : « responsable de session et suppléants qui doivent
    être différentes ». Two contacts sharing a name, an e-mail or a phone number are the same person.
    """
    valeurs("ORG-CONTACTS", parametres)
    problemes = []
    roles = {c.role for c in entree.contacts}
    for cle, libelle in ROLES_CONTACT.items():
        if cle not in roles:
            problemes.append(f"{libelle} : contact manquant")
    for contact in entree.contacts:
        manque = [nom for nom, valeur in (("courriel", contact.email), ("téléphone", contact.telephone)) if not valeur]
        if manque:
            problemes.append(f"{contact.nom} ({ROLES_CONTACT[contact.role]}) : {' et '.join(manque)} manquant")
    equipe = [c for c in entree.contacts if c.role in ("responsable_session", "suppleant")]
    for i, premier in enumerate(equipe):
        for second in equipe[i + 1 :]:
            if _personne(premier) & _personne(second):
                problemes.append(
                    f"{premier.nom} ({ROLES_CONTACT[premier.role]}) et {second.nom} ({ROLES_CONTACT[second.role]}) "
                    "sont la même personne : responsable de session et suppléants doivent être différents"
                )
    if problemes:
        return non_conforme("ORG-CONTACTS", phrase(problemes))
    return conforme("ORG-CONTACTS", "Contacts renseignés ; responsable de session et suppléants distincts.")
