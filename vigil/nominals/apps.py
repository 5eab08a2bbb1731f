from django.apps import AppConfig


class NominalsConfig(AppConfig):
    name = "vigil.nominals"
    label = "nominals"
    verbose_name = "Nominals"

    def ready(self) -> None:
        from vigil.audit.actions import register

        register(
            {
                "nominal.created": "created a nominal record",
                "nominal.viewed": "viewed a nominal record",
                "nominal.section.viewed": "viewed a section of a nominal record",
                "nominal.history.viewed": "viewed the change history of a nominal record",
                "nominal.section.added": "added to a nominal record",
                "nominal.section.changed": "changed a nominal record",
                "nominal.section.conflict": "was stopped from overwriting another person's change",
                "nominal.photo.viewed": "viewed a photograph",
                "nominal.photo.added": "added a photograph",
                "nominal.duplicates.checked": "checked for duplicate records",
                "search.nominal.run": "searched the register",
                "caseload.viewed": "viewed a caseload",
            }
        )
