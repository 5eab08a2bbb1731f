"""Providers for obligations whose facts live on the nominal record itself."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Max
from django.urls import reverse

from vigil.nominals.models import Flag, RecordReview
from vigil.obligations.engine import (
    Context,
    Kind,
    Obligation,
    Owner,
    Problem,
    guarded,
    register,
)
from vigil.policy.cadence import next_record_review_due


def flag_reviews(ctx: Context) -> Iterable[Obligation | Problem]:
    """Each flag or marker still in force must be reviewed by its review date (issue 3)."""
    flags = Flag.objects.filter(nominal_id__in=ctx.ids, removed_on__isnull=True).values_list(
        "nominal_id", "review_on", "kind"
    )
    labels = dict(Flag._meta.get_field("kind").choices or [])
    for nominal_id, review_on, kind in flags:
        row = ctx.rows[nominal_id]
        yield Obligation(
            nominal=row,
            kind=Kind.FLAG_REVIEW,
            due=review_on,
            owner=Owner.OFFENDER_MANAGER,
            detail=str(labels.get(kind, kind)),
            link=reverse("nominals:detail", args=[row.reference]) + "#flags",
        )


def record_reviews(ctx: Context) -> Iterable[Obligation | Problem]:
    """The register support officers' periodic record review ("16-week review", issue 6):
    due one policy interval after the last, or after registration if never reviewed
    (vigil.policy.cadence.next_record_review_due)."""
    last = dict(
        RecordReview.objects.filter(nominal_id__in=ctx.ids)
        .values("nominal_id")
        .annotate(last=Max("reviewed_on"))
        .values_list("nominal_id", "last")
    )
    for row in ctx.rows.values():

        def make(row=row):  # type: ignore[no-untyped-def]
            due = next_record_review_due(
                policy=ctx.policy,
                last_reviewed_on=last.get(row.id),
                management_start=row.registered_on,
            )
            return Obligation(
                nominal=row,
                kind=Kind.RECORD_REVIEW,
                due=due,
                owner=Owner.REGISTER_SUPPORT,
                detail="Never reviewed"
                if row.id not in last
                else f"Last reviewed {last[row.id]:%d %b %Y}",
                link=reverse("nominals:section", args=[row.reference, "record-reviews"]),
            )

        yield from guarded(row, Kind.RECORD_REVIEW, make)


register("flag_reviews", (Kind.FLAG_REVIEW,), flag_reviews)
register("record_reviews", (Kind.RECORD_REVIEW,), record_reviews)
