from django.apps import AppConfig


class PersonnesConfig(AppConfig):
    name = "titrepro.personnes"
    verbose_name = "Personnes"

    def ready(self) -> None:
        from titrepro.personnes import receveurs

        receveurs.connecter()
