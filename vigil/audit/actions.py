"""Audit action codes and the sentences the history pages show for them.

Codes are dotted, subject first (``nominal.address.changed``, ``search.nominal.run``,
``export.audit.csv``). An app registers its own codes in its ``AppConfig.ready``; writing
an unregistered code is a programming error, caught by the tests.
"""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    "auth.sign_in.succeeded": "signed in",
    "auth.sign_in.failed": "failed to sign in",
    "auth.locked_out": "was locked out after repeated failed sign-ins",
    "auth.sign_out": "signed out",
    "auth.idle_timeout": "was signed out after a period of inactivity",
    "auth.two_factor.enrolled": "set up two-factor authentication",
    "auth.two_factor.verified": "passed two-factor authentication",
    "auth.two_factor.failed": "entered a wrong two-factor code",
    "user.created": "created a user account",
    "user.changed": "changed a user account",
    "user.disabled": "disabled a user account",
    "user.enabled": "re-enabled a user account",
    "user.two_factor.reset": "reset a user's two-factor authentication",
    "user.list.viewed": "viewed the list of user accounts",
    "force.created": "created a force",
    "unit.created": "created a unit",
    "audit.viewed": "searched the audit trail",
    "export.audit.csv": "exported the audit trail as CSV",
}


def register(codes: dict[str, str]) -> None:
    """Add an app's action codes. A code may be registered once, with one sentence."""
    for code, sentence in codes.items():
        if ACTIONS.get(code, sentence) != sentence:
            raise ValueError(f"audit action {code!r} is registered twice with different text")
        ACTIONS[code] = sentence


def describe(code: str) -> str:
    return ACTIONS.get(code, code)
