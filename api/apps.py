from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Syndication API"

    def ready(self):
        """Hear of editorial's public changes (``core.events``) to queue partners' webhooks: editorial may not
        import this app. Imported here: models may load only once the registry is ready."""
        from api.webhooks import queue_for_change
        from core import events

        events.listen(queue_for_change)
