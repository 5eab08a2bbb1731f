from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "vigil.registration"
    label = "registration"
    verbose_name = "Notification requirements"

    def ready(self) -> None:
        from vigil.audit.actions import register
        from vigil.nominals.panels import Panel
        from vigil.nominals.panels import register as register_panel
        from vigil.registration.views import panel_context

        register(
            {
                "registration.requirements.viewed": "viewed a person's notification requirements",
                "registration.form.viewed": "opened a notification-requirements form",
                "registration.conviction.added": "recorded a conviction, finding or caution",
                "registration.conviction.changed": "changed a conviction, finding or caution",
                "registration.offence.added": "added an offence to a conviction",
                "registration.offence.changed": "changed an offence on a conviction",
                "registration.override.added": "recorded a court's direction about the "
                "notification period",
                "registration.notification.recorded": "recorded a notification",
                "registration.notification.viewed": "viewed a notification",
                "registration.acknowledgement.printed": "printed the written acknowledgement of "
                "a notification",
                "registration.breach.recorded": "recorded a possible breach of the notification "
                "requirements",
                "registration.breach.viewed": "viewed a possible breach",
                "registration.breach.outcome": "recorded the outcome of a possible breach",
                "registration.period.ended": "confirmed the end of the notification requirements",
                "registration.review.received": "recorded an application for review of "
                "indefinite notification",
                "registration.review.viewed": "viewed an application for review",
                "registration.review.information": "recorded a request to the responsible bodies",
                "registration.review.determined": "recorded the determination of a review",
                "registration.review.appealed": "recorded an appeal against a review determination",
            }
        )
        register_panel(Panel(order=10, template="registration/_panel.html", context=panel_context))
