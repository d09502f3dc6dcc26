"""CSV and XLSX imports of candidates, jury members and habilitations: read, analyse, commit all or nothing.

1. ``import_preparer`` reads the file (a malformed file is a French error, never a 500)
   and stores its rows; the analysis task then checks every row — fields, référentiel,
   duplicate check (CAN-DOUBLON) against the base and inside the file — and builds the
   preview. ``traitees`` moves as it goes (the page shows a progress bar).
2. ``import_executer`` writes every row in one transaction through the same services as
   the pages and the API; any error rolls everything back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from openpyxl import load_workbook

from titrepro.core.audit import auteur as auteur_audit
from titrepro.core.audit import motif
from titrepro.core.erreurs import RegleRefusee
from titrepro.personnes import doublons
from titrepro.personnes.models import (
    EtatImport,
    Habilitation,
    ImportPersonnes,
    MembreJury,
    NatureImport,
    StatutFormation,
)
from titrepro.personnes.services import (
    DoublonProbable,
    candidat_creer,
    doublons_rechercher,
    formation_ajouter,
    habilitation_accorder,
    habilitation_demander,
    millesime_par_code,
)

TAILLE_MAX = 5 * 1024 * 1024
LIGNES_MAX = 20000
PAS_PROGRESSION = 50


class FichierIllisible(ValueError):
    """The file cannot be read as a table: the message is French and shown as is."""


COLONNES: dict[str, dict[str, bool]] = {
    # column → required
    NatureImport.CANDIDATS: {
        "nom_naissance": True,
        "nom_usage": False,
        "prenoms": True,
        "sexe": True,
        "date_naissance": True,
        "lieu_naissance": True,
        "pays_naissance": False,
        "email": False,
        "telephone": False,
        "adresse": False,
        "code_postal": False,
        "commune": False,
        "titre": False,
        "millesime": False,
        "statut": False,
        "debut_formation": False,
        "fin_formation": False,
        "recevabilite_vae": False,
        "autre_personne": False,
    },
    NatureImport.JURES: {
        "nom": True,
        "prenoms": True,
        "email": True,
        "telephone": False,
        "metier": True,
        "employeur": False,
        "experience_annees": True,
        "quitte_metier_le": False,
        "professionnalisation_le": False,
    },
    NatureImport.HABILITATIONS: {
        "email_jure": True,
        "titre": True,
        "millesime": True,
        "debut": True,
        "fin": True,
    },
}


# --------------------------------------------------------------------- reading


def _cle_colonne(texte: Any) -> str:
    return "_".join(doublons.mots(str(texte or ""))).lower()


def lire_tableau(nom_fichier: str, contenu: bytes) -> list[dict[str, str]]:
    """Rows of a .csv (UTF-8 or Windows-1252, « ; » or « , ») or .xlsx file, keyed by normalised header."""
    if len(contenu) > TAILLE_MAX:
        raise FichierIllisible("Le fichier dépasse 5 Mo.")
    nom = nom_fichier.lower()
    if nom.endswith(".xlsx"):
        lignes = _lire_xlsx(contenu)
    elif nom.endswith((".csv", ".txt")):
        lignes = _lire_csv(contenu)
    else:
        raise FichierIllisible("Format non pris en charge : déposez un fichier .csv ou .xlsx.")
    lignes = [ligne for ligne in lignes if any(cellule.strip() for cellule in ligne)]
    if not lignes:
        raise FichierIllisible("Le fichier est vide.")
    entetes = [_cle_colonne(c) for c in lignes[0]]
    if len(lignes) - 1 > LIGNES_MAX:
        raise FichierIllisible(f"Le fichier compte plus de {LIGNES_MAX} lignes : découpez-le.")
    return [
        {entete: (ligne[i].strip() if i < len(ligne) else "") for i, entete in enumerate(entetes) if entete}
        for ligne in lignes[1:]
    ]


def _lire_csv(contenu: bytes) -> list[list[str]]:
    for encodage in ("utf-8-sig", "cp1252"):
        try:
            texte = contenu.decode(encodage)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise FichierIllisible("Encodage du fichier non reconnu : enregistrez-le en UTF-8.")
    if "\x00" in texte:
        raise FichierIllisible("Le fichier n'est pas un fichier texte CSV.")
    premiere = texte.split("\n", 1)[0]
    separateur = ";" if premiere.count(";") >= premiere.count(",") else ","
    try:
        return [list(ligne) for ligne in csv.reader(io.StringIO(texte), delimiter=separateur)]
    except csv.Error as exc:
        raise FichierIllisible(f"Fichier CSV mal formé : {exc}.") from None


def _lire_xlsx(contenu: bytes) -> list[list[str]]:
    try:
        classeur = load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FichierIllisible(
            f"Classeur Excel illisible ({exc.__class__.__name__}) : enregistrez-le en .xlsx."
        ) from None
    try:
        feuille = classeur.worksheets[0]
        lignes = []
        for ligne in feuille.iter_rows(values_only=True):
            lignes.append([_texte_cellule(c) for c in ligne])
            if len(lignes) > LIGNES_MAX + 1:
                break
        return lignes
    finally:
        classeur.close()


def _texte_cellule(valeur: Any) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, dt.datetime):
        return valeur.date().isoformat()
    if isinstance(valeur, dt.date):
        return valeur.isoformat()
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    return str(valeur)


# --------------------------------------------------------------------- row checks


@dataclass
class Ligne:
    """One row being checked: its number in the file (header = 1), its values, its errors."""

    numero: int
    valeurs: dict[str, str]
    erreurs: list[dict[str, Any]] = field(default_factory=list)
    propre: dict[str, Any] = field(default_factory=dict)

    def erreur(self, champ: str, message: str) -> None:
        self.erreurs.append({"ligne": self.numero, "champ": champ, "message": message})

    def texte(self, champ: str, obligatoire: bool = False) -> str:
        valeur = self.valeurs.get(champ, "").strip()
        if obligatoire and not valeur:
            self.erreur(champ, f"La colonne « {champ} » est obligatoire.")
        return valeur

    def date(self, champ: str, obligatoire: bool = False) -> dt.date | None:
        texte = self.texte(champ, obligatoire)
        if not texte:
            return None
        from titrepro.personnes.models import lire_date

        jour = lire_date(texte[:10])
        if jour is None:
            self.erreur(champ, f"« {texte} » n'est pas une date (JJ/MM/AAAA).")
        return jour


def _sexe(ligne: Ligne) -> str:
    texte = doublons.normaliser(ligne.texte("sexe", True))
    if not texte:
        return ""
    if texte[0] == "F":
        return "F"
    if texte[0] in ("M", "H"):
        return "M"
    ligne.erreur("sexe", f"Sexe « {ligne.valeurs.get('sexe')} » inconnu : F ou M.")
    return ""


def _email(ligne: Ligne, champ: str, obligatoire: bool = False) -> str:
    texte = ligne.texte(champ, obligatoire)
    if texte:
        try:
            validate_email(texte)
        except ValidationError:
            ligne.erreur(champ, f"« {texte} » n'est pas une adresse électronique valide.")
    return texte.lower()


def _telephone(ligne: Ligne) -> str:
    texte = ligne.texte("telephone")
    if not texte:
        return ""
    try:
        numero = phonenumbers.parse(texte, "FR")
    except phonenumbers.NumberParseException:
        numero = None
    if numero is None or not phonenumbers.is_possible_number(numero):
        ligne.erreur("telephone", f"« {texte} » n'est pas un numéro de téléphone.")
        return ""
    return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.NATIONAL)


def _millesime(ligne: Ligne, obligatoire: bool) -> Any:
    titre, version = ligne.texte("titre", obligatoire), ligne.texte("millesime", obligatoire)
    if not titre and not version:
        return None
    try:
        return millesime_par_code(titre, version)
    except ObjectDoesNotExist:
        ligne.erreur("millesime", f"Le référentiel n'a pas de millésime « {version} » pour le titre « {titre} ».")
        return None


_STATUTS = {"STAGIAIRE": StatutFormation.STAGIAIRE, "APPRENTI": StatutFormation.APPRENTI, "VAE": StatutFormation.VAE}


def verifier_candidat(ligne: Ligne) -> None:
    p = ligne.propre
    p["donnees"] = {
        "nom_naissance": ligne.texte("nom_naissance", True),
        "nom_usage": ligne.texte("nom_usage"),
        "prenoms": ligne.texte("prenoms", True),
        "sexe": _sexe(ligne),
        "date_naissance": ligne.date("date_naissance", True),
        "lieu_naissance": ligne.texte("lieu_naissance", True),
        "pays_naissance": ligne.texte("pays_naissance"),
        "email": _email(ligne, "email"),
        "telephone": _telephone(ligne),
    }
    voie = ligne.texte("adresse")
    if voie:
        p["adresse"] = {
            "voie": voie,
            "code_postal": ligne.texte("code_postal", True),
            "commune": ligne.texte("commune", True),
        }
    millesime = _millesime(ligne, obligatoire=False)
    if millesime is not None:
        statut_texte = doublons.normaliser(ligne.texte("statut") or "stagiaire")
        statut = _STATUTS.get(statut_texte)
        if statut is None:
            ligne.erreur("statut", f"Statut « {ligne.valeurs.get('statut')} » inconnu : stagiaire, apprenti ou VAE.")
        p["formation"] = {
            "millesime": millesime,
            "statut": statut,
            "debut": ligne.date("debut_formation", statut != StatutFormation.VAE),
            "fin": ligne.date("fin_formation", statut != StatutFormation.VAE),
            "recevabilite_vae_le": ligne.date("recevabilite_vae"),
        }
    p["autre_personne"] = doublons.normaliser(ligne.texte("autre_personne")) in ("OUI", "O", "X", "VRAI", "1")


def verifier_jure(ligne: Ligne) -> None:
    experience = ligne.texte("experience_annees", True)
    if experience and not experience.isdigit():
        ligne.erreur("experience_annees", f"« {experience} » n'est pas un nombre d'années.")
    ligne.propre["donnees"] = {
        "nom": ligne.texte("nom", True),
        "prenoms": ligne.texte("prenoms", True),
        "email": _email(ligne, "email", True),
        "telephone": _telephone(ligne),
        "metier": ligne.texte("metier", True),
        "employeur": ligne.texte("employeur"),
        "experience_annees": int(experience) if experience.isdigit() else 0,
        "quitte_metier_le": ligne.date("quitte_metier_le"),
        "professionnalisation_le": ligne.date("professionnalisation_le"),
    }


def verifier_habilitation(ligne: Ligne, departement_id: Any) -> None:
    email = _email(ligne, "email_jure", True)
    membre = MembreJury.objects.filter(email__iexact=email, departement_id=departement_id).first() if email else None
    if email and membre is None:
        ligne.erreur("email_jure", f"Aucun membre de jury de votre département n'a l'adresse « {email} ».")
    debut, fin = ligne.date("debut", True), ligne.date("fin", True)
    if debut and fin and fin < debut:
        ligne.erreur("fin", "La fin de l'habilitation précède son début.")
    ligne.propre.update(membre=membre, millesime=_millesime(ligne, obligatoire=True), debut=debut, fin=fin)


def _resume(imp: ImportPersonnes, ligne: Ligne) -> str:
    v = ligne.valeurs
    if imp.nature == NatureImport.CANDIDATS:
        return f"{v.get('nom_naissance', '').upper()} {v.get('prenoms', '')}, né(e) le {v.get('date_naissance', '')}"
    if imp.nature == NatureImport.JURES:
        return f"{v.get('nom', '').upper()} {v.get('prenoms', '')} — {v.get('metier', '')}"
    periode = f"du {v.get('debut', '')} au {v.get('fin', '')}"
    return f"{v.get('email_jure', '')} — {v.get('titre', '')} {v.get('millesime', '')} {periode}"


def _verifier(imp: ImportPersonnes, ligne: Ligne) -> None:
    if imp.nature == NatureImport.CANDIDATS:
        verifier_candidat(ligne)
    elif imp.nature == NatureImport.JURES:
        verifier_jure(ligne)
    else:
        verifier_habilitation(ligne, imp.departement_id)


def _colonnes_manquantes(imp: ImportPersonnes) -> list[dict[str, Any]]:
    presentes = set(imp.lignes[0]) if imp.lignes else set()
    return [
        {"ligne": 1, "champ": colonne, "message": f"Colonne obligatoire absente : « {colonne} »."}
        for colonne, obligatoire in COLONNES[imp.nature].items()
        if obligatoire and colonne not in presentes
    ]


# --------------------------------------------------------------------- steps


def import_preparer(
    *, nature: str, nom_fichier: str, contenu: bytes, auteur: Any, organisme: Any = None, departement: Any = None
) -> ImportPersonnes:
    """Read the file and store its rows; raises ``FichierIllisible``. The analysis task is queued."""
    lignes = lire_tableau(nom_fichier, contenu)
    imp = ImportPersonnes.objects.create(
        nature=nature,
        nom_fichier=nom_fichier[:250],
        lignes=lignes,
        total=len(lignes),
        auteur=auteur,
        organisme=organisme,
        departement=departement,
    )
    from titrepro.personnes.taches import analyser_import

    analyser_import.enqueue(import_id=imp.pk)
    return imp


def import_analyser(imp: ImportPersonnes, *, progression: Callable[[int], None] | None = None) -> ImportPersonnes:
    """Check every row; fill ``erreurs`` and ``apercu``; state ``pret`` or ``erreurs``. Writes nothing else."""
    erreurs = _colonnes_manquantes(imp)
    apercu: list[dict[str, Any]] = []
    identites: list[doublons.Identite] = []
    rangs_identites: list[int] = []
    lignes = []
    for rang, valeurs in enumerate(imp.lignes):
        ligne = Ligne(numero=rang + 2, valeurs=valeurs)
        if not erreurs or erreurs[0]["ligne"] != 1:
            _verifier(imp, ligne)
        lignes.append(ligne)
        entree: dict[str, Any] = {"ligne": ligne.numero, "resume": _resume(imp, ligne), "doublons": []}
        donnees = ligne.propre.get("donnees", {})
        if imp.nature == NatureImport.CANDIDATS and donnees.get("date_naissance") and not ligne.erreurs:
            identite = doublons.Identite(
                nom_naissance=donnees["nom_naissance"],
                prenoms=donnees["prenoms"],
                date_naissance=donnees["date_naissance"],
                nom_usage=donnees["nom_usage"],
                lieu_naissance=donnees["lieu_naissance"],
            )
            trouves = doublons_rechercher(identite=identite, limite=3)
            entree["doublons"] = [f"fiche n°{t.candidat_id} : {t.raison}" for t in trouves]
            if trouves and not ligne.propre["autre_personne"]:
                ligne.erreur(
                    "doublon",
                    "Doublon probable (CAN-DOUBLON) : "
                    + " ; ".join(entree["doublons"])
                    + ". Si c'est une autre personne, écrivez « oui » dans la colonne autre_personne.",
                )
            identites.append(identite)
            rangs_identites.append(rang)
        if (
            imp.nature == NatureImport.JURES
            and donnees.get("email")
            and MembreJury.objects.filter(email__iexact=donnees["email"]).exists()
        ):
            ligne.erreur("email", f"Un membre de jury a déjà l'adresse « {donnees['email']} ».")
        erreurs.extend(ligne.erreurs)
        apercu.append(entree)
        if progression and (rang + 1) % PAS_PROGRESSION == 0:
            progression(rang + 1)
    for position, trouves_fichier in doublons.doublons_dans_la_liste(identites).items():
        ligne = lignes[rangs_identites[position]]
        if ligne.propre.get("autre_personne"):
            continue
        for autre, correspondance in trouves_fichier:
            erreurs.append(
                {
                    "ligne": ligne.numero,
                    "champ": "doublon",
                    "message": f"Même personne que la ligne {lignes[rangs_identites[autre]].numero} du fichier "
                    f"({correspondance.raison}).",
                }
            )
    if imp.nature == NatureImport.JURES:
        vus: dict[str, int] = {}
        for ligne in lignes:
            email = ligne.propre.get("donnees", {}).get("email")
            if email and email in vus:
                erreurs.append(
                    {"ligne": ligne.numero, "champ": "email", "message": f"Adresse déjà en ligne {vus[email]}."}
                )
            elif email:
                vus[email] = ligne.numero
    erreurs.sort(key=lambda e: e["ligne"])
    imp.erreurs, imp.apercu, imp.traitees = erreurs, apercu, imp.total
    imp.etat = EtatImport.ERREURS if erreurs else EtatImport.PRET
    imp.save(update_fields=["erreurs", "apercu", "traitees", "etat", "modifie_le"])
    return imp


def peut_executer(imp: ImportPersonnes) -> tuple[bool, str]:
    if imp.etat != EtatImport.PRET:
        return False, f"L'import est « {imp.get_etat_display()} » : seul un import prêt, sans erreur, s'exécute."
    return True, ""


def import_executer(*, imp: ImportPersonnes, auteur: Any, jour: dt.date) -> ImportPersonnes:
    """Write every row in one transaction (the same services as the pages); any error writes nothing."""
    possible, raison = peut_executer(imp)
    if not possible:
        raise ValidationError(raison)
    imp.etat = EtatImport.ECRITURE
    imp.save(update_fields=["etat", "modifie_le"])
    erreurs: list[dict[str, Any]] = []
    crees = 0
    try:
        with auteur_audit(auteur), motif(f"Import du fichier « {imp.nom_fichier} »"), transaction.atomic():
            for rang, valeurs in enumerate(imp.lignes):
                ligne = Ligne(numero=rang + 2, valeurs=valeurs)
                _verifier(imp, ligne)
                if ligne.erreurs:
                    erreurs.extend(ligne.erreurs)
                    continue
                try:
                    _ecrire(imp, ligne, auteur=auteur, jour=jour)
                    crees += 1
                except (ValidationError, RegleRefusee, PermissionDenied) as exc:
                    erreurs.append({"ligne": ligne.numero, "champ": "", "message": _message(exc)})
            if erreurs:
                raise _Annulation
    except _Annulation:
        imp.etat, imp.erreurs, imp.crees = EtatImport.ECHOUE, erreurs, 0
    else:
        imp.etat, imp.crees = EtatImport.TERMINE, crees
    imp.save(update_fields=["etat", "erreurs", "crees", "modifie_le"])
    return imp


class _Annulation(Exception):
    """Raised inside the transaction to roll back every row."""


def _message(exc: Exception) -> str:
    if isinstance(exc, RegleRefusee):
        return f"{exc.message} ({exc.regle})"
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _ecrire(imp: ImportPersonnes, ligne: Ligne, *, auteur: Any, jour: dt.date) -> None:
    p = ligne.propre
    if imp.nature == NatureImport.CANDIDATS:
        try:
            candidat = candidat_creer(
                donnees=p["donnees"],
                organisme=imp.organisme,
                auteur=auteur,
                autre_personne=p["autre_personne"],
                origine="import",
                adresse=p.get("adresse"),
                jour=jour,
            )
        except DoublonProbable as exc:
            raise ValidationError(exc.messages[0]) from None
        if "formation" in p:
            formation_ajouter(candidat=candidat, organisme=imp.organisme, **p["formation"])
    elif imp.nature == NatureImport.JURES:
        membre = MembreJury(departement=imp.departement, **p["donnees"])
        membre.full_clean(exclude=["compte"])
        membre.save()
    else:
        habilitation: Habilitation = habilitation_demander(
            membre=p["membre"], millesime=p["millesime"], debut=p["debut"], fin=p["fin"], jour=jour
        )
        habilitation_accorder(habilitation=habilitation, par=auteur, jour=jour)


def rapport_erreurs_csv(imp: ImportPersonnes) -> str:
    """The error report: one line per error (line of the file, column, French message), « ; » separated."""
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";")
    ecrivain.writerow(["ligne", "colonne", "erreur"])
    for erreur in imp.erreurs:
        ecrivain.writerow([erreur["ligne"], erreur["champ"], _sans_formule(erreur["message"])])
    return "\ufeff" + sortie.getvalue()


def _sans_formule(texte: str) -> str:
    """Spreadsheets must not run a cell as a formula (CSV injection)."""
    return "'" + texte if texte[:1] in ("=", "+", "-", "@") else texte


def modele_csv(nature: str) -> str:
    """An empty file with the expected columns, to start from."""
    return "\ufeff" + ";".join(COLONNES[nature]) + "\r\n"
