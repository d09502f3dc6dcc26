"""Background tasks of the sessions (django-tasks): all the convocations of a session as one PDF."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from titrepro.examens.documents import convocations_pdf
from titrepro.examens.models import DocumentConvocations, EtatDocument


@task()
def construire_convocations(*, document_id: int) -> str:
    """Render every candidate's convocation into the job's file, moving its progress as it goes."""
    document = DocumentConvocations.objects.select_related("session").get(pk=document_id)
    inscriptions = list(
        document.session.inscriptions.select_related(
            "candidat", "convocation", "session__organisme", "session__site", "session__millesime__titre"
        ).order_by("candidat__nom_naissance", "candidat__prenoms", "pk")
    )
    # Plain UPDATEs outside any transaction: the page polling the job sees them at once.
    DocumentConvocations.objects.filter(pk=document_id).update(
        etat=EtatDocument.EN_COURS, total=len(inscriptions), traites=0
    )

    def avancer(traites: int) -> None:
        DocumentConvocations.objects.filter(pk=document_id).update(traites=traites)

    try:
        contenu = convocations_pdf(inscriptions, jour=timezone.localdate(), progression=avancer)
    except Exception as exc:  # the job shows the failure instead of spinning forever
        DocumentConvocations.objects.filter(pk=document_id).update(etat=EtatDocument.ECHOUE, erreur=str(exc)[:1000])
        raise
    document.refresh_from_db()
    document.fichier.save(document.nom_fichier, ContentFile(contenu), save=False)
    document.etat = EtatDocument.TERMINE
    document.save(update_fields=["fichier", "etat", "modifie_le"])
    return str(document.etat)
