from django.urls import path

from titrepro.web.views import accueil, comptes, conformite, historique, organisations, personnes, referentiel, sante
from titrepro.web.views import agrements as vues_agrements
from titrepro.web.views import alertes as vues_alertes
from titrepro.web.views import archives as vues_archives
from titrepro.web.views import convocations as vues_convocations
from titrepro.web.views import deroulement as vues_jour
from titrepro.web.views import dte as vues_dte
from titrepro.web.views import echeancier as vues_echeancier
from titrepro.web.views import imports_personnes as vues_imports_personnes
from titrepro.web.views import inscriptions as vues_inscriptions
from titrepro.web.views import insertion as vues_insertion
from titrepro.web.views import jury as vues_jury
from titrepro.web.views import jurys_session as vues_jurys_session
from titrepro.web.views import planning as vues_planning
from titrepro.web.views import portail as vues_portail
from titrepro.web.views import proces_verbaux as vues_pv
from titrepro.web.views import resultats as vues_resultats
from titrepro.web.views import sessions as vues_sessions

app_name = "web"

urlpatterns = [
    path("", accueil.accueil, name="accueil"),
    path("healthz", sante.healthz, name="healthz"),
    # Comptes
    path("connexion/", comptes.Connexion.as_view(), name="connexion"),
    path("deconnexion/", comptes.Deconnexion.as_view(), name="deconnexion"),
    path("mot-de-passe/oubli/", comptes.DemandeReinitialisation.as_view(), name="mot_de_passe_oubli"),
    path("mot-de-passe/oubli/envoye/", comptes.ReinitialisationEnvoyee.as_view(), name="mot_de_passe_envoye"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        comptes.NouveauMotDePasse.as_view(),
        name="mot_de_passe_nouveau",
    ),
    path("mot-de-passe/modifie/", comptes.MotDePasseModifie.as_view(), name="mot_de_passe_modifie"),
    path("compte/", comptes.mon_compte, name="mon_compte"),
    # Référentiel
    path("referentiel/", referentiel.ListeTitres.as_view(), name="titres"),
    path("referentiel/titres/<int:pk>/", referentiel.FicheTitre.as_view(), name="titre"),
    path("referentiel/titres/<int:pk>/export.json", referentiel.ExportTitre.as_view(), name="titre_export_json"),
    path("referentiel/export.json", referentiel.ExportReferentiel.as_view(), name="referentiel_export_json"),
    path(
        "referentiel/export-csv.zip",
        referentiel.ExportReferentiel.as_view(format_export="csv"),
        name="referentiel_export_csv",
    ),
    path("referentiel/import/", referentiel.ImportReferentiel.as_view(), name="referentiel_import"),
    # Organisations
    path("organismes/", organisations.ListeOrganismes.as_view(), name="organismes"),
    path("organismes/<int:pk>/", organisations.FicheOrganisme.as_view(), name="organisme"),
    # Organismes, sites, conventions, programmation (issue 4)
    path("organismes/<int:pk>/modifier/", organisations.ModifierOrganisme.as_view(), name="organisme_modifier"),
    path("organismes/<int:pk>/siret/", organisations.ChangerSiret.as_view(), name="organisme_siret"),
    path("organismes/<int:pk>/contacts/ajouter/", organisations.AjouterContact.as_view(), name="contact_ajouter"),
    path("contacts/<int:pk>/modifier/", organisations.ModifierContact.as_view(), name="contact_modifier"),
    path("contacts/<int:pk>/supprimer/", organisations.SupprimerContact.as_view(), name="contact_supprimer"),
    path(
        "organismes/<int:pk>/conventions/ajouter/", organisations.AjouterConvention.as_view(), name="convention_ajouter"
    ),
    path("conventions/<int:pk>/fichier/", organisations.TelechargerConvention.as_view(), name="convention_fichier"),
    path("conventions/<int:pk>/modifier/", organisations.ModifierConvention.as_view(), name="convention_modifier"),
    path(
        "changements-siret/<int:pk>/confirmer/",
        organisations.ConfirmerTransfertSiret.as_view(),
        name="changement_siret_confirmer",
    ),
    path("sites/<int:pk>/", organisations.FicheSite.as_view(), name="site"),
    path("sites/<int:pk>/modifier/", organisations.ModifierSite.as_view(), name="site_modifier"),
    path("sites/<int:pk>/plateau/", organisations.ChangerPlateau.as_view(), name="site_plateau"),
    path("sites/<int:pk>/photos/ajouter/", organisations.AjouterPhoto.as_view(), name="site_photo_ajouter"),
    path("photos/<int:pk>/", organisations.TelechargerPhoto.as_view(), name="photo_site"),
    path("programmations/", organisations.ListeProgrammations.as_view(), name="programmations"),
    path("programmations/nouvelle/", organisations.CreerProgrammation.as_view(), name="programmation_creer"),
    path("programmations/<int:pk>/", organisations.FicheProgrammation.as_view(), name="programmation"),
    path(
        "programmations/<int:pk>/transmettre/",
        organisations.TransmettreProgrammation.as_view(),
        name="programmation_transmettre",
    ),
    path(
        "programmations/<int:pk>/export.pdf",
        organisations.ExporterProgrammation.as_view(format_export="pdf"),
        name="programmation_export_pdf",
    ),
    path(
        "programmations/<int:pk>/export.xlsx",
        organisations.ExporterProgrammation.as_view(format_export="xlsx"),
        name="programmation_export_xlsx",
    ),
    path(
        "programmations/lignes/<int:pk>/supprimer/",
        organisations.SupprimerLigneProgrammation.as_view(),
        name="programmation_ligne_supprimer",
    ),
    # Agréments et demandes d'agrément (issue 4)
    path("agrements/", vues_agrements.ListeAgrements.as_view(), name="agrements"),
    path("agrements/<int:pk>/", vues_agrements.FicheAgrement.as_view(), name="agrement"),
    path("demandes-agrement/", vues_agrements.ListeDemandes.as_view(), name="demandes_agrement"),
    path("demandes-agrement/nouvelle/", vues_agrements.CreerDemande.as_view(), name="demande_agrement_creer"),
    path("demandes-agrement/<int:pk>/", vues_agrements.FicheDemande.as_view(), name="demande_agrement"),
    path(
        "demandes-agrement/<int:pk>/modifier/",
        vues_agrements.ModifierDemande.as_view(),
        name="demande_agrement_modifier",
    ),
    path(
        "demandes-agrement/<int:pk>/pieces/ajouter/",
        vues_agrements.AjouterPiece.as_view(),
        name="demande_piece_ajouter",
    ),
    path(
        "demandes-agrement/<int:pk>/<str:action>/",
        vues_agrements.ActionDemande.as_view(),
        name="demande_agrement_action",
    ),
    path("pieces-jointes/<int:pk>/", vues_agrements.TelechargerPiece.as_view(), name="piece_jointe"),
    path("pieces-jointes/<int:pk>/supprimer/", vues_agrements.SupprimerPiece.as_view(), name="piece_jointe_supprimer"),
    path(
        "organismes/<int:pk>/echeancier/",
        vues_echeancier.EcheancierOrganisme.as_view(),
        name="organisme_echeancier",
    ),
    path(
        "organismes/<int:pk>/echeancier.ics",
        vues_echeancier.EcheancierOrganismeIcs.as_view(),
        name="organisme_echeancier_ics",
    ),
    path("sessions/<int:pk>/echeancier/", vues_echeancier.EcheancierSession.as_view(), name="session_echeancier"),
    path(
        "sessions/<int:pk>/echeancier.ics",
        vues_echeancier.EcheancierSessionIcs.as_view(),
        name="session_echeancier_ics",
    ),
    # Personnes
    path("candidats/", personnes.ListeCandidats.as_view(), name="candidats"),
    path("candidats/<int:pk>/", personnes.FicheCandidat.as_view(), name="candidat"),
    path("candidats/creer/", personnes.CreerCandidat.as_view(), name="candidat_creer"),
    path("candidats/<int:pk>/modifier/", personnes.ModifierCandidat.as_view(), name="candidat_modifier"),
    path("candidats/<int:pk>/adresse/", personnes.ChangerAdresse.as_view(), name="candidat_adresse"),
    path(
        "candidats/<int:pk>/adresse/confirmer/", personnes.ConfirmerAdresse.as_view(), name="candidat_adresse_confirmer"
    ),
    path("candidats/<int:pk>/formation/", personnes.AjouterFormation.as_view(), name="candidat_formation"),
    path("candidats/<int:pk>/amenagement/", personnes.DemanderAmenagement.as_view(), name="candidat_amenagement"),
    path("amenagements/<int:pk>/decision/", personnes.DeciderAmenagement.as_view(), name="amenagement_decision"),
    path("membres-jury/", vues_jury.ListeMembresJury.as_view(), name="membres_jury"),
    path("membres-jury/creer/", vues_jury.CreerMembreJury.as_view(), name="membre_jury_creer"),
    path("membres-jury/<int:pk>/", vues_jury.FicheMembreJury.as_view(), name="membre_jury"),
    path("membres-jury/<int:pk>/modifier/", vues_jury.ModifierMembreJury.as_view(), name="membre_jury_modifier"),
    path(
        "membres-jury/<int:pk>/habilitation/", vues_jury.DemanderHabilitation.as_view(), name="membre_jury_habilitation"
    ),
    path("membres-jury/<int:pk>/lien/", vues_jury.DeclarerLien.as_view(), name="membre_jury_lien"),
    path(
        "membres-jury/<int:pk>/disponibilite/",
        vues_jury.AjouterDisponibilite.as_view(),
        name="membre_jury_disponibilite",
    ),
    path("espace-jury/", vues_jury.EspaceJury.as_view(), name="espace_jury"),
    path("habilitations/", vues_jury.ListeHabilitations.as_view(), name="habilitations"),
    path("habilitations/<int:pk>/", vues_jury.FicheHabilitation.as_view(), name="habilitation"),
    path("imports-personnes/", vues_imports_personnes.ImporterPersonnes.as_view(), name="import_personnes"),
    path("imports-personnes/<int:pk>/", vues_imports_personnes.SuiviImport.as_view(), name="import_personnes_suivi"),
    path(
        "imports-personnes/<int:pk>/executer/",
        vues_imports_personnes.ExecuterImport.as_view(),
        name="import_personnes_executer",
    ),
    path(
        "imports-personnes/<int:pk>/erreurs.csv",
        vues_imports_personnes.RapportImport.as_view(),
        name="import_personnes_rapport",
    ),
    path(
        "imports-personnes/modele-<str:nature>.csv",
        vues_imports_personnes.ModeleImport.as_view(),
        name="import_personnes_modele",
    ),
    # Conformité: the public rule catalogue
    path("regles/", conformite.regles, name="regles"),
    path("alertes/", vues_alertes.ListeAlertes.as_view(), name="alertes"),
    # Historique (audit) of any scoped object
    path("historique/<str:modele>/<int:pk>/", historique.historique_objet, name="historique"),
    # Sessions d'examen (issue 6): list, creation, the session page, its actions
    path("sessions/", vues_sessions.ListeSessions.as_view(), name="sessions"),
    path("sessions/nouvelle/", vues_sessions.CreerSession.as_view(), name="session_creer"),
    path("sessions/<int:pk>/", vues_sessions.FicheSession.as_view(), name="session"),
    path("sessions/<int:pk>/modifier/", vues_sessions.ModifierSession.as_view(), name="session_modifier"),
    path("sessions/<int:pk>/confirmer/", vues_sessions.ConfirmerSession.as_view(), name="session_confirmer"),
    path("sessions/<int:pk>/annuler/", vues_sessions.AnnulerSession.as_view(), name="session_annuler"),
    path("sessions/<int:pk>/reporter/", vues_sessions.ReporterSession.as_view(), name="session_reporter"),
    path("sessions/<int:pk>/deroger/", vues_sessions.DerogerSession.as_view(), name="session_deroger"),
    # Jurys d'une session (issue 6) and the jury members' invitations (espace jury)
    path("sessions/<int:pk>/jurys/", vues_jurys_session.JurysSession.as_view(), name="session_jurys"),
    path("sessions/<int:pk>/jurys/ajouter/", vues_jurys_session.AjouterJury.as_view(), name="session_jury_ajouter"),
    path(
        "sessions/<int:pk>/jurys/<int:numero>/inviter/",
        vues_jurys_session.InviterMembre.as_view(),
        name="session_jury_inviter",
    ),
    path(
        "sessions/<int:pk>/jurys/<int:numero>/supprimer/",
        vues_jurys_session.SupprimerJury.as_view(),
        name="session_jury_supprimer",
    ),
    path(
        "participations-jury/<int:pk>/retirer/",
        vues_jurys_session.RetirerParticipation.as_view(),
        name="participation_jury_retirer",
    ),
    path("inscriptions/<int:pk>/jury/", vues_jurys_session.AffecterCandidat.as_view(), name="inscription_jury"),
    path("espace-jury/invitations/", vues_jurys_session.InvitationsJury.as_view(), name="espace_jury_invitations"),
    path(
        "espace-jury/invitations/<int:pk>/repondre/",
        vues_jurys_session.RepondreInvitation.as_view(),
        name="espace_jury_repondre",
    ),
    # Convocations d'une session (issue 6) and the candidate's own convocations
    path(
        "sessions/<int:pk>/convocations/", vues_convocations.ConvocationsSession.as_view(), name="session_convocations"
    ),
    path(
        "sessions/<int:pk>/convocations/emettre/",
        vues_convocations.EmettreConvocations.as_view(),
        name="convocations_emettre",
    ),
    path(
        "sessions/<int:pk>/convocations/lot/",
        vues_convocations.DemanderLotConvocations.as_view(),
        name="convocations_lot_demander",
    ),
    path("convocations/lots/<int:pk>/", vues_convocations.SuiviLotConvocations.as_view(), name="convocations_lot"),
    path(
        "convocations/lots/<int:pk>/fichier/",
        vues_convocations.FichierLotConvocations.as_view(),
        name="convocations_lot_fichier",
    ),
    path(
        "inscriptions/<int:pk>/convocation/",
        vues_convocations.EnregistrerConvocation.as_view(),
        name="convocation_enregistrer",
    ),
    path("inscriptions/<int:pk>/convocation.pdf", vues_convocations.ConvocationPdf.as_view(), name="convocation_pdf"),
    path("convocations/<int:pk>/preuve/", vues_convocations.PreuveConvocation.as_view(), name="convocation_preuve"),
    path("mes-convocations/", vues_convocations.MesConvocations.as_view(), name="mes_convocations"),
    path("mes-convocations/<int:pk>/pdf/", vues_convocations.MaConvocationPdf.as_view(), name="ma_convocation_pdf"),
    # Issue 7, part PORTAIL: the candidate's space, their address correction, the invitation by the organisme
    path("mon-espace/", vues_portail.MonEspace.as_view(), name="mon_espace"),
    path("mon-espace/adresse/", vues_portail.CorrigerMonAdresse.as_view(), name="mon_espace_adresse"),
    path("candidats/<int:pk>/inviter/", vues_portail.InviterCandidat.as_view(), name="candidat_inviter"),
    # Issue 7, part PORTAIL: archives of a session (ARC-CONSERVATION, DTE-DESTRUCTION), the DP consent and copy (ARC-DP)
    path("sessions/<int:pk>/archives/", vues_archives.ArchivesSession.as_view(), name="session_archives"),
    path(
        "inscriptions/<int:pk>/dossier-professionnel/accord/",
        vues_archives.EnregistrerConsentementDp.as_view(),
        name="inscription_consentement_dp",
    ),
    path(
        "inscriptions/<int:pk>/dossier-professionnel/copie/",
        vues_archives.DeposerCopieDp.as_view(),
        name="inscription_copie_dp",
    ),
    path("dossiers-professionnels/<int:pk>/", vues_archives.TelechargerCopieDp.as_view(), name="copie_dp"),
    # Issue 7: evaluation documents of a registration (ARC-CONSERVATION; natures closed by SES-DOSSIER)
    path(
        "inscriptions/<int:pk>/pieces-conservees/deposer/",
        vues_archives.DeposerPieceConservee.as_view(),
        name="inscription_piece_conservee",
    ),
    path("pieces-conservees/<int:pk>/", vues_archives.TelechargerPieceConservee.as_view(), name="piece_conservee"),
    # Issue 7, part PORTAIL: insertion follow-up (ORG-INSERTION)
    path("insertion/", vues_insertion.StatistiquesInsertion.as_view(), name="insertion"),
    path("insertion/export.csv", vues_insertion.ExportInsertion.as_view(), name="insertion_export"),
    path(
        "insertion/questionnaire/<str:jeton>/",
        vues_insertion.QuestionnaireInsertionPage.as_view(),
        name="questionnaire_insertion",
    ),
    # Issue 7, part RESULTATS: the entry grid, a row's save (POST), undoing a decision, closing the entry,
    # the jury members' list (espace jury) and the SES-CCP follow-up of partial successes
    path("sessions/<int:pk>/resultats/", vues_resultats.GrilleResultats.as_view(), name="session_resultats"),
    path(
        "sessions/<int:pk>/resultats/cloturer/",
        vues_resultats.CloturerSaisie.as_view(),
        name="session_cloturer_saisie",
    ),
    path("inscriptions/<int:pk>/resultats/", vues_resultats.SaisirLigne.as_view(), name="inscription_resultats"),
    path(
        "inscriptions/<int:pk>/decision/annuler/",
        vues_resultats.AnnulerDecision.as_view(),
        name="inscription_decision_annuler",
    ),
    path("espace-jury/resultats/", vues_resultats.MesSaisiesJury.as_view(), name="espace_jury_resultats"),
    path("suivi-ccp/", vues_resultats.SuiviReussitesPartielles.as_view(), name="suivi_ccp"),
    path("suivi-ccp/<int:pk>/proposer/", vues_resultats.ProposerSessionCCP.as_view(), name="proposer_session_ccp"),
    # Issue 7, part PV: edition, signatures, transmission, DDETS queue and decision, publication (RES-*)
    path("sessions/<int:pk>/pv/editer/", vues_pv.EditerPv.as_view(), name="session_pv_editer"),
    path("sessions/<int:pk>/pv/signer/", vues_pv.SignerPv.as_view(), name="pv_signer"),
    path("sessions/<int:pk>/pv/transmettre/", vues_pv.TransmettrePv.as_view(), name="session_pv_transmettre"),
    path("sessions/<int:pk>/valider/", vues_pv.ValiderSession.as_view(), name="session_valider"),
    path("sessions/<int:pk>/renvoyer/", vues_pv.RenvoyerSession.as_view(), name="session_renvoyer"),
    path("sessions/<int:pk>/resultats/affichage.pdf", vues_pv.ListeAffichage.as_view(), name="session_liste_affichage"),
    path("pv/documents/<int:pk>/", vues_pv.TelechargerDocumentPv.as_view(), name="pv_document"),
    path("pv/a-valider/", vues_pv.FilePvAValider.as_view(), name="pv_a_valider"),
    path("espace-jury/pv/", vues_pv.EspaceJuryPv.as_view(), name="espace_jury_pv"),
    path("mes-resultats/", vues_pv.MesResultats.as_view(), name="mes_resultats"),
    path("mes-resultats/<int:pk>/attestation.pdf", vues_pv.MonAttestation.as_view(), name="mes_resultats_attestation"),
    path("mes-resultats/livret.pdf", vues_pv.MonLivret.as_view(), name="mes_resultats_livret"),
    # Commandes de DTE (issue 6): the session's order, the order page, the GEV desk
    path("commandes-dte/", vues_dte.ListeCommandes.as_view(), name="commandes_dte"),
    path("gev/commandes/", vues_dte.GuichetGev.as_view(), name="gev_commandes"),
    path("commandes-dte/<int:pk>/", vues_dte.FicheCommande.as_view(), name="commande_dte"),
    path("commandes-dte/<int:pk>/<str:action>/", vues_dte.ActionCommande.as_view(), name="commande_dte_action"),
    path("sessions/<int:pk>/commande-dte/", vues_dte.CommandeSession.as_view(), name="commande_dte_session"),
    # Candidats d'une session (issue 6): registration and withdrawal before the convocations
    path(
        "sessions/<int:pk>/candidats/ajouter/",
        vues_inscriptions.AjouterCandidat.as_view(),
        name="session_candidat_ajouter",
    ),
    path("inscriptions/<int:pk>/retirer/", vues_inscriptions.RetirerCandidat.as_view(), name="inscription_retirer"),
    # Jour de la session (issue 7): presences, opening, plateau visit, plis, check-in, absences, incidents
    path("sessions/<int:pk>/jour/", vues_jour.JourSession.as_view(), name="session_jour"),
    path("sessions/<int:pk>/jour/presences/", vues_jour.PresencesSession.as_view(), name="session_presences"),
    path("sessions/<int:pk>/jour/ouvrir/", vues_jour.OuvrirSession.as_view(), name="session_ouvrir"),
    path("sessions/<int:pk>/jour/visite/", vues_jour.VisiteSession.as_view(), name="session_visite"),
    path("sessions/<int:pk>/jour/tirage/", vues_jour.TirageSession.as_view(), name="session_tirage"),
    path("sessions/<int:pk>/jour/plis/", vues_jour.ControlePlisSession.as_view(), name="session_controle_plis"),
    path("sessions/<int:pk>/jour/emargement.pdf", vues_jour.FeuillePdf.as_view(), name="session_feuille_emargement"),
    path("sessions/<int:pk>/jour/feuille/", vues_jour.DeposerFeuille.as_view(), name="session_feuille_deposer"),
    path("sessions/<int:pk>/jour/incident/", vues_jour.SignalerIncident.as_view(), name="session_incident_signaler"),
    path("feuilles-emargement/<int:pk>/", vues_jour.FeuilleFichier.as_view(), name="feuille_emargement_fichier"),
    path("inscriptions/<int:pk>/emarger/", vues_jour.EmargerCandidat.as_view(), name="inscription_emarger"),
    path("inscriptions/<int:pk>/absence/", vues_jour.AbsenceCandidat.as_view(), name="inscription_absence"),
    path(
        "inscriptions/<int:pk>/absence/justifier/",
        vues_jour.JustifierAbsence.as_view(),
        name="inscription_absence_justifier",
    ),
    path("absences/<int:pk>/justificatif/", vues_jour.JustificatifAbsence.as_view(), name="absence_justificatif"),
    path("incidents/<int:pk>/rapport/", vues_jour.RapportIncident.as_view(), name="incident_rapport"),
    path("incidents/<int:pk>/sanction/", vues_jour.SanctionnerFraude.as_view(), name="incident_sanctionner"),
    # Planning des sessions (issue 8): rooms of a site, the session's timetable
    path("sites/<int:pk>/salles/", vues_planning.SallesSite.as_view(), name="site_salles"),
    path("sites/<int:pk>/salles/ajouter/", vues_planning.AjouterSalle.as_view(), name="salle_ajouter"),
    path("salles/<int:pk>/modifier/", vues_planning.ModifierSalle.as_view(), name="salle_modifier"),
    path("salles/<int:pk>/supprimer/", vues_planning.SupprimerSalle.as_view(), name="salle_supprimer"),
    path("sessions/<int:pk>/planning/", vues_planning.PlanningSession.as_view(), name="session_planning"),
    path("sessions/<int:pk>/planning/calculer/", vues_planning.GenererPlanning.as_view(), name="planning_generer"),
    path("sessions/<int:pk>/planning/importer/", vues_planning.ImporterPlanning.as_view(), name="planning_importer"),
    path(
        "sessions/<int:pk>/planning/modele.xlsx",
        vues_planning.ModeleImportPlanning.as_view(),
        name="planning_modele_xlsx",
    ),
    path("plannings/<int:pk>/", vues_planning.FichePlanning.as_view(), name="planning"),
    path("plannings/<int:pk>/publier/", vues_planning.PublierPlanning.as_view(), name="planning_publier"),
    path("plannings/<int:pk>/copier/", vues_planning.CopierPlanning.as_view(), name="planning_copier"),
    path("plannings/<int:pk>/affiche.pdf", vues_planning.AffichePlanningPdf.as_view(), name="planning_affiche_pdf"),
    path(
        "plannings/<int:pk>/organisation.pdf",
        vues_planning.OrganisationPdf.as_view(),
        name="planning_organisation_pdf",
    ),
    path(
        "plannings/<int:pk>/organisation.xlsx",
        vues_planning.OrganisationXlsx.as_view(),
        name="planning_organisation_xlsx",
    ),
    path(
        "plannings/<int:pk>/joindre-a-une-demande/",
        vues_planning.JoindreOrganisation.as_view(),
        name="planning_joindre_demande",
    ),
    path("creneaux/<int:pk>/deplacer/", vues_planning.DeplacerCreneau.as_view(), name="creneau_deplacer"),
    path("organisation-prevue/", vues_planning.OrganisationPrevue.as_view(), name="organisation_prevue"),
]
