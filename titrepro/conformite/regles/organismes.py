"""Organisme rules (ORG-*): yearly programming, yearly update of the conventions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from titrepro.conformite.regles.calendrier import format_date
from titrepro.conformite.regles.verdict import Verdict, conforme, non_conforme, phrase, valeurs


@dataclass(frozen=True)
class Programmation:
    annee: int
    transmise_le: dt.date | None
    jour: dt.date


def programmation(entree: Programmation, parametres: Mapping[str, int] | None = None) -> Verdict:
    """ORG-PROGRAMMATION — the year's provisional programming reaches the UD/DDETS by 31 January (inclusive)."""
    p = valeurs("ORG-PROGRAMMATION", parametres)
    limite = dt.date(entree.annee, p["mois_limite"], p["jour_limite"])
    if entree.transmise_le is not None and entree.transmise_le <= limite:
        return conforme(
            "ORG-PROGRAMMATION",
            f"Programmation {entree.annee} transmise le {format_date(entree.transmise_le)}.",
            echeance=limite,
        )
    if entree.transmise_le is None and entree.jour <= limite:
        return conforme(
            "ORG-PROGRAMMATION",
            f"Programmation {entree.annee} à transmettre au plus tard le {format_date(limite)}.",
            echeance=limite,
        )
    constat = f"transmise le {format_date(entree.transmise_le)}" if entree.transmise_le else "non transmise"
    return non_conforme(
        "ORG-PROGRAMMATION",
        f"Programmation prévisionnelle {entree.annee} {constat} : attendue au plus tard le {format_date(limite)}.",
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
