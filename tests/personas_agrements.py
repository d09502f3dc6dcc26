"""Objects of organismes A and B for the agrément issue, added to the persona world (tests.personas).

Organisme A (Paris, Île-de-France): a contact, a photo of its site, a convention, a programming
transmitted to the UD 75, an agrément, and a request *en construction* already submitted (so
the DREETS can ask for more pieces) with one piece. Conventions and programming are for 2026 so
that they do not change the 2027 deadlines the échéancier tests expect. Organisme B (Lyon): the same, never seen
by A's personas nor by the Paris DDETS or the Île-de-France DREETS.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from titrepro.agrements.models import Agrement, DemandeAgrement, PieceJointe, TypePiece
from titrepro.demo.monde import siret_fictif
from titrepro.organisations.models import (
    Contact,
    Convention,
    LigneProgrammation,
    PhotoSite,
    ProgrammationAnnuelle,
)

PDF = b"%PDF-1.4\n%fictif\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def ajouter_agrements(monde: Any) -> None:
    millesime = monde.objets["millesime"]
    for cle in ("a", "b"):
        organisme, site = monde.objets[f"organisme_{cle}"], monde.objets[f"site_{cle}"]
        contact = Contact.objects.create(
            organisme=organisme,
            role="responsable_organisme",
            prenom="Claude",
            nom=f"CONTACT-{cle.upper()}",
            email=f"contact-{cle}@exemple.fr",
            telephone="+33639980101",
        )
        photo = PhotoSite(site=site, legende=f"Plateau {cle.upper()}", nom_original="plateau.png")
        photo.fichier.save("plateau.png", ContentFile(PNG), save=False)
        photo.save()
        convention = Convention(
            organisme=organisme,
            partenaire_raison_sociale=f"Partenaire {cle.upper()}",
            partenaire_siret=siret_fictif("9000000" + str(ord(cle) % 10), "0001"),  # SIREN and SIRET keys valid
            titres="Titre d'essai",
            effectif_prevu=12,
            annee=2026,
            date_effet=dt.date(2026, 1, 1),
            nom_fichier="convention.pdf",
        )
        convention.fichier.save("convention.pdf", ContentFile(PDF), save=False)
        convention.save()
        programmation = ProgrammationAnnuelle.objects.create(
            organisme=organisme, departement=site.departement, annee=2026, transmise_le=dt.date(2026, 1, 15)
        )
        LigneProgrammation.objects.create(
            programmation=programmation,
            site=site,
            millesime=millesime,
            type_session="titre",
            debut=dt.date(2026, 6, 8),
            fin=dt.date(2026, 6, 10),
            candidats_prevus=10,
        )
        agrement = Agrement.objects.create(
            organisme=organisme, site=site, millesime=millesime, debut=dt.date(2025, 1, 1), fin=dt.date(2028, 12, 31)
        )
        demande = DemandeAgrement.objects.create(
            organisme=organisme, site=site, premiere_session=dt.date(2027, 9, 1), deposee_le=dt.date(2027, 3, 1)
        )
        demande.millesimes.set([millesime])
        piece = PieceJointe(
            demande=demande,
            type=TypePiece.KBIS,
            nom_original="kbis.pdf",
            type_mime="application/pdf",
            taille=len(PDF),
            date_document=dt.date(2027, 2, 1),
        )
        piece.fichier.save("kbis.pdf", ContentFile(PDF), save=False)
        piece.save()
        monde.objets.update(
            {
                f"contact_{cle}": contact,
                f"photo_{cle}": photo,
                f"convention_{cle}": convention,
                f"programmation_{cle}": programmation,
                f"agrement_{cle}": agrement,
                f"demande_{cle}": demande,
                f"piece_{cle}": piece,
            }
        )
