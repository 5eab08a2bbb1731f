"""Reads that span the nominal record: set-based, a fixed number of queries per page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from vigil.nominals import models as m
from vigil.nominals.sections import ROW_SECTIONS, SECTIONS, Section
from vigil.risk.queries import level_in_force_subquery, pending_level_subquery


def _cell(row: Any, attr: str) -> Any:
    value = getattr(row, attr)
    return value() if callable(value) else value


@dataclass
class SectionRows:
    section: Section
    rows: list[tuple[Any, list[Any], bool]] = field(default_factory=list)  # row, cells, current


def overview(nominal: m.Nominal, *, today: dt.date) -> dict[str, Any]:
    """Everything the overview page shows: one query per section, however many rows."""
    sections = []
    by_slug: dict[str, list[Any]] = {}
    for section in ROW_SECTIONS:
        qs = section.model._default_manager.filter(nominal=nominal)
        if section.model is m.HouseholdMember:
            qs = qs.select_related("address")
        if section.model is m.Associate:
            qs = qs.select_related("linked_nominal")
        rows = list(qs)
        by_slug[section.slug] = rows
        block = SectionRows(section)
        for row in rows:
            current = (
                row.current(today)
                if hasattr(row, "current")
                else (getattr(row, "removed_on", None) is None)
            )
            block.rows.append((row, [_cell(row, a) for _, a in section.columns], current))
        sections.append(block)
    addresses = by_slug["addresses"]
    current_addresses = [a for a in addresses if a.current(today)]
    # Where they live: the home (or no fixed abode) first, else wherever they are now
    # (a hospital or hostel recorded as a temporary address).
    home = next(
        (a for a in current_addresses if a.kind in (m.AddressKind.HOME, m.AddressKind.NFA)), None
    ) or next(iter(current_addresses), None)
    children = [h for h in by_slug["household"] if h.current(today) and h.is_child(today)]
    flags = [fl for fl in by_slug["flags"] if fl.removed_on is None]
    photos = list(m.Photo.objects.filter(nominal=nominal))
    return {
        "sections": sections,
        "single_sections": [s for s in SECTIONS if s.single],
        "home": home,
        "children": children,
        "active_flags": flags,
        "flags_overdue": [fl for fl in flags if fl.review_on < today],
        "aliases": by_slug["names"],
        "vehicles_now": [v for v in by_slug["vehicles"] if v.current(today)],
        "photos": photos,
        "age": nominal.age(today),
    }


def field_values(instance: Any, form: Any) -> list[tuple[str, Any]]:
    """The stored values of a form's fields, labelled, to show beside a conflicting edit."""
    out = []
    for name, bound in form.fields.items():
        if hasattr(instance, name):
            value = getattr(instance, name)
            display = getattr(instance, f"get_{name}_display", None)
            out.append((bound.label or name, display() if callable(display) else value))
    return out


@dataclass
class Change:
    at: dt.datetime
    who: str
    section: str
    what: str  # "added", "changed"
    row: str
    fields: list[tuple[str, Any, Any]]  # label, old, new


def _label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:
        return name


_SKIP = {"version", "modified_at", "modified_by", "created_at", "created_by"}


def history(nominal: m.Nominal) -> list[Change]:
    """Every change to every section, newest first: one query per section's history."""
    changes: list[Change] = []
    models_and_titles: list[tuple[Any, str, Q]] = [(m.Nominal, "Nominal record", Q(id=nominal.pk))]
    models_and_titles += [(s.model, s.title, Q(nominal_id=nominal.pk)) for s in ROW_SECTIONS]
    models_and_titles.append((m.Photo, "Photographs", Q(nominal_id=nominal.pk)))
    for model, title, where in models_and_titles:
        records = list(
            model.history.filter(where)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous: dict[int, Any] = {}
        for record in records:
            before = previous.get(record.id)
            who = (
                record.history_user.get_full_name() or record.history_user.username
                if record.history_user
                else "System"
            )
            if before is None:
                changes.append(
                    Change(record.history_date, who, title, "added", str(record.instance), [])
                )
            else:
                delta = record.diff_against(before)
                fields = [
                    (_label(model, c.field), c.old, c.new)
                    for c in delta.changes
                    if c.field not in _SKIP
                ]
                if fields:
                    changes.append(
                        Change(
                            record.history_date, who, title, "changed", str(record.instance), fields
                        )
                    )
            previous[record.id] = record
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes


def with_list_columns(nominals: QuerySet[m.Nominal]) -> QuerySet[m.Nominal]:
    """Annotate what a caseload list shows, in the same query as the list."""
    today = dt.date.today()
    home = m.Address.objects.filter(
        nominal=OuterRef("pk"),
        to_date__isnull=True,
        kind__in=[m.AddressKind.HOME, m.AddressKind.NFA],
    ).order_by("-from_date")
    return (
        nominals.select_related("offender_manager", "unit")
        .annotate(
            home_postcode=Subquery(home.values("postcode")[:1]),
            home_kind=Subquery(home.values("kind")[:1]),
            # The approved risk level in force and any level waiting for approval (issue 5).
            risk_level=level_in_force_subquery(),
            pending_risk_level=pending_level_subquery(),
            active_flags=Count("flag", filter=Q(flag__removed_on__isnull=True), distinct=True),
            has_child=Exists(
                m.HouseholdMember.objects.filter(
                    nominal=OuterRef("pk"), to_date__isnull=True
                ).filter(
                    Q(date_of_birth__gt=today.replace(year=today.year - 18))
                    | Q(date_of_birth__isnull=True, believed_under_18=True)
                )
            ),
        )
        .order_by("surname", "forename")
    )
