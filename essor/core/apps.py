from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "essor.core"
    verbose_name = "Essor"

    def ready(self):
        # Connects the page cache's write counter to every database connection.
        from essor.core import pagecache  # noqa: F401
