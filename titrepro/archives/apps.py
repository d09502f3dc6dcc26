from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "titrepro.archives"
    label = "archives"
    verbose_name = "Archives"

    def ready(self) -> None:
        from titrepro.archives.garde import brancher

        brancher()
