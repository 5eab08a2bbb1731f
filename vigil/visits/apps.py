"""The diary: home visits and other contacts, planned and recorded."""

from __future__ import annotations

from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "vigil.visits"
    label = "visits"
    verbose_name = "Visits and diary"

    def ready(self) -> None:
        from vigil.audit.actions import register
        from vigil.nominals.panels import Panel
        from vigil.nominals.panels import register as register_panel
        from vigil.visits import queries

        register(
            {
                "visit.planned": "planned a visit",
                "visit.moved": "moved a planned visit",
                "visit.cancelled": "cancelled a planned visit",
                "visit.recorded": "recorded a visit",
                "visit.viewed": "viewed a visit",
                "visit.list.viewed": "viewed a person's visits",
                "visit.page.viewed": "opened a visit form",
                "visit.conflict": "was stopped from overwriting another person's change to a visit",
                "visit.referral.added": "added a referral raised at a visit",
                "diary.viewed": "viewed their diary",
                "diary.feed.created": "created a calendar feed address for their diary",
                "diary.feed.revoked": "stopped their diary's calendar feed address",
                "diary.feed.fetched": "had their diary's calendar feed fetched",
            }
        )
        register_panel(Panel(order=40, template="visits/_panel.html", context=queries.panel))
