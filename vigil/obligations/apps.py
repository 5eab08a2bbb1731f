from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "vigil.obligations"
    label = "obligations"
    verbose_name = "Obligations"

    def ready(self) -> None:
        from vigil.audit.actions import register
        from vigil.obligations import providers  # noqa: F401  (registers the core providers)

        register(
            {
                "cadence_policy.viewed": "viewed the force's visit and review policy",
                "cadence_policy.form.viewed": (
                    "opened the form for a new version of the force's visit and review policy"
                ),
                "cadence_policy.version.added": (
                    "added a version of the force's visit and review policy"
                ),
            }
        )
