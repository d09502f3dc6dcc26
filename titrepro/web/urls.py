from django.urls import path

from titrepro.web.views import accueil, comptes, conformite, historique, organisations, personnes, referentiel, sante

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
    # Personnes
    path("candidats/", personnes.ListeCandidats.as_view(), name="candidats"),
    path("candidats/<int:pk>/", personnes.FicheCandidat.as_view(), name="candidat"),
    path("membres-jury/", personnes.ListeMembresJury.as_view(), name="membres_jury"),
    path("membres-jury/<int:pk>/", personnes.FicheMembreJury.as_view(), name="membre_jury"),
    # Conformité: the public rule catalogue
    path("regles/", conformite.regles, name="regles"),
    # Historique (audit) of any scoped object
    path("historique/<str:modele>/<int:pk>/", historique.historique_objet, name="historique"),
]
