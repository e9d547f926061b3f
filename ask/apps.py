from django.apps import AppConfig


class AskConfig(AppConfig):
    name = "ask"
    verbose_name = "Question box"
    default_auto_field = "django.db.models.BigAutoField"
