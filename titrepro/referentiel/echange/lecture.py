"""Read and check a référentiel document: every line, every error, each with its place.

``lire_document`` takes the decoded JSON (dicts, lists, strings...) and returns a
``DocumentReferentiel`` or raises ``DocumentInvalide`` listing *all* the errors,
each located by its JSON path (``titres[2].millesimes[0].epreuves[1].duree_minutes``)
and explained in French. Nothing stops at the first error: an administrator fixes
the whole file in one go.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from titrepro.referentiel.echange.format import (
    DUREE_MAX_MINUTES,
    ENTRETIEN_FINAL,
    FORMAT,
    LECTURE_MAX_MINUTES,
    LONGUEURS,
    NIVEAU_MAX,
    NIVEAU_MIN,
    NUMERO_MAX,
    SECTEURS,
    TYPES_EPREUVE,
    VERSION,
    CCPEchange,
    CCSEchange,
    DocumentInvalide,
    DocumentReferentiel,
    EpreuveEchange,
    Erreur,
    MillesimeEchange,
    TitreEchange,
)

CHAMPS_DOCUMENT = ("format", "version", "titres")
CHAMPS_TITRE = ("code", "intitule", "rncp", "niveau", "secteur", "transport", "millesimes")
CHAMPS_MILLESIME = (
    "version",
    "date_effet",
    "fin_validite",
    "arrete",
    "duree_lecture_dossier",
    "donnees_demo",
    "ccps",
    "ccss",
    "epreuves",
)
CHAMPS_CCP = ("numero", "code", "intitule")
CHAMPS_CCS = ("code", "intitule")
CHAMPS_EPREUVE = (
    "ordre",
    "type",
    "libelle",
    "duree_minutes",
    "collective",
    "avec_jury",
    "pour_session_titre",
    "ccps",
    "duree_demo",
)

_RNCP = re.compile(r"RNCP\d{1,8}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_T = TypeVar("_T")


class Verificateur:
    """Walks the decoded JSON and collects errors instead of stopping at the first one.

    ``nommer`` turns a JSON path quoted inside a message into words the reader
    knows (the CSV reading names a file and a line instead).
    """

    def __init__(self, nommer: Callable[[str], str] = str) -> None:
        self.erreurs: list[Erreur] = []
        self.nommer = nommer

    def erreur(self, chemin: str, message: str) -> None:
        self.erreurs.append(Erreur(chemin, message))

    # Shapes ------------------------------------------------------------------------------

    def objet(self, valeur: object, chemin: str, champs: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(valeur, dict):
            self.erreur(chemin, "un objet JSON ({…}) est attendu.")
            return None
        for cle in valeur:
            if cle not in champs:
                permis = ", ".join(champs)
                self.erreur(_sous(chemin, str(cle)), f"champ inconnu (champs permis : {permis}).")
        return valeur

    def liste(self, objet: dict[str, Any], chemin: str, cle: str, *, obligatoire: bool = False) -> list[Any]:
        if cle not in objet:
            if obligatoire:
                self.erreur(_sous(chemin, cle), "champ obligatoire manquant.")
            return []
        valeur = objet[cle]
        if not isinstance(valeur, list):
            self.erreur(_sous(chemin, cle), "une liste ([…]) est attendue.")
            return []
        return valeur

    def elements(
        self,
        objet: dict[str, Any],
        chemin: str,
        cle: str,
        lire: Callable[[object, str], _T | None],
        *,
        obligatoire: bool = False,
    ) -> tuple[_T, ...] | None:
        """Reads every item of a list; None when one of them is invalid."""
        lus: list[_T] = []
        valide = True
        for i, element in enumerate(self.liste(objet, chemin, cle, obligatoire=obligatoire)):
            lu = lire(element, f"{_sous(chemin, cle)}[{i}]")
            if lu is None:
                valide = False
            else:
                lus.append(lu)
        return tuple(lus) if valide else None

    # Scalars -----------------------------------------------------------------------------

    def texte(
        self, objet: dict[str, Any], chemin: str, cle: str, longueur: str, *, obligatoire: bool = False
    ) -> str | None:
        ici = _sous(chemin, cle)
        if cle not in objet or objet[cle] is None:
            if obligatoire:
                self.erreur(ici, "champ obligatoire manquant.")
                return None
            return ""
        valeur = objet[cle]
        if not isinstance(valeur, str):
            self.erreur(ici, "une chaîne de caractères est attendue.")
            return None
        valeur = valeur.strip()
        if obligatoire and not valeur:
            self.erreur(ici, "ne doit pas être vide.")
            return None
        maximum = LONGUEURS[longueur]
        if len(valeur) > maximum:
            self.erreur(ici, f"{maximum} caractères au plus ({len(valeur)} reçus).")
            return None
        return valeur

    def entier(
        self,
        objet: dict[str, Any],
        chemin: str,
        cle: str,
        *,
        minimum: int,
        maximum: int,
        message: str,
        defaut: int | None = None,
    ) -> int | None:
        """An integer in [minimum, maximum]; ``message`` says what is expected when it is not."""
        ici = _sous(chemin, cle)
        if cle not in objet:
            if defaut is None:
                self.erreur(ici, "champ obligatoire manquant.")
            return defaut
        valeur = objet[cle]
        # bool is an int in Python, never in the format.
        if isinstance(valeur, bool) or not isinstance(valeur, int) or not minimum <= valeur <= maximum:
            self.erreur(ici, message)
            return None
        return valeur

    def booleen(self, objet: dict[str, Any], chemin: str, cle: str, defaut: bool) -> bool | None:
        if cle not in objet:
            return defaut
        valeur = objet[cle]
        if not isinstance(valeur, bool):
            self.erreur(_sous(chemin, cle), "vrai ou faux est attendu (true/false en JSON, oui/non en CSV).")
            return None
        return valeur

    def date(self, objet: dict[str, Any], chemin: str, cle: str) -> dt.date | None:
        ici = _sous(chemin, cle)
        if cle not in objet or objet[cle] is None:
            self.erreur(ici, "champ obligatoire manquant.")
            return None
        valeur = objet[cle]
        if not isinstance(valeur, str) or not _DATE.fullmatch(valeur.strip()):
            self.erreur(ici, "une date au format AAAA-MM-JJ est attendue.")
            return None
        try:
            return dt.date.fromisoformat(valeur.strip())
        except ValueError:
            self.erreur(ici, f"la date « {valeur} » n'existe pas.")
            return None

    def choix(self, objet: dict[str, Any], chemin: str, cle: str, permis: tuple[str, ...], nom: str) -> str | None:
        ici = _sous(chemin, cle)
        if cle not in objet or objet[cle] is None:
            self.erreur(ici, "champ obligatoire manquant.")
            return None
        valeur = objet[cle]
        if not isinstance(valeur, str) or valeur not in permis:
            self.erreur(ici, f"{nom} inconnu « {valeur} » (valeurs permises : {', '.join(permis)}).")
            return None
        return valeur

    def doublons(self, chemin_liste: str, cle: str, valeurs: list[tuple[int, object]], quoi: str) -> None:
        """Flags each repeated value, pointing at its first occurrence."""
        vus: dict[object, int] = {}
        for i, valeur in valeurs:
            if valeur in ("", None):
                continue
            if valeur in vus:
                self.erreur(
                    f"{chemin_liste}[{i}].{cle}",
                    f"{quoi} « {valeur} » en double (déjà utilisé : {self.nommer(f'{chemin_liste}[{vus[valeur]}]')}).",
                )
            else:
                vus[valeur] = i

    # The format --------------------------------------------------------------------------

    def document(self, donnees: object) -> DocumentReferentiel | None:
        objet = self.objet(donnees, "", CHAMPS_DOCUMENT)
        if objet is None:
            return None
        if objet.get("format") != FORMAT:
            self.erreur("format", f"« {FORMAT} » est attendu : ce fichier n'est pas un référentiel Titrepro.")
        if "version" not in objet:
            self.erreur("version", "champ obligatoire manquant.")
        elif objet["version"] != VERSION or isinstance(objet["version"], bool):
            self.erreur("version", f"version de format non prise en charge (seule la version {VERSION} est lue).")
        titres = self.elements(objet, "", "titres", self.titre, obligatoire=True)
        liste = objet.get("titres")
        if isinstance(liste, list):
            self.doublons("titres", "code", _champ(liste, "code"), "code")
            self.doublons("titres", "rncp", _champ(liste, "rncp"), "numéro RNCP")
        if titres is None or self.erreurs:
            return None
        return DocumentReferentiel(titres=titres)

    def titre(self, donnees: object, chemin: str) -> TitreEchange | None:
        objet = self.objet(donnees, chemin, CHAMPS_TITRE)
        if objet is None:
            return None
        avant = len(self.erreurs)
        code = self.texte(objet, chemin, "code", "titre.code", obligatoire=True)
        intitule = self.texte(objet, chemin, "intitule", "titre.intitule", obligatoire=True)
        rncp = self.texte(objet, chemin, "rncp", "titre.rncp")
        if rncp and not _RNCP.fullmatch(rncp):
            self.erreur(_sous(chemin, "rncp"), f"« {rncp} » n'est pas un numéro RNCP (RNCP suivi de chiffres).")
        niveau = self.entier(
            objet,
            chemin,
            "niveau",
            minimum=NIVEAU_MIN,
            maximum=NIVEAU_MAX,
            message=f"le niveau doit être un entier de {NIVEAU_MIN} à {NIVEAU_MAX} (nomenclature de 2019).",
        )
        secteur = self.choix(objet, chemin, "secteur", SECTEURS, "secteur")
        transport = self.booleen(objet, chemin, "transport", False)
        millesimes = self.elements(objet, chemin, "millesimes", self.millesime, obligatoire=True)
        liste = objet.get("millesimes")
        if isinstance(liste, list):
            self.doublons(_sous(chemin, "millesimes"), "version", _champ(liste, "version"), "version")
        if (
            len(self.erreurs) > avant
            or code is None
            or intitule is None
            or rncp is None
            or niveau is None
            or secteur is None
            or transport is None
            or millesimes is None
        ):
            return None
        return TitreEchange(
            code=code,
            intitule=intitule,
            rncp=rncp,
            niveau=niveau,
            secteur=secteur,
            transport=transport,
            millesimes=millesimes,
        )

    def millesime(self, donnees: object, chemin: str) -> MillesimeEchange | None:
        objet = self.objet(donnees, chemin, CHAMPS_MILLESIME)
        if objet is None:
            return None
        avant = len(self.erreurs)
        version = self.texte(objet, chemin, "version", "millesime.version", obligatoire=True)
        date_effet = self.date(objet, chemin, "date_effet")
        fin_validite = self.date(objet, chemin, "fin_validite")
        if date_effet and fin_validite and fin_validite <= date_effet:
            self.erreur(
                _sous(chemin, "fin_validite"),
                f"la fin de validité doit suivre la date d'effet ({date_effet.isoformat()}).",
            )
        arrete = self.texte(objet, chemin, "arrete", "millesime.arrete")
        lecture = self.entier(
            objet,
            chemin,
            "duree_lecture_dossier",
            minimum=0,
            maximum=LECTURE_MAX_MINUTES,
            message=f"la durée de lecture du dossier doit être un entier de 0 à {LECTURE_MAX_MINUTES} minutes.",
            defaut=0,
        )
        donnees_demo = self.booleen(objet, chemin, "donnees_demo", False)
        ccps = self.elements(objet, chemin, "ccps", self.ccp)
        ccss = self.elements(objet, chemin, "ccss", self.ccs)
        for cle, champ, quoi in (("ccps", "numero", "numéro"), ("ccps", "code", "code"), ("ccss", "code", "code")):
            liste = objet.get(cle)
            if isinstance(liste, list):
                self.doublons(_sous(chemin, cle), champ, _champ(liste, champ), quoi)
        # Épreuves refer to CCP numéros: check them against the valid CCP of this millésime.
        numeros = {ccp.numero for ccp in ccps or ()}
        epreuves = self.elements(
            objet,
            chemin,
            "epreuves",
            lambda donnees, ici: self.epreuve(donnees, ici, numeros if ccps is not None else None),
        )
        liste_epreuves = objet.get("epreuves")
        if isinstance(liste_epreuves, list):
            self.doublons(_sous(chemin, "epreuves"), "ordre", _champ(liste_epreuves, "ordre"), "ordre")
        if epreuves:
            self.regles_epreuves(chemin, epreuves, donnees_demo)
        if (
            len(self.erreurs) > avant
            or version is None
            or date_effet is None
            or fin_validite is None
            or arrete is None
            or lecture is None
            or donnees_demo is None
            or ccps is None
            or ccss is None
            or epreuves is None
        ):
            return None
        return MillesimeEchange(
            version=version,
            date_effet=date_effet,
            fin_validite=fin_validite,
            arrete=arrete,
            duree_lecture_dossier=lecture,
            donnees_demo=donnees_demo,
            ccps=ccps,
            ccss=ccss,
            epreuves=epreuves,
        )

    def regles_epreuves(self, chemin: str, epreuves: tuple[EpreuveEchange, ...], donnees_demo: bool | None) -> None:
        """Rules across the épreuves of one millésime."""
        ici = _sous(chemin, "epreuves")
        finals = [(i, e) for i, e in enumerate(epreuves) if e.type == ENTRETIEN_FINAL]
        if len(finals) > 1:
            self.erreur(f"{ici}[{finals[1][0]}].type", "un seul entretien final par millésime.")
        dernier_ordre = max((e.ordre for e in epreuves if e.pour_session_titre), default=0)
        for i, epreuve in finals:
            # Arrêté du 22 décembre 2015: the entretien final is held by the jury, last in the session titre.
            if not epreuve.avec_jury:
                self.erreur(f"{ici}[{i}].avec_jury", "l'entretien final se passe toujours devant le jury.")
            if not epreuve.pour_session_titre:
                self.erreur(f"{ici}[{i}].pour_session_titre", "l'entretien final fait partie de la session titre.")
            elif epreuve.ordre != dernier_ordre:
                self.erreur(f"{ici}[{i}].ordre", "l'entretien final doit être la dernière épreuve de la session titre.")
        if donnees_demo is False:
            for i, epreuve in enumerate(epreuves):
                if epreuve.duree_demo:
                    self.erreur(
                        _sous(chemin, "donnees_demo"),
                        f"doit valoir vrai : la durée de {self.nommer(f'{ici}[{i}]')} est une durée de démonstration.",
                    )
                    break

    def ccp(self, donnees: object, chemin: str) -> CCPEchange | None:
        objet = self.objet(donnees, chemin, CHAMPS_CCP)
        if objet is None:
            return None
        avant = len(self.erreurs)
        numero = self.entier(
            objet,
            chemin,
            "numero",
            minimum=1,
            maximum=NUMERO_MAX,
            message="le numéro du CCP doit être un entier positif.",
        )
        code = self.texte(objet, chemin, "code", "ccp.code")
        intitule = self.texte(objet, chemin, "intitule", "ccp.intitule", obligatoire=True)
        if len(self.erreurs) > avant or numero is None or code is None or intitule is None:
            return None
        return CCPEchange(numero=numero, code=code, intitule=intitule)

    def ccs(self, donnees: object, chemin: str) -> CCSEchange | None:
        objet = self.objet(donnees, chemin, CHAMPS_CCS)
        if objet is None:
            return None
        avant = len(self.erreurs)
        code = self.texte(objet, chemin, "code", "ccs.code", obligatoire=True)
        intitule = self.texte(objet, chemin, "intitule", "ccs.intitule", obligatoire=True)
        if len(self.erreurs) > avant or code is None or intitule is None:
            return None
        return CCSEchange(code=code, intitule=intitule)

    def epreuve(self, donnees: object, chemin: str, numeros_ccp: set[int] | None) -> EpreuveEchange | None:
        """``numeros_ccp`` is None when the millésime's CCP list is itself invalid (no cascade of errors)."""
        objet = self.objet(donnees, chemin, CHAMPS_EPREUVE)
        if objet is None:
            return None
        avant = len(self.erreurs)
        ordre = self.entier(
            objet,
            chemin,
            "ordre",
            minimum=1,
            maximum=NUMERO_MAX,
            message="l'ordre de passage doit être un entier positif.",
        )
        type_epreuve = self.choix(objet, chemin, "type", TYPES_EPREUVE, "type d'épreuve")
        libelle = self.texte(objet, chemin, "libelle", "epreuve.libelle")
        duree = self.entier(
            objet,
            chemin,
            "duree_minutes",
            minimum=1,
            maximum=DUREE_MAX_MINUTES,
            message=f"la durée doit être un entier positif de minutes (au plus {DUREE_MAX_MINUTES}).",
        )
        collective = self.booleen(objet, chemin, "collective", False)
        avec_jury = self.booleen(objet, chemin, "avec_jury", True)
        pour_session_titre = self.booleen(objet, chemin, "pour_session_titre", True)
        duree_demo = self.booleen(objet, chemin, "duree_demo", False)
        ccps: list[int] = []
        for i, numero in enumerate(self.liste(objet, chemin, "ccps")):
            ici = f"{_sous(chemin, 'ccps')}[{i}]"
            if isinstance(numero, bool) or not isinstance(numero, int):
                self.erreur(ici, "un numéro de CCP (entier) est attendu.")
            elif numeros_ccp is not None and numero not in numeros_ccp:
                self.erreur(ici, f"le CCP n° {numero} n'existe pas dans ce millésime.")
            elif numero in ccps:
                self.erreur(ici, f"le CCP n° {numero} est cité deux fois.")
            else:
                ccps.append(numero)
        if pour_session_titre is False and not ccps and len(self.erreurs) == avant:
            self.erreur(
                _sous(chemin, "pour_session_titre"), "l'épreuve n'est passée ni en session titre ni en session CCP."
            )
        if (
            len(self.erreurs) > avant
            or ordre is None
            or type_epreuve is None
            or libelle is None
            or duree is None
            or collective is None
            or avec_jury is None
            or pour_session_titre is None
            or duree_demo is None
        ):
            return None
        return EpreuveEchange(
            ordre=ordre,
            type=type_epreuve,
            libelle=libelle,
            duree_minutes=duree,
            collective=collective,
            avec_jury=avec_jury,
            pour_session_titre=pour_session_titre,
            ccps=tuple(ccps),
            duree_demo=duree_demo,
        )


def _sous(chemin: str, cle: str) -> str:
    return f"{chemin}.{cle}" if chemin else cle


def _champ(liste: list[Any], cle: str) -> list[tuple[int, object]]:
    """(index, value) of one field across a list of objects, for the duplicate checks."""
    valeurs: list[tuple[int, object]] = []
    for i, element in enumerate(liste):
        if isinstance(element, dict) and isinstance(element.get(cle), str | int):
            valeur = element[cle]
            valeurs.append((i, valeur.strip() if isinstance(valeur, str) else valeur))
    return valeurs


def verifier(donnees: object) -> list[Erreur]:
    """Every error of the decoded document (empty list: valid)."""
    verificateur = Verificateur()
    verificateur.document(donnees)
    return verificateur.erreurs


def lire_document(donnees: object) -> DocumentReferentiel:
    """The document, or ``DocumentInvalide`` listing every error."""
    verificateur = Verificateur()
    document = verificateur.document(donnees)
    if verificateur.erreurs or document is None:
        raise DocumentInvalide(verificateur.erreurs or [Erreur("", "document illisible.")])
    return document


def lire_json(contenu: str | bytes) -> DocumentReferentiel:
    """Decodes then reads a JSON file (UTF-8, with or without BOM)."""
    if isinstance(contenu, bytes):
        try:
            contenu = contenu.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentInvalide([Erreur("", "le fichier n'est pas encodé en UTF-8.")]) from None
    try:
        donnees = json.loads(contenu)
    except json.JSONDecodeError as exc:
        raise DocumentInvalide(
            [Erreur("", f"JSON illisible à la ligne {exc.lineno}, colonne {exc.colno} ({exc.msg}).")]
        ) from None
    return lire_document(donnees)
