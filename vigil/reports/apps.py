"""Dashboards, KPIs and reports for managers, all read from the obligations engine."""

from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "vigil.reports"
    label = "reports"
    verbose_name = "Reports and dashboards"

    def ready(self) -> None:
        from vigil.audit.actions import register

        register(
            {
                "dashboard.viewed": "viewed a unit's dashboard",
                "dashboard.list.viewed": "viewed the people behind a dashboard figure",
                "report.late_visits.viewed": "viewed the monthly late-visits report",
                "export.late_visits.xlsx": "downloaded the monthly late-visits report (Excel)",
            }
        )
