"""Password sign-in that refuses disabled accounts and accounts whose vetting has lapsed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.utils import timezone


class VettedUserBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        """A user may sign in only while active and vetted.

        This is also consulted when a session is resumed (``get_user``), so disabling an
        account or letting its vetting lapse ends the sessions it already has.
        """
        if not super().user_can_authenticate(user):
            return False
        expires = getattr(user, "vetting_expires", None)
        return expires is not None and expires >= timezone.localdate()
