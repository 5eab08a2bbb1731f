"""Who may review reactive management that an event ended (issue 6: "the supervisor is
told").

The nominal itself is always loaded through ``nominals.access.access_nominal`` first, so
a person of another force is a 404 before this is asked. Deciding on a proposal has its
own rule (``risk.access.approval_refusal``: also never one's own proposal); a review has
no author to exclude.
"""

from __future__ import annotations

from typing import Any

from vigil.accounts.roles import Perm
from vigil.nominals.models import Nominal


def review_refusal(user: Any, nominal: Nominal) -> str | None:
    """Why ``user`` may not review the end of ``nominal``'s reactive management; None
    when they may. One rule per line:
    - only a supervisor (``Perm.APPROVE``, the permission that approved it);
    - only a supervisor of the unit that manages the nominal (issue 5).
    """
    if not (user.is_authenticated and user.is_active and user.can(Perm.APPROVE)):
        return "Only a supervisor can review the end of reactive management."
    if user.unit_id != nominal.unit_id:
        return (
            f"Only a supervisor of {nominal.unit.name}, the unit that manages this person, "
            "can review the end of their reactive management."
        )
    return None
