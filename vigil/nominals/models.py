"""The nominal record: identity, description, identifiers, and everything linked to them.

Each part of the record is a *section* (``sections.py``): one model (or the nominal row
itself) with a form and an edit page. Every row records who created and last changed it,
carries a version for optimistic locking (``services.save_section``) and keeps its full
history (django-simple-history). Nothing is deleted from the interface: rows are ended
with a "to" date, and nominals are closed by status, never removed (MoPI, RULES.md §7).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from vigil.accounts.models import Force, Unit

# A public reference: not the database key, not guessable in sequence. 8 characters from
# an alphabet without look-alikes (no 0/O, 1/I/L) gives 32^8 ≈ 10^12 values.
_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    body = "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))
    return f"VG-{body[:4]}-{body[4:]}"


class Category(models.TextChoices):
    RSO = "rso", "Registered sex offender"
    VIOLENT = "violent", "Violent offender"
    TERRORISM = "terrorism", "Terrorism notifier"
    PDP = "pdp", "Potentially dangerous person"


class Status(models.TextChoices):
    COMMUNITY = "community", "In the community"
    CUSTODY = "custody", "In custody"
    HOSPITAL = "hospital", "In hospital"
    OVERSEAS = "overseas", "Overseas"
    MISSING = "missing", "Missing or wanted"
    DECEASED = "deceased", "Deceased"
    NO_LONGER_SUBJECT = "ended", "No longer subject"


class Gender(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class SelfDefinedEthnicity(models.TextChoices):
    """The "16+1" self-defined ethnicity codes used by police forces (2001 Census set)."""

    W1 = "W1", "White: British"
    W2 = "W2", "White: Irish"
    W9 = "W9", "White: any other White background"
    M1 = "M1", "Mixed: White and Black Caribbean"
    M2 = "M2", "Mixed: White and Black African"
    M3 = "M3", "Mixed: White and Asian"
    M9 = "M9", "Mixed: any other mixed background"
    A1 = "A1", "Asian or Asian British: Indian"
    A2 = "A2", "Asian or Asian British: Pakistani"
    A3 = "A3", "Asian or Asian British: Bangladeshi"
    A9 = "A9", "Asian or Asian British: any other Asian background"
    B1 = "B1", "Black or Black British: Caribbean"
    B2 = "B2", "Black or Black British: African"
    B9 = "B9", "Black or Black British: any other Black background"
    O1 = "O1", "Chinese"
    O9 = "O9", "Any other ethnic group"
    NS = "NS", "Not stated"


class OfficerDefinedEthnicity(models.TextChoices):
    """The officer's perception (IC codes), recorded separately from self-definition."""

    IC1 = "IC1", "IC1: White, North European"
    IC2 = "IC2", "IC2: White, South European"
    IC3 = "IC3", "IC3: Black"
    IC4 = "IC4", "IC4: Asian"
    IC5 = "IC5", "IC5: Chinese, Japanese or other South East Asian"
    IC6 = "IC6", "IC6: Arab or North African"
    IC0 = "IC0", "IC0: Not known"


class Build(models.TextChoices):
    SLIM = "slim", "Slim"
    MEDIUM = "medium", "Medium"
    STOCKY = "stocky", "Stocky"
    LARGE = "large", "Large"
    MUSCULAR = "muscular", "Muscular"


class Tracked(models.Model):
    """Who created and last changed a row, when, and its version for optimistic locking."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    modified_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    # Incremented by every save through services.save_section; a form that was loaded at
    # an older version is refused, never silently overwriting the newer change.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class NominalQuerySet(models.QuerySet["Nominal"]):
    def visible_to(self, user: Any) -> NominalQuerySet:
        """The nominals ``user`` may see. The only place this rule is written.

        - Officers, register staff, supervisors and analysts of a force: that force's
          nominals (the managing force holds the record).
        - Partner-agency users: only cases shared with them; sharing comes with MAPPA,
          so for now none.
        - Scrutiny panel members and system administrators: none (panel members see only
          redacted case packs; administrators run the system, not cases).
        """
        from vigil.accounts.roles import Perm

        if not (user.is_authenticated and user.is_active and user.can(Perm.VIEW_NOMINALS)):
            return self.none()
        return self.filter(force_id=user.unit.force_id)


class Nominal(Tracked):
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    category = models.CharField(max_length=12, choices=Category.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.COMMUNITY)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="nominals")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="nominals")
    offender_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_nominals",
    )
    # The day the person came onto this register (notification began, order served, or
    # PDP status agreed); nothing about them can be recorded as done before it.
    registered_on = models.DateField()

    # Identity: the name and date of birth the record is known by. Other names and
    # claimed dates of birth are in NominalName and AlternativeDateOfBirth.
    forename = models.CharField(max_length=80)
    middle_names = models.CharField(max_length=120, blank=True)
    surname = models.CharField(max_length=80)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=8, choices=Gender.choices)
    self_defined_ethnicity = models.CharField(
        max_length=3, choices=SelfDefinedEthnicity.choices, default=SelfDefinedEthnicity.NS
    )
    officer_defined_ethnicity = models.CharField(
        max_length=3, choices=OfficerDefinedEthnicity.choices, default=OfficerDefinedEthnicity.IC0
    )
    place_of_birth = models.CharField(max_length=120, blank=True)
    nationality = models.CharField(max_length=80, blank=True)

    # Physical description.
    height_cm = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(50), MaxValueValidator(250)]
    )
    build = models.CharField(max_length=10, choices=Build.choices, blank=True)
    hair = models.CharField(max_length=80, blank=True)
    eyes = models.CharField(max_length=40, blank=True)
    facial_hair = models.CharField(max_length=80, blank=True)
    accent = models.CharField(max_length=80, blank=True)
    description_notes = models.TextField(blank=True)

    # Identifiers, stored in canonical form (vigil.policy.identifiers).
    pnc_id = models.CharField(max_length=12, blank=True, db_index=True)
    cro_number = models.CharField(max_length=16, blank=True, db_index=True)
    ni_number = models.CharField(max_length=9, blank=True, db_index=True)

    objects = NominalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["surname", "forename"]
        indexes = [
            models.Index(fields=["force", "unit", "status"], name="nominal_force_unit_idx"),
            models.Index(fields=["offender_manager", "status"], name="nominal_manager_idx"),
            models.Index(fields=["date_of_birth"], name="nominal_dob_idx"),
            models.Index(fields=["surname", "forename"], name="nominal_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registered_on__gte=models.F("date_of_birth")),
                name="nominal_registered_after_birth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.reference})"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.forename, self.middle_names, self.surname) if p)

    def age(self, today: dt.date | None = None) -> int:
        today = today or timezone.localdate()
        dob = self.date_of_birth
        return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


class NominalPart(Tracked):
    """A row belonging to one nominal (an alias, an address, a vehicle, ...)."""

    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT)

    class Meta:
        abstract = True


class Dated(models.Model):
    """A fact true over a period; a row is ended with ``to_date``, never deleted."""

    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    def current(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (self.from_date is None or self.from_date <= today) and (
            self.to_date is None or self.to_date >= today
        )


class NameKind(models.TextChoices):
    ALIAS = "alias", "Alias"
    PREVIOUS = "previous", "Previous name"
    BIRTH = "birth", "Birth name"
    NICKNAME = "nickname", "Nickname"
    SPELLING = "spelling", "Other spelling"


class NominalName(NominalPart, Dated):
    kind = models.CharField(max_length=10, choices=NameKind.choices, default=NameKind.ALIAS)
    forename = models.CharField(max_length=80, blank=True)
    surname = models.CharField(max_length=80)
    history = HistoricalRecords()

    class Meta:
        ordering = ["surname", "forename"]
        indexes = [models.Index(fields=["nominal", "kind"], name="name_nominal_idx")]

    def __str__(self) -> str:
        return f"{self.forename} {self.surname} ({self.get_kind_display()})".strip()


class AlternativeDateOfBirth(NominalPart):
    """Another date of birth the person has claimed or been recorded with."""

    date_of_birth = models.DateField()
    source = models.CharField(max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date_of_birth"]
        indexes = [models.Index(fields=["date_of_birth"], name="altdob_dob_idx")]

    def __str__(self) -> str:
        return self.date_of_birth.isoformat()


class NameKey(models.Model):
    """A phonetic or normalised key for one of a nominal's names, for candidate search.

    Derived data, rebuilt whenever a name changes (``search.rebuild_name_keys``), so the
    same equality lookup finds spelling variants on SQLite and PostgreSQL alike.
    """

    nominal = models.ForeignKey(Nominal, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["key"], name="namekey_key_idx")]
        constraints = [models.UniqueConstraint(fields=["nominal", "key"], name="namekey_unique")]

    def __str__(self) -> str:
        return self.key


class MarkKind(models.TextChoices):
    SCAR = "scar", "Scar"
    MARK = "mark", "Mark"
    TATTOO = "tattoo", "Tattoo"
    PIERCING = "piercing", "Piercing"
    OTHER = "other", "Other"


class DistinguishingMark(NominalPart):
    kind = models.CharField(max_length=10, choices=MarkKind.choices)
    body_location = models.CharField(max_length=120)
    description = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "body_location"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.body_location}"


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", "Passport"
    DRIVING_LICENCE = "driving_licence", "Driving licence"
    ID_CARD = "id_card", "National identity card"
    TRAVEL = "travel", "Other travel document"
    OTHER = "other", "Other identity document"


class IdentityDocument(NominalPart):
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    number = models.CharField(max_length=40)
    issuing_country = models.CharField(max_length=80, default="United Kingdom")
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-expires_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class AddressKind(models.TextChoices):
    HOME = "home", "Home (sole or main residence)"
    SECONDARY = "secondary", "Other address where they stay 7 days or more"
    TEMPORARY = "temporary", "Temporary address"
    NFA = "nfa", "No fixed abode"


class Address(NominalPart, Dated):
    kind = models.CharField(max_length=10, choices=AddressKind.choices)
    line1 = models.CharField(max_length=120, blank=True)
    line2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    # Where a person with no fixed abode can be found (RULES.md §2: weekly notification).
    location_notes = models.TextField(blank=True)
    latitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(49.0), MaxValueValidator(61.0)]
    )
    longitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-9.0), MaxValueValidator(2.5)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-from_date"]
        indexes = [models.Index(fields=["nominal", "kind", "to_date"], name="address_current_idx")]

    def __str__(self) -> str:
        if self.kind == AddressKind.NFA:
            return "No fixed abode"
        return ", ".join(p for p in (self.line1, self.line2, self.town, self.postcode) if p)


class HouseholdMember(NominalPart, Dated):
    """Someone living at one of the nominal's addresses; children under 18 are flagged."""

    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="household")
    name = models.CharField(max_length=120)
    relationship = models.CharField(max_length=80, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # When the date of birth is not known, whether the person is believed under 18.
    believed_under_18 = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})" if self.relationship else self.name

    def is_child(self, today: dt.date | None = None) -> bool:
        if self.date_of_birth is None:
            return self.believed_under_18
        today = today or timezone.localdate()
        dob = self.date_of_birth
        age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        return age < 18


class Vehicle(NominalPart, Dated):
    vrm = models.CharField("registration", max_length=10, db_index=True)
    make = models.CharField(max_length=40, blank=True)
    model = models.CharField(max_length=40, blank=True)
    colour = models.CharField(max_length=30, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-from_date"]

    def __str__(self) -> str:
        from vigil.policy.identifiers import format_vrm

        return " ".join(p for p in (format_vrm(self.vrm), self.colour, self.make, self.model) if p)


class DeviceKind(models.TextChoices):
    PHONE = "phone", "Mobile phone"
    COMPUTER = "computer", "Computer or laptop"
    TABLET = "tablet", "Tablet"
    CONSOLE = "console", "Games console"
    WATCH = "watch", "Smart watch"
    OTHER = "other", "Other internet-enabled device"


class Device(NominalPart, Dated):
    kind = models.CharField(max_length=10, choices=DeviceKind.choices)
    make_model = models.CharField("make and model", max_length=80, blank=True)
    identifier = models.CharField(
        max_length=60, blank=True, help_text="IMEI, serial number or similar."
    )
    phone_number = models.CharField(max_length=20, blank=True)
    monitoring_software = models.BooleanField(default=False)
    monitoring_notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-from_date"]

    def __str__(self) -> str:
        return " ".join(p for p in (self.get_kind_display(), self.make_model) if p)


class OnlineIdentity(NominalPart, Dated):
    platform = models.CharField(max_length=60)
    handle = models.CharField(max_length=120)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["platform", "handle"]

    def __str__(self) -> str:
        return f"{self.platform}: {self.handle}"


class CardKind(models.TextChoices):
    ACCOUNT = "account", "Bank or building society account"
    DEBIT = "debit", "Debit card"
    CREDIT = "credit", "Credit card"
    PREPAID = "prepaid", "Prepaid card"


class BankCard(NominalPart, Dated):
    """A bank account or card. Only the issuer and last four digits are ever stored."""

    kind = models.CharField(max_length=10, choices=CardKind.choices)
    issuer = models.CharField(max_length=80)
    last_four = models.CharField(max_length=4, validators=[RegexValidator(r"^\d{4}$")])
    history = HistoricalRecords()

    class Meta:
        ordering = ["issuer"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.issuer}, ending {self.last_four}"


class OccupationKind(models.TextChoices):
    EMPLOYMENT = "employment", "Employment"
    EDUCATION = "education", "Education"
    VOLUNTEERING = "volunteering", "Volunteering"


class Occupation(NominalPart, Dated):
    kind = models.CharField(max_length=12, choices=OccupationKind.choices)
    organisation = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True)
    location = models.CharField(max_length=200, blank=True)
    contact_with_children = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-from_date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organisation}"


class Associate(NominalPart, Dated):
    name = models.CharField(max_length=120)
    relationship = models.CharField(max_length=80)
    # Set when the associate is on the register too.
    linked_nominal = models.ForeignKey(
        Nominal, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class FlagKind(models.TextChoices):
    VIOLENT_TO_STAFF = "violent_staff", "Violent towards staff"
    FIREARMS = "firearms", "Firearms"
    WEAPONS = "weapons", "Weapons"
    VEHICLE_OF_INTEREST = "vehicle", "Vehicle of interest"
    LOCATION_OF_INTEREST = "location", "Location of interest"
    SELF_HARM = "self_harm", "Self-harm or suicide risk"
    DOGS = "dogs", "Dangerous dogs"
    CONTAGION = "contagion", "Contagion"
    OTHER = "other", "Other"


class Flag(NominalPart):
    """A warning marker; each has a reason and a date by which it must be reviewed."""

    kind = models.CharField(max_length=16, choices=FlagKind.choices)
    reason = models.TextField()
    review_on = models.DateField()
    removed_on = models.DateField(null=True, blank=True)
    removal_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["removed_on", "review_on"]
        indexes = [models.Index(fields=["nominal", "removed_on"], name="flag_active_idx")]

    def __str__(self) -> str:
        return self.get_kind_display()


def _photo_path(instance: Photo, filename: str) -> str:
    # A random name: the file system never reveals whose photograph it is.
    return f"photos/{secrets.token_hex(16)}.jpg"


def _thumbnail_path(instance: Photo, filename: str) -> str:
    return f"photos/thumbs/{secrets.token_hex(16)}.jpg"


class Photo(NominalPart):
    """A photograph of the nominal, re-encoded without metadata (``photos.py``).

    Files live under MEDIA_ROOT, which is never served directly: the only way to see a
    photograph is the authorised, audited view in ``views_photos.py``.
    """

    image = models.FileField(upload_to=_photo_path)
    thumbnail = models.FileField(upload_to=_thumbnail_path)
    taken_on = models.DateField()
    description = models.CharField(max_length=200, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # Of the re-encoded file, to spot the same photograph uploaded twice.
    sha256 = models.CharField(max_length=64)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-taken_on", "-id"]
        constraints = [
            # Two uploads of the same photograph at once cannot both be stored.
            models.UniqueConstraint(fields=["nominal", "sha256"], name="photo_unique_per_nominal"),
        ]

    def __str__(self) -> str:
        return f"Photograph taken {self.taken_on.isoformat()}"


class RecordReview(NominalPart):
    """A register support officer's periodic check of the whole record ("16-week review").

    Issue 6: the record checked complete and current, flags and markers reviewed; the
    interval is the force's cadence policy (vigil.policy.cadence.RECORD_REVIEW).
    """

    reviewed_on = models.DateField()
    record_complete = models.BooleanField(
        default=False, help_text="Identity, addresses, household, vehicles and devices checked."
    )
    flags_reviewed = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on"]
        indexes = [models.Index(fields=["nominal", "reviewed_on"], name="recordreview_idx")]

    def __str__(self) -> str:
        return f"Record review on {self.reviewed_on.isoformat()}"
