from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        """Give every SQLite connection the spelling fold its search index's triggers call
        (``articles.search.fts``). A database hook, not our own logic passed around by signal."""
        from django.db.backends.signals import connection_created

        from articles.search.fts import register_fold

        connection_created.connect(register_fold, dispatch_uid="articles.search.fts.register_fold")
