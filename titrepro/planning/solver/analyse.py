"""Analytic infeasibility checks, run before solving: the first one that fires names the cause in French."""

from __future__ import annotations

from titrepro.planning.solver.bornes import chaine_candidat, fin_fluide, groupes_restreints, perte_pause
from titrepro.planning.solver.donnees import (
    Instance,
    Jury,
    arrondi_pas,
    date_texte,
    duree_majoree,
    duree_texte,
    hhmm,
)
from titrepro.planning.solver.mesures import ordre_epreuves
from titrepro.planning.solver.temps import Chronologie
from titrepro.planning.solver.validation import avec_jury, isole, jurys_autorises, salles_autorisees


def _pluriel(n: int, mot: str) -> str:
    return f"{n} {mot}{'s' if n > 1 else ''}"


def jury_utilisable(instance: Instance, jury: Jury) -> str | None:
    """None when the jury can work at some time of the session; else the name of a member never available."""
    jours = {j.date for j in instance.jours}
    membres = {m.id: m for m in instance.membres}
    for membre_id in jury.membres:
        membre = membres.get(membre_id)
        if membre is None or membre.disponibilites is None:
            continue
        if not any(d in jours and b > a for d, a, b in membre.disponibilites):
            return membre.nom
    return None


def _jurys_imposes_exclus(instance: Instance, nom: str, imposes: frozenset[str], liens: frozenset[str]) -> str:
    """Why none of the juries imposed on a candidate can see them: unknown juries, or members linked to them."""
    jurys = {j.id: j for j in instance.jurys}
    noms_membres = {m.id: m.nom for m in instance.membres}
    if not imposes:
        return f"L'inscription de {nom} n'autorise aucun jury : aucun jury ne peut l'évaluer."
    raisons = []
    code = ""
    for jury_id in sorted(imposes):
        jury = jurys.get(jury_id)
        if jury is None:
            raisons.append(f"le jury {jury_id} ne fait pas partie des jurys de la session (aucun membre n'a accepté)")
            continue
        lies = sorted(noms_membres.get(m, m) for m in jury.membres if m in liens)
        code = " (SES-JURY-LIENS)"
        raisons.append(f"{jury.nom or f'le jury {jury.id}'} compte {', '.join(lies)}, qui a un lien avec le candidat")
    imposes_texte = " ou ".join((jurys[j].nom if j in jurys else "") or f"le jury {j}" for j in sorted(imposes))
    return (
        f"L'inscription de {nom} impose d'être évalué par {imposes_texte}, mais aucun ne le peut : "
        f"{' ; '.join(raisons)}{code}. Changez son affectation au jury."
    )


def analyser(instance: Instance) -> str | None:
    """The French explanation of an obvious impossibility, or None."""
    if not instance.jours or all(j.duree <= 0 for j in instance.jours):
        return "La session n'a aucun jour d'ouverture : impossible de planifier les épreuves."
    codes = {e.code for e in instance.epreuves}
    for c in instance.candidats:
        inconnues = [code for code in c.epreuves if code not in codes]
        if inconnues:
            return f"{c.nom} doit passer une épreuve inconnue ({', '.join(inconnues)})."
    try:
        ordre_epreuves(instance)
    except ValueError as erreur:
        return f"L'ordre des épreuves est contradictoire (rangs et précédences) : {erreur}."
    pause = instance.pause_dejeuner
    if pause is not None and pause.fin_au_plus_tard - pause.debut_au_plus_tot < pause.duree_min:
        return (
            f"La pause déjeuner du jury doit durer au moins {duree_texte(pause.duree_min)} entre "
            f"{hhmm(pause.debut_au_plus_tot)} et {hhmm(pause.fin_au_plus_tard)} : la fenêtre est trop courte."
        )
    pas = max(1, instance.pas)
    plus_longue = max(instance.jours, key=lambda j: j.duree)
    epreuves = {e.code: e for e in instance.epreuves}
    for c in instance.candidats:
        for code in c.epreuves:
            e = epreuves[code]
            duree = arrondi_pas(duree_majoree(e, c), pas)
            if duree > plus_longue.duree:
                avec = (
                    f" avec la majoration {c.majoration.numerator}/{c.majoration.denominator}"
                    if c.majoration != 1
                    else ""
                )
                return (
                    f"{e.intitule} dure {duree_texte(duree)}{avec} pour {c.nom}, plus que la plus longue journée "
                    f"de la session ({duree_texte(plus_longue.duree)} le {date_texte(plus_longue.date)})."
                )
    # Juries.
    inutilisables = {j.id: absent for j in instance.jurys if (absent := jury_utilisable(instance, j)) is not None}
    for c in instance.candidats:
        if not any(avec_jury(epreuves[code]) for code in c.epreuves):
            continue
        if not instance.jurys:
            return f"{c.nom} doit passer des épreuves avec jury mais la session n'a aucun jury."
        autorises = jurys_autorises(instance, c)
        if not autorises and c.jurys is not None:
            return _jurys_imposes_exclus(instance, c.nom, c.jurys, c.liens)
        if not autorises:
            return (
                f"{c.nom} a un lien avec un membre de chacun des {_pluriel(len(instance.jurys), 'jury')} : "
                "aucun jury ne peut l'évaluer (SES-JURY-LIENS)."
            )
        if all(j.id in inutilisables for j in autorises):
            absents = ", ".join(sorted({inutilisables[j.id] for j in autorises}))
            return f"Aucun jury ne peut évaluer {c.nom} : {absents} n'est disponible à aucun moment de la session."
    # Rooms.
    if instance.salles:
        for e in instance.epreuves:
            concernes = [c for c in instance.candidats if e.code in c.epreuves]
            if not concernes:
                continue
            salles = salles_autorisees(instance, e)
            if not salles:
                return f"Aucune salle ne peut accueillir l'épreuve « {e.intitule} »."
            isoles = [c for c in concernes if isole(c, e)]
            isolables = sorted((s for s in salles if s.isolee_possible), key=lambda s: s.capacite)
            if isoles and not isolables:
                return (
                    f"{isoles[0].nom} bénéficie d'une salle isolée mais aucune salle pouvant être isolée "
                    f"n'accueille l'épreuve « {e.intitule} »."
                )
            if e.collective:
                if len(isoles) > len(isolables):
                    return (
                        f"{_pluriel(len(isoles), 'candidat')} en salle isolée pour l'épreuve collective "
                        f"« {e.intitule} » mais seulement {_pluriel(len(isolables), 'salle')} isolable(s)."
                    )
                places = sum(s.capacite for s in salles) - sum(s.capacite for s in isolables[: len(isoles)])
                if len(concernes) - len(isoles) > places:
                    return (
                        f"{_pluriel(len(concernes) - len(isoles), 'candidat')} doivent passer « {e.intitule} » "
                        f"au même moment mais les salles qui l'accueillent n'ont que {places} places."
                    )
    # Candidate critical path.
    chrono = Chronologie(instance)
    chaines = {c.id: chaine_candidat(instance, chrono, c) for c in instance.candidats}
    for c in instance.candidats:
        if chaines[c.id].fin is None:
            total = sum(arrondi_pas(duree_majoree(epreuves[code], c), pas) for code in c.epreuves)
            return (
                f"Les épreuves de {c.nom} ({duree_texte(total)} dans l'ordre imposé, chacune dans une même journée) "
                f"ne tiennent pas dans les {_pluriel(len(instance.jours), 'jour')} de la session."
            )
    # Jury capacity.
    utilisables = [j for j in instance.jurys if j.id not in inutilisables]
    travaux = [ch.travail_jury for ch in chaines.values() if ch.travail_jury]
    if travaux and utilisables:
        total = sum(travaux)
        par_jury = -(-total // len(utilisables))
        depart = min(ch.debut_jury for ch in chaines.values() if ch.travail_jury)
        if fin_fluide(instance, chrono, par_jury, depart) is None:
            capacite = sum(j.duree - perte_pause(instance, j.ouverture, j.fermeture) for j in chrono.jours) - depart
            if len(set(travaux)) == 1:
                quoi = f"{_pluriel(len(travaux), 'candidat')} × {duree_texte(travaux[0])} d'épreuves avec jury"
            else:
                quoi = f"{duree_texte(total)} d'épreuves avec jury ({_pluriel(len(travaux), 'candidat')})"
            lecture = " (lecture des dossiers comprise)" if instance.lecture_dossier else ""
            apres = " après la pause" if instance.pause_dejeuner else ""
            return (
                f"{quoi}{lecture} dépassent la capacité de {_pluriel(len(utilisables), 'jury')} sur "
                f"{_pluriel(len(instance.jours), 'jour')} ({duree_texte(max(capacite, 0))} disponibles{apres} "
                "par jury)."
            )
    # Jury capacity of the juries some candidates are restricted to (registration's jury, links).
    noms = {j.id: j.nom or f"le jury {j.id}" for j in instance.jurys}
    for ids, groupe in groupes_restreints(instance, chaines):
        total = sum(chaines[c.id].travail_jury for c in groupe)
        par_jury = -(-total // len(ids))
        depart = min(chaines[c.id].debut_jury for c in groupe)
        if fin_fluide(instance, chrono, par_jury, depart) is None:
            qui = " ou ".join(noms[j] for j in sorted(ids))
            plusieurs = len(groupe) > 1
            candidats = ", ".join(c.nom for c in groupe)
            lecture = " (lecture des dossiers comprise)" if instance.lecture_dossier else ""
            return (
                f"{candidats} ne {'peuvent' if plusieurs else 'peut'} être évalué{'s' if plusieurs else ''} que par "
                f"{qui} (jury imposé par l'inscription, liens SES-JURY-LIENS) : {duree_texte(total)} d'épreuves avec "
                f"jury{lecture} dépassent la capacité de {'ces jurys' if len(ids) > 1 else 'ce jury'} sur "
                f"{_pluriel(len(instance.jours), 'jour')}."
            )
    return None
