from django.apps import AppConfig


class FsmConfig(AppConfig):
    name = "tests.fsm"
    label = "tests_fsm"
