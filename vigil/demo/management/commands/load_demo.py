"""``manage.py load_demo``: load the synthetic demonstration data. Safe to run twice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from vigil.demo import accounts, nominals, policy, reactive, registration, risk, visits


class Command(BaseCommand):
    help = "Load the synthetic demonstration data (idempotent). Refused in production."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data cannot be loaded into a production configuration.")
        with transaction.atomic():
            users = accounts.load_accounts()
            created = nominals.load_nominals()
            # Risk, then reactive management (chosen by risk level, and one of them has
            # a rise to medium), then visits: the visit histories follow each person's
            # risk level in force.
            more = {
                # Before visits: each force's visit histories follow its own policy.
                "force policy versions": policy.load_policy(),
                "notification histories": registration.load_registration(),
                "risk records": risk.load_risk(),
                "reactive management placements": reactive.load_reactive(),
                "visits": visits.load_visits(),
            }
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if created:
            self.stdout.write(f"Created {created} synthetic nominals.")
        else:
            self.stdout.write("The synthetic nominals were already loaded: none created.")
        for what, count in more.items():
            self.stdout.write(
                f"Created {count} {what}."
                if count
                else f"The {what} were already loaded: none created."
            )
        self.stdout.write(f"Demo accounts (password: {accounts.PASSWORD}):")
        for user in users:
            self.stdout.write(
                f"  {user.username:<14} {user.get_role_display():<28} {user.unit.force.name}"
            )
        self.stdout.write(
            "  and, with caseloads for the demo: "
            + ", ".join(officer.username for officer in nominals.OFFICERS)
        )
