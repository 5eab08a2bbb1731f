"""The parts of a nominal record, described once.

The overview, the add and change pages and the history page all read this list, so a
new part of the record is one entry here plus its model and form, not another set of
views.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from vigil.nominals import forms as f
from vigil.nominals import models as m


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form: type[f.SectionForm]
    #: The model holding the rows; ``Nominal`` for sections that are fields of the nominal.
    model: type[models.Model]
    #: Columns shown on the overview, as (heading, attribute or method name).
    columns: tuple[tuple[str, str], ...] = ()
    #: Noun for one row ("an alias"), for "Add ..." links.
    noun: str = ""

    @property
    def single(self) -> bool:
        return self.model is m.Nominal


SECTIONS: tuple[Section, ...] = (
    Section("identity", "Identity", f.IdentityForm, m.Nominal),
    Section("management", "Registration and management", f.ManagementForm, m.Nominal),
    Section("identifiers", "Identifiers", f.IdentifiersForm, m.Nominal),
    Section("description", "Physical description", f.DescriptionForm, m.Nominal),
    Section(
        "names",
        "Other names",
        f.NameForm,
        m.NominalName,
        (("Name", "__str__"), ("From", "from_date"), ("To", "to_date")),
        "a name",
    ),
    Section(
        "dates-of-birth",
        "Other dates of birth",
        f.AlternativeDateOfBirthForm,
        m.AlternativeDateOfBirth,
        (("Date of birth", "date_of_birth"), ("Recorded in", "source")),
        "a date of birth",
    ),
    Section(
        "marks",
        "Scars, marks and tattoos",
        f.MarkForm,
        m.DistinguishingMark,
        (("Mark", "__str__"), ("Description", "description")),
        "a mark",
    ),
    Section(
        "documents",
        "Passports and identity documents",
        f.DocumentForm,
        m.IdentityDocument,
        (("Document", "__str__"), ("Issued by", "issuing_country"), ("Expires", "expires_on")),
        "a document",
    ),
    Section(
        "addresses",
        "Addresses",
        f.AddressForm,
        m.Address,
        (
            ("Address", "__str__"),
            ("Kind", "get_kind_display"),
            ("From", "from_date"),
            ("To", "to_date"),
        ),
        "an address",
    ),
    Section(
        "household",
        "Household",
        f.HouseholdMemberForm,
        m.HouseholdMember,
        (
            ("Person", "__str__"),
            ("Date of birth", "date_of_birth"),
            ("From", "from_date"),
            ("To", "to_date"),
        ),
        "a household member",
    ),
    Section(
        "vehicles",
        "Vehicles",
        f.VehicleForm,
        m.Vehicle,
        (("Vehicle", "__str__"), ("From", "from_date"), ("To", "to_date")),
        "a vehicle",
    ),
    Section(
        "devices",
        "Phones and devices",
        f.DeviceForm,
        m.Device,
        (
            ("Device", "__str__"),
            ("Number", "phone_number"),
            ("Monitoring software", "monitoring_software"),
            ("To", "to_date"),
        ),
        "a device",
    ),
    Section(
        "online",
        "Online identities",
        f.OnlineIdentityForm,
        m.OnlineIdentity,
        (("Identity", "__str__"), ("From", "from_date"), ("To", "to_date")),
        "an online identity",
    ),
    Section(
        "bank-cards",
        "Bank accounts and cards",
        f.BankCardForm,
        m.BankCard,
        (("Account or card", "__str__"), ("From", "from_date"), ("To", "to_date")),
        "an account or card",
    ),
    Section(
        "occupations",
        "Employment, education and volunteering",
        f.OccupationForm,
        m.Occupation,
        (
            ("Where", "__str__"),
            ("Role", "role"),
            ("Contact with children", "contact_with_children"),
            ("To", "to_date"),
        ),
        "employment, education or volunteering",
    ),
    Section(
        "associates",
        "Associates",
        f.AssociateForm,
        m.Associate,
        (("Associate", "__str__"), ("From", "from_date"), ("To", "to_date")),
        "an associate",
    ),
    Section(
        "record-reviews",
        "Record reviews",
        f.RecordReviewForm,
        m.RecordReview,
        (("Reviewed on", "reviewed_on"), ("Notes", "notes")),
        "a record review",
    ),
    Section(
        "flags",
        "Flags and markers",
        f.FlagForm,
        m.Flag,
        (
            ("Flag", "__str__"),
            ("Reason", "reason"),
            ("Review by", "review_on"),
            ("Removed", "removed_on"),
        ),
        "a flag",
    ),
)

BY_SLUG = {s.slug: s for s in SECTIONS}
ROW_SECTIONS = tuple(s for s in SECTIONS if not s.single)
