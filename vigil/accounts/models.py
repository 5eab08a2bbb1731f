"""Forces, units and users.

A user belongs to one unit, and through it to one force; their role says what kinds of
thing they may do (``roles.GRANTS``) and their unit and force limit which records they
see. Vetting expiry and the active flag decide whether they may sign in at all.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from vigil.accounts.roles import Perm, Role


class Nation(models.TextChoices):
    """The nation a force polices: it decides bank holidays and some procedure."""

    ENGLAND = "ENG", "England"
    WALES = "WLS", "Wales"


class Force(models.Model):
    """A police force: the top of the access hierarchy."""

    code = models.SlugField(
        max_length=12, unique=True, help_text="Short code, for example 'northshire'."
    )
    name = models.CharField(max_length=120, unique=True)
    nation = models.CharField(max_length=3, choices=Nation.choices, default=Nation.ENGLAND)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A public-protection unit within a force; users and caseloads belong to one."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="units")
    code = models.SlugField(max_length=24)
    name = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["force__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["force", "code"], name="unit_code_unique_in_force"),
            models.UniqueConstraint(fields=["force", "name"], name="unit_name_unique_in_force"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.force.name})"


class VettingLevel(models.TextChoices):
    """Police vetting levels (Authorised Professional Practice: Vetting)."""

    RV = "RV", "Recruitment vetting"
    MV = "MV", "Management vetting"
    NPPV1 = "NPPV1", "Non-police personnel vetting level 1"
    NPPV2 = "NPPV2", "Non-police personnel vetting level 2"
    NPPV3 = "NPPV3", "Non-police personnel vetting level 3"
    SC = "SC", "Security check"
    DV = "DV", "Developed vetting"


class VigilUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # Usernames are matched without regard to case: "Manager" signs in as "manager".
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A person who signs in to Vigil."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="users")
    role = models.CharField(max_length=24, choices=Role.choices)
    vetting_level = models.CharField(max_length=6, choices=VettingLevel.choices)
    # Access ends when vetting lapses: the account cannot sign in after this date.
    vetting_expires = models.DateField()
    # Partner agency users name their organisation (probation, prisons, youth offending).
    organisation = models.CharField(max_length=120, blank=True)

    objects = VigilUserManager()  # type: ignore[misc]
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        indexes = [models.Index(fields=["unit", "role"], name="user_unit_role_idx")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def force(self) -> Force:
        return self.unit.force

    @property
    def force_id(self) -> int:
        return self.unit.force_id

    def vetting_current(self, today: dt.date | None = None) -> bool:
        return self.vetting_expires >= (today or timezone.localdate())

    def can(self, perm: Perm) -> bool:
        """Whether this user's role allows ``perm`` (see ``roles.GRANTS``)."""
        return self.has_perm(perm.value)
