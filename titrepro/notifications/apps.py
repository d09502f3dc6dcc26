from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "titrepro.notifications"
    verbose_name = "Notifications"
