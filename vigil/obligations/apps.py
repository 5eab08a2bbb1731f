from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "vigil.obligations"
    label = "obligations"
    verbose_name = "Obligations"

    def ready(self) -> None:
        from vigil.obligations import providers  # noqa: F401  (registers the core providers)
