"""CAN-DOUBLON, the pure part: normalisation, blocking keys, scoring. No database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from titrepro.personnes import doublons
from titrepro.personnes.doublons import Identite, comparer

NE_LE = dt.date(1996, 8, 17)
ELODIE = Identite("DUPONT-MARTIN", "Élodie Marie", NE_LE, lieu_naissance="Saint-Étienne", ident=1)


def test_the_reason_names_the_date_and_the_close_names():
    trouve = comparer(Identite("Dupont-Martin", "Elodie", NE_LE), Identite("DUPONT MARTIN", "ÉLODIE", NE_LE, ident=7))
    assert trouve is not None
    assert trouve.raison.startswith("même date de naissance, nom proche : Dupont-Martin / DUPONT MARTIN")


@pytest.mark.parametrize(
    "saisie",
    [
        Identite("dupont martin", "elodie marie", NE_LE),  # accents, case, hyphen
        Identite("DUPONT", "Élodie", NE_LE),  # part of a compound surname, first given name only
        Identite("Élodie", "Dupont-Martin", NE_LE),  # surname and first names swapped
        Identite("DUPOND-MARTIN", "Elodie", NE_LE),  # one typo
        Identite("DUPNOT-MARTNI", "Elodie", NE_LE),  # two typos
        Identite("DUPONT-MARTIN", "Elodie", dt.date(1996, 8, 17)),
        Identite("BERNARD", "Elodie", NE_LE, nom_usage="Dupont Martin"),  # usage name given
    ],
)
def test_near_duplicates_are_found(saisie):
    assert comparer(saisie, ELODIE) is not None


def test_day_and_month_swapped():
    existante = Identite("LEROY", "Paul", dt.date(1990, 3, 4), ident=2)
    trouve = comparer(Identite("Leroy", "Paul", dt.date(1990, 4, 3)), existante)
    assert trouve is not None
    assert "jour et mois inversés : 03/04/1990 / 04/03/1990" in trouve.raison


def test_particles_are_optional():
    existante = Identite("DE LA FONTAINE", "Jean-Baptiste", dt.date(1990, 3, 4), ident=3)
    assert comparer(Identite("Lafontaine", "Jean Baptiste", dt.date(1990, 3, 4)), existante) is not None
    assert comparer(Identite("FONTAINE", "Jean-Baptiste", dt.date(1990, 3, 4)), existante) is not None


def test_usage_name_entered_as_birth_name():
    existante = Identite("NGUYEN", "Mai Linh", dt.date(1987, 4, 9), nom_usage="ROUSSEL", ident=4)
    trouve = comparer(Identite("Roussel", "Mai-Linh", dt.date(1987, 4, 9)), existante)
    assert trouve is not None
    assert "nom de naissance et nom d'usage croisés" in trouve.raison


def test_true_homonyms_with_other_birth_data_are_not_flagged():
    assert comparer(Identite("DUPONT-MARTIN", "Élodie Marie", dt.date(1971, 2, 3)), ELODIE) is None


def test_a_mistyped_birth_year_needs_the_same_birthplace():
    autre_annee = dt.date(1997, 8, 17)
    assert comparer(Identite("DUPONT-MARTIN", "Élodie Marie", autre_annee, lieu_naissance="Lyon"), ELODIE) is None
    trouve = comparer(Identite("DUPONT-MARTIN", "Élodie Marie", autre_annee, lieu_naissance="St Etienne"), ELODIE)
    assert trouve is not None
    assert "même lieu de naissance" in trouve.raison


def test_different_people_born_the_same_day_are_not_flagged():
    assert comparer(Identite("GARCIA", "Inès", NE_LE), ELODIE) is None
    assert comparer(Identite("DUPONT-MARTIN", "Kévin", NE_LE), ELODIE) is None


def test_ranking_best_first():
    existantes = [
        Identite("DUPOND-MARTIN", "Elodie", NE_LE, ident=10),
        Identite("DUPONT-MARTIN", "Élodie Marie", NE_LE, ident=11),
    ]
    classement = doublons.classer(Identite("Dupont-Martin", "Élodie Marie", NE_LE), existantes)
    assert [c.ident for c in classement] == [11, 10]


def test_blocking_keys():
    dates, cles = doublons.cles_de_recherche(Identite("Lefèvre", "Jean-Baptiste", dt.date(1994, 11, 5), "Durand"))
    assert dates == (dt.date(1994, 11, 5), dt.date(1994, 5, 11))
    assert doublons.cles_identite("LEFEBVRE", "Jean") in cles
    assert doublons.phonetique("Dupont-Martin") == doublons.phonetique("DUPOND MARTIN")


def test_duplicates_inside_one_file():
    lignes = [
        Identite("MOREL", "Loïc", dt.date(2003, 2, 11)),
        Identite("GARCIA", "Inès", dt.date(2001, 6, 2)),
        Identite("Morel", "Loic", dt.date(2003, 2, 11)),
    ]
    assert list(doublons.doublons_dans_la_liste(lignes)) == [2]


noms = st.text(alphabet="abcdeéèêàçïôù -'ABCDEÉ", min_size=1, max_size=30)


@given(nom=noms, prenoms=noms, jour=st.dates(dt.date(1940, 1, 1), dt.date(2010, 12, 31)))
def test_a_person_always_matches_their_own_record(nom, prenoms, jour):
    if not doublons.mots(nom) or not doublons.mots(prenoms):
        return
    assert comparer(Identite(nom, prenoms, jour), Identite(nom.upper(), prenoms, jour, ident=1)) is not None


@given(texte=noms)
def test_normalisation_is_idempotent(texte):
    assert doublons.normaliser(doublons.normaliser(texte)) == doublons.normaliser(texte)
