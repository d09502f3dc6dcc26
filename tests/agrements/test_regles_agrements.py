"""The pure rules added with the agrément workflow (no database)."""

import datetime as dt

from titrepro.conformite.regles import agrements as r
from titrepro.conformite.regles import organismes as o


def test_millesime_session_on_a_new_millesime_needs_a_new_request():
    verdict = r.millesime(r.AgrementMillesime(titre="BIM", millesime_vise="02", millesimes_agrees=("01",)))
    assert verdict.bloque
    assert "ne vaut pas pour le millésime 02" in verdict.message


def test_millesime_request_on_a_held_millesime_is_refused_and_a_new_one_is_a_renewal():
    deja = r.millesime(r.AgrementMillesime("BIM", "01", ("01",), pour_une_demande=True))
    nouveau = r.millesime(r.AgrementMillesime("BIM", "02", ("01",), pour_une_demande=True))
    assert deja.bloque
    assert "déjà un agrément" in deja.message
    assert nouveau.ok
    assert "renouvellement" in nouveau.message


def test_plateau_change_ends_agrements_but_head_office_move_does_not():
    jour = dt.date(2027, 5, 1)
    plateau = r.plateau(r.ChangementPlateau("adresse", jour, ("BIM — millésime 01",)))
    siege = r.plateau(r.ChangementPlateau("siege", jour, ("BIM — millésime 01",)))
    assert not plateau.ok
    assert "nouvelle demande d'agrément est nécessaire pour chaque titre" in plateau.message
    assert siege.ok
    assert "simple mise à jour" in siege.message


def test_siret_change_reported_and_sites_transferred():
    ok = r.siret(r.ChangementSiret("1", "2", dt.date(2027, 1, 1), 2, 2))
    manque = r.siret(r.ChangementSiret("1", "2", None, 2, 1))
    assert ok.ok
    assert not manque.ok
    assert "non signalé" in manque.message
    assert "1 site à transférer" in manque.message


def test_pieces_jointes_piece_by_piece():
    verdicts = r.pieces_jointes(
        r.PiecesJointes(
            photos_legendees=0,
            photos_sans_legende=1,
            organisation=1,
            planning=0,
            attestation_piste=0,
            suivi_effectifs=0,
            transport=True,
            renouvellement=False,
        )
    )
    assert "sans légende" in verdicts["photo"].message
    assert verdicts["organisation"].ok
    assert not verdicts["planning"].ok
    assert not verdicts["attestation_piste"].ok  # transport titre
    assert "suivi_effectifs" not in verdicts  # not a renewal


def test_contacts_distinct_persons_and_filled_in():
    c = o.Contact
    complet = (
        c("responsable_organisme", "A A", "a@x.fr", "+33100000001"),
        c("responsable_plateau", "B B", "b@x.fr", "+33100000002"),
        c("responsable_session", "C C", "c@x.fr", "+33100000003"),
        c("suppleant", "D D", "d@x.fr", "+33100000004"),
    )
    assert o.contacts(o.ContactsOrganisme(complet)).ok
    meme = (*complet[:3], c("suppleant", "Autre nom", "C@X.FR", "+33100000009"))
    verdict = o.contacts(o.ContactsOrganisme(meme))
    assert verdict.bloque
    assert "sont la même personne" in verdict.message
    manque = o.contacts(o.ContactsOrganisme(complet[:2]))
    assert "responsable de session : contact manquant" in manque.message
