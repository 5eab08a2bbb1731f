"""Append-only audit events: who did what to which record, when, why and from where."""
