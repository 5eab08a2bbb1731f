"""Reactive management (RULES.md §5.3; issue 6): placement, supervisor approval, and the
automatic end when something listed in the criteria changes."""

from __future__ import annotations

from django.apps import AppConfig


class ReactiveConfig(AppConfig):
    name = "vigil.reactive"
    label = "reactive"
    verbose_name = "Reactive management"

    def ready(self) -> None:
        from vigil.audit.actions import register
        from vigil.nominals import panels
        from vigil.reactive import providers
        from vigil.reactive.queries import panel_context
        from vigil.registration import triggers as registration_triggers
        from vigil.risk import triggers

        register(
            {
                "reactive.viewed": "viewed a person's reactive management record",
                "reactive.form.viewed": "opened a reactive management form",
                "reactive.proposed": "proposed a person for reactive management",
                "reactive.proposal.refused": (
                    "was told a person does not meet the criteria for reactive management"
                ),
                "reactive.approved": "approved reactive management",
                "reactive.declined": "declined reactive management",
                "reactive.ended": "ended reactive management",
                "reactive.end.reviewed": ("reviewed reactive management that an event had ended"),
                "reactive.approvals.viewed": "viewed the reactive management approvals queue",
            }
        )
        # The registration app's facts as review triggers (RULES.md §5.3, issue 5): each
        # also ends reactive management (``CadencePolicy.reactive_revoking_triggers``).
        triggers.register(
            "registration.convictions",
            registration_triggers.new_convictions,
            days=registration_triggers.conviction_days,
        )
        triggers.register(
            "registration.breaches",
            registration_triggers.breaches,
            days=registration_triggers.breach_days,
        )
        panels.register(
            panels.Panel(order=30, template="reactive/_panel.html", context=panel_context)
        )
        providers.register_providers()
