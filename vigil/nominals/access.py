"""The only way a view loads a nominal (STYLE.md point 3)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from vigil.nominals.models import Nominal


def access_nominal(user: Any, reference: str, *, for_update: bool = False) -> Nominal:
    """The nominal with public ``reference`` if ``user`` may see it.

    Missing and not-yours give the same 404, so a reference cannot be probed to learn
    whether a record exists in another force.
    """
    qs = Nominal.objects.visible_to(user).select_related(
        "force", "unit", "offender_manager", "supervisor"
    )
    if for_update:
        qs = qs.select_for_update()
    try:
        return qs.get(reference=reference.strip().upper())
    except Nominal.DoesNotExist:
        raise Http404("No such nominal") from None
