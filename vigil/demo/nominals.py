"""The demo's synthetic nominals and the officers who manage them (issue 3, "Demo").

``load_nominals()`` fills the demo register with a few hundred people who never existed,
spread over both forces, every unit and every offender manager, with the realistic mix of
categories, statuses and parts of the record (aliases, addresses and households,
vehicles, devices, flags and the rest) that every page needs to have something to show.

Everything is synthetic: names from Faker en_GB (and short lists of common names for
other backgrounds), fictional towns, format-valid identifiers made up from a seeded random
stream (PNC IDs with correct check letters, NI numbers with issued prefixes only, never
the ZZ dummy), phone numbers from Ofcom's range reserved for drama (07700 900xxx), e-mail
addresses at example domains. The same seed always gives the same people.

Idempotent: the nominals' public references come first from the seeded stream, so a
second run recognises its own records and creates nothing. It is fast because every model
is written with one ``bulk_create`` (pks come back on SQLite and PostgreSQL alike); the
first django-simple-history row of every record is written in bulk alongside it
(``simple_history.utils.bulk_create_with_history``), dated when the record was created and
attributed to the offender manager, so the history pages have an entry.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone
from faker import Faker
from simple_history.utils import bulk_create_with_history

from vigil.accounts.models import Unit, User, VettingLevel
from vigil.accounts.roles import Role
from vigil.demo import accounts
from vigil.nominals.models import (
    Address,
    AddressKind,
    AlternativeDateOfBirth,
    Associate,
    BankCard,
    Build,
    CardKind,
    Category,
    Device,
    DeviceKind,
    DistinguishingMark,
    DocumentKind,
    Flag,
    FlagKind,
    Gender,
    HouseholdMember,
    IdentityDocument,
    MarkKind,
    NameKind,
    Nominal,
    NominalName,
    Occupation,
    OccupationKind,
    OfficerDefinedEthnicity,
    OnlineIdentity,
    SelfDefinedEthnicity,
    Status,
    Vehicle,
)
from vigil.nominals.search import rebuild_name_keys
from vigil.policy import identifiers

T = TypeVar("T")

# ---------------------------------------------------------------------------------------
# The officers: three offender managers and a supervisor in every unit

OFFENDER_MANAGERS_PER_UNIT = 3
# The named demo accounts carry a full caseload of their own (55 of 520, scaled by count).
HEADLINE_MANAGERS = ("manager", "manager2")
HEADLINE_SHARE = 55 / 520
CHANGE_REASON = "Synthetic demonstration data"


@dataclass(frozen=True)
class Officer:
    """A demo officer added here, beyond the one-per-role accounts of ``accounts.py``."""

    username: str
    role: Role
    force_code: str
    unit_code: str


def _officer_specs() -> list[Officer]:
    specs: list[Officer] = []
    for force_code, _name, _nation, unit_specs in accounts.FORCES:
        for unit_code, _unit_name in unit_specs:
            short = unit_code.removeprefix("ppu-")
            existing = [a for a in accounts.ACCOUNTS if (a[4], a[5]) == (force_code, unit_code)]
            managers = sum(1 for a in existing if a[1] == Role.OFFENDER_MANAGER)
            for n in range(1, OFFENDER_MANAGERS_PER_UNIT - managers + 1):
                specs.append(
                    Officer(f"om.{short}.{n}", Role.OFFENDER_MANAGER, force_code, unit_code)
                )
            if not any(a[1] == Role.SUPERVISOR for a in existing):
                specs.append(Officer(f"sup.{short}.1", Role.SUPERVISOR, force_code, unit_code))
    return specs


OFFICERS: list[Officer] = _officer_specs()


def load_officers(*, seed: int = 2026, today: dt.date | None = None) -> list[User]:
    """Create the demo officers in ``OFFICERS`` that do not exist yet. Idempotent.

    Needs the forces and units of ``accounts.load_accounts()``. The password is the
    published demo password, hashed once for all of them (one argon2 hash instead of a
    dozen: they share the password anyway).
    """
    today = today or timezone.localdate()
    fake = Faker("en_GB")
    fake.seed_instance(seed + 1)  # not the nominals' stream: officers get other names
    units = {(u.force.code, u.code): u for u in Unit.objects.select_related("force")}
    existing = set(
        User.objects.filter(username__in=[o.username for o in OFFICERS]).values_list(
            "username", flat=True
        )
    )
    password = ""
    created = []
    for officer in OFFICERS:
        # Names are drawn for every officer, existing or not, so each keeps the same name.
        first, last = fake.first_name(), fake.last_name()
        if officer.username in existing:
            continue
        password = password or make_password(accounts.PASSWORD)
        user = User(
            username=officer.username,
            role=officer.role,
            first_name=first,
            last_name=last,
            email=f"{officer.username}@{officer.force_code}.example.police.uk",
            unit=units[(officer.force_code, officer.unit_code)],
            vetting_level=VettingLevel.MV,
            vetting_expires=_add_years(today, 3),
            password=password,
        )
        user.save()
        created.append(user)
    return created


# ---------------------------------------------------------------------------------------
# Vocabulary. Towns, prisons and parks are invented; postcode areas are real areas so
# that the outward codes look right, but every full address is made up.


def _split(text: str) -> tuple[str, ...]:
    """The items of a ``|``-separated list written across lines."""
    return tuple(item.strip() for item in text.split("|") if item.strip())


def _groups(text: str) -> tuple[tuple[str, ...], ...]:
    """``a/b | c/d/e`` as ``(("a", "b"), ("c", "d", "e"))``."""
    return tuple(tuple(name.strip() for name in item.split("/")) for item in _split(text))


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``a: b | c: d`` as ``(("a", "b"), ("c", "d"))``."""
    return tuple((a.strip(), b.strip()) for a, b in (item.split(":") for item in _split(text)))


@dataclass(frozen=True)
class Locality:
    towns: tuple[str, ...]
    postcode_areas: tuple[str, ...]
    latitude: tuple[float, float]
    longitude: tuple[float, float]
    plate_region: str  # first letter of the local DVLA memory tag
    prison: str
    hospital: str


# fmt: off
LOCALITIES: dict[str, Locality] = {
    "ppu-north": Locality(_split("Northby | Kelderton | Ashfell | Harrowdale | Thornwick Moor"),
                          ("DL", "TS", "DH"), (54.45, 54.75), (-1.90, -1.10), "N",
                          "HMP Kelderton", "Ashfell Secure Hospital"),
    "ppu-south": Locality(_split("Brackenby | Stainmoor | Eldwick Vale | Farrowgate | Low Caldby"),
                          ("HG", "YO", "LS"), (53.85, 54.20), (-1.80, -0.90), "Y",
                          "HMP Stainmoor", "Farrowgate Clinic"),
    "ppu-east": Locality(_split("Pontyrhos | Abercoed | Llanwern Fach | Trefynnon Cross | Cwmderi"),
                         ("NP", "CF"), (51.55, 51.85), (-3.40, -2.80), "C",
                         "HMP Pontyrhos", "Abercoed Medium Secure Unit"),
    "ppu-west": Locality(_split("Porthwen | Cwmgarth | Llanbedr Isaf | Aberhafod | Maesteg Uchaf"),
                         ("SA", "LD"), (51.65, 52.20), (-4.60, -3.60), "C",
                         "HMP Porthwen", "Aberhafod Hospital"),
}
# fmt: on

OVERSEAS = _pairs("""
    Calle Mayor 12, 3B: Alicante, Spain | ul. Dluga 5/7: Gdansk, Poland |
    Strada Lunga 41: Brasov, Romania | Soi 11, Sukhumvit Road: Bangkok, Thailand |
    Rua das Flores 88: Porto, Portugal | 14 Marine Parade: Sligo, Ireland
""")

# Names for backgrounds Faker en_GB does not cover: (male, female, surnames).
NAME_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "south_asian": (
        _split("""Mohammed | Imran | Amir | Sanjay | Rajesh | Arjun | Faisal | Tariq | Asif |
                  Vikram | Kamran | Zahid | Hassan | Amit | Naveed"""),
        _split("Aisha | Priya | Fatima | Nadia | Sunita | Ayesha | Shabana | Rukhsana"),
        _split("""Khan | Patel | Hussain | Ahmed | Singh | Shah | Iqbal | Akhtar | Sharma |
                  Rahman | Chowdhury | Ali | Mahmood | Kaur"""),
    ),
    "black_african": (
        _split("Kwame | Tunde | Emmanuel | Chidi | Samuel | Kofi | Olusegun | Joseph"),
        _split("Grace | Abena | Precious | Ngozi | Blessing"),
        _split("Mensah | Adeyemi | Boateng | Asante | Okonkwo | Oduya | Owusu | Bello"),
    ),
    "eastern_european": (
        _split("Tomasz | Piotr | Marius | Andrei | Jonas | Krzysztof | Lukasz | Mihai | Pavel"),
        _split("Agnieszka | Ioana | Katarzyna | Elena | Natalia"),
        _split("""Nowak | Kowalczyk | Popescu | Ionescu | Kazlauskas | Zielinski | Lewandowski |
                  Dumitru | Petrauskas | Novak"""),
    ),
    "chinese": (
        _split("Wei | Jun | Hao | Ming | Jian"),
        _split("Li | Mei | Xiu"),
        _split("Chen | Wang | Zhang | Liu | Huang | Lin"),
    ),
    "arab": (
        _split("Omar | Youssef | Ahmad | Karim | Samir | Khalid"),
        _split("Leila | Mariam | Yasmin"),
        _split("Haddad | Mansour | Saleh | Nasser | Khalil | Aziz"),
    ),
}
WELSH_SURNAMES = _split("""
    Jones | Davies | Evans | Williams | Thomas | Roberts | Hughes | Lewis | Morgan | Griffiths |
    Price | Rees | Owen | Pritchard | Powell | Jenkins | Lloyd | Bowen
""")

# Self-defined ethnicity: its weight, the officer-defined codes seen with it, the name
# pool its people are mostly named from, and nationalities.
_E = SelfDefinedEthnicity
_O = OfficerDefinedEthnicity
# fmt: off
ETHNICITIES: dict[str, tuple[float, tuple[str, ...], str, tuple[str, ...]]] = {
    _E.W1: (70, (_O.IC1,) * 12 + (_O.IC2,), "", ("British",)),
    _E.W2: (1.5, (_O.IC1,), "", ("Irish", "British")),
    _E.W9: (6, (_O.IC1, _O.IC1, _O.IC2), "eastern_european",
            ("Polish", "Romanian", "Lithuanian", "Czech", "British")),
    _E.M1: (1.5, (_O.IC3, _O.IC3, _O.IC1), "", ("British",)),
    _E.M2: (0.5, (_O.IC3,), "", ("British",)),
    _E.M3: (1, (_O.IC4, _O.IC1), "", ("British",)),
    _E.M9: (1, (_O.IC1, _O.IC3, _O.IC0), "", ("British",)),
    _E.A1: (2, (_O.IC4,), "south_asian", ("British", "British", "Indian")),
    _E.A2: (2.5, (_O.IC4,), "south_asian", ("British", "British", "Pakistani")),
    _E.A3: (1, (_O.IC4,), "south_asian", ("British", "Bangladeshi")),
    _E.A9: (1, (_O.IC4,), "south_asian", ("British", "Sri Lankan", "Afghan")),
    _E.B1: (1.5, (_O.IC3,), "", ("British", "Jamaican")),
    _E.B2: (2, (_O.IC3,), "black_african", ("British", "Nigerian", "Ghanaian")),
    _E.B9: (0.5, (_O.IC3,), "black_african", ("British",)),
    _E.O1: (0.5, (_O.IC5,), "chinese", ("British", "Chinese")),
    _E.O9: (1.5, (_O.IC6, _O.IC6, _O.IC2), "arab", ("British", "Iraqi", "Syrian", "Egyptian")),
    _E.NS: (6, (_O.IC1, _O.IC1, _O.IC1, _O.IC3, _O.IC4, _O.IC0), "", ("British", "")),
}
CATEGORIES = {Category.RSO: 75, Category.VIOLENT: 15, Category.TERRORISM: 3, Category.PDP: 7}
STATUSES = {Status.COMMUNITY: 79, Status.CUSTODY: 9, Status.HOSPITAL: 1.5,
            Status.OVERSEAS: 1.5, Status.MISSING: 3, Status.DECEASED: 2,
            Status.NO_LONGER_SUBJECT: 4}
AGE_BANDS = {(18, 24): 9, (25, 34): 22, (35, 44): 24, (45, 54): 20, (55, 64): 14,
             (65, 74): 8, (75, 85): 3}
# fmt: on

HAIR = _split("""
    Brown, short | Dark brown, cropped | Black, short | Black, collar length | Grey, receding |
    Grey, thinning | Fair, short | Ginger, short | Shaved | Bald | Light brown, parted |
    Dyed blond, spiked | Brown, tied back | Salt and pepper, short
""")
EYES = _split("Blue | Brown | Brown | Green | Grey | Hazel | Blue | Dark brown")
FACIAL_HAIR = ("", "", "", "", *_split("Stubble | Full beard | Goatee | Moustache | Sideburns"))
ACCENTS = {
    "northshire": _split("""Local | Local | Local | North East | Yorkshire | Scottish | Irish |
                            Eastern European | Liverpool | London"""),
    "westmarch": _split("""Local (South Wales) | Local (South Wales) | Welsh speaker |
                           English (West Midlands) | Bristol | Irish | Eastern European |
                           London"""),
}
DESCRIPTION_NOTES = _split("""
    Wears glasses for reading. | Walks with a slight limp (right leg). |
    Usually wears a dark hooded top and tracksuit bottoms. | Missing front tooth (upper). |
    Speaks quietly; avoids eye contact. | Smells strongly of tobacco. |
    Often carries a black rucksack. | Gold chain and signet ring.
""")

# Names often spelt more than one way. Demo people are given them now and then, so that
# spelling-variant search and the duplicate check have something to find.
FORENAME_SPELLINGS = _groups("""
    Steven/Stephen/Stephan | Jon/John | Philip/Phillip | Mohammed/Muhammad/Mohammad/Mohamed |
    Geoffrey/Jeffrey/Jeffery | Sean/Shaun/Shawn | Lee/Leigh | Carl/Karl | Matthew/Mathew |
    Nicholas/Nicolas | Alan/Allan/Allen | Brian/Bryan | Neil/Neal | Graham/Graeme |
    Stuart/Stewart | Ian/Iain | Mark/Marc
""")
FEMALE_FORENAME_SPELLINGS = _groups(
    "Catherine/Katherine/Kathryn | Rebecca/Rebekah | Sara/Sarah | Leanne/Lianne | Zoe/Zoey"
)
SURNAME_SPELLINGS = _groups("""
    Smith/Smyth | Thompson/Thomson | Clark/Clarke | Reid/Reed/Read | Gray/Grey | Davies/Davis |
    Phillips/Philips | Matthews/Mathews | Macdonald/McDonald/MacDonald | Mackenzie/McKenzie |
    Brown/Browne | Hussain/Hussein/Husain | Ahmed/Ahmad | Nowak/Novak | Johnson/Jonson |
    Harris/Harries | Stevens/Stephens
""")
SPELLINGS = FORENAME_SPELLINGS + FEMALE_FORENAME_SPELLINGS + SURNAME_SPELLINGS
SPELLING_OF: dict[str, tuple[str, ...]] = {
    name.lower(): tuple(n for n in group if n != name) for group in SPELLINGS for name in group
}
NICKNAMES = dict(
    _pairs("""
    Thomas: Tommy | William: Billy | Robert: Bob | James: Jimmy | Michael: Mick |
    Daniel: Danny | Anthony: Tony | Christopher: Chris | Richard: Rick | Joseph: Joe |
    David: Dave | Steven: Steve | Andrew: Andy | Edward: Eddie | Peter: Pete | Kenneth: Kenny |
    Terence: Terry | Patrick: Paddy | Gary: Gaz | Darren: Daz | Barry: Baz | Mohammed: Mo |
    Jonathan: Jonny | Nicholas: Nick | Samuel: Sam | Benjamin: Ben | Matthew: Matty |
    Alexander: Alex | Stephen: Steve | Philip: Phil | Raymond: Ray | Ronald: Ron |
    Leslie: Les | Timothy: Tim | Kevin: Kev | Gareth: Gaz | Charles: Charlie | Henry: Harry |
    Frederick: Fred | Dean: Deano | Stuart: Stu | Simon: Si | Elizabeth: Liz |
    Rebecca: Becky | Victoria: Vicky | Samantha: Sam
""")
)

# kind: (body locations, descriptions)
MARKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    MarkKind.TATTOO: (
        _split("""Left forearm | Right forearm | Back of right hand | Left upper arm |
                  Right upper arm | Neck, left side | Chest | Upper back | Right calf |
                  Knuckles, left hand | Left wrist | Below right ear"""),
        _split("""Rose and dagger | Swallow | The name KAYLEIGH in script | Celtic band |
                  Spider's web | Skull with flames | Barcode | Football club crest |
                  Dates in Roman numerals | Tribal pattern | Eagle with spread wings |
                  Cross with the word MUM | Koi carp, in colour | Five-pointed star |
                  Lion's head | Letters LOVE on the knuckles | Clock face with no hands"""),
    ),
    MarkKind.SCAR: (
        _split("""Left eyebrow | Right cheek | Chin | Left forearm | Abdomen | Right hand |
                  Top of head | Left knee"""),
        _split("""3 cm straight scar | Surgical scar, about 10 cm | Burn scar, palm-sized |
                  Scar through the eyebrow | Several self-harm scars, healed |
                  Jagged scar from a bottle wound | Small round scar"""),
    ),
    MarkKind.MARK: (
        _split("Neck, right side | Left cheek | Back | Right forearm"),
        _split("Port-wine birthmark | Large mole | Cluster of freckles | Vitiligo patch"),
    ),
    MarkKind.PIERCING: (
        _split("Left ear | Right eyebrow | Nose | Lower lip | Both ears"),
        _split("""Stretched earlobe with tunnel | Eyebrow bar | Nose stud | Lip ring |
                  Several rings"""),
    ),
}
VEHICLES = _pairs("""
    Ford: Fiesta | Ford: Focus | Ford: Transit Custom | Vauxhall: Corsa | Vauxhall: Astra |
    Volkswagen: Golf | Volkswagen: Polo | Nissan: Qashqai | Toyota: Yaris | Toyota: Corolla |
    BMW: 3 Series | Audi: A3 | Peugeot: 208 | Kia: Sportage | Hyundai: Tucson |
    Mercedes-Benz: Sprinter | Skoda: Octavia | Citroen: Berlingo | Renault: Clio |
    MINI: Hatch | Honda: Civic | Fiat: 500 | Land Rover: Discovery | Vauxhall: Vivaro
""")
COLOURS = _split("""
    Silver | Black | Grey | Blue | White | Red | Silver | Black | Green | Bronze | Orange |
    Yellow | Dark blue
""")
DEVICES: dict[str, tuple[str, ...]] = {
    DeviceKind.PHONE: _split("""
        Apple iPhone 12 | Apple iPhone 14 | Apple iPhone SE | Samsung Galaxy A14 |
        Samsung Galaxy S22 | Google Pixel 7a | Motorola moto g54 | Nokia 105 (basic phone) |
        Xiaomi Redmi Note 12 | Doro 6820 (basic phone) | Samsung Galaxy A54"""),
    DeviceKind.COMPUTER: _split("""Lenovo IdeaPad 3 laptop | HP Pavilion desktop |
                                   Dell Inspiron 15 | Apple MacBook Air | Acer Aspire 5 laptop"""),
    DeviceKind.TABLET: _split(
        "Amazon Fire HD 8 | Apple iPad (9th generation) | Samsung Galaxy Tab A8"
    ),
    DeviceKind.CONSOLE: _split(
        "Sony PlayStation 5 | Microsoft Xbox Series S | Nintendo Switch | Sony PlayStation 4"
    ),
    DeviceKind.WATCH: _split("Apple Watch SE | Samsung Galaxy Watch 5"),
}
PLATFORMS = _split("""
    Facebook | Instagram | Snapchat | TikTok | X (Twitter) | WhatsApp | Discord | Xbox network |
    PlayStation Network | Reddit | Telegram | Kik | Email
""")
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")  # reserved: nobody's address
ISSUERS = _split("""
    Barclays | HSBC UK | Lloyds Bank | NatWest | Santander UK | Nationwide Building Society |
    Halifax | Monzo | Starling Bank | TSB | The Co-operative Bank | Chase UK
""")
RELATIONSHIPS = _split("""
    Friend | Friend | Brother | Sister | Mother | Father | Former partner | Partner | Cousin |
    Neighbour | Work colleague | Cellmate | Known associate
""")
# Relationship, the member's gender ("" either, "p" the partner's), and how many years
# younger than the nominal they may be (negative: older).
ADULT_HOUSEHOLD: tuple[tuple[str, str, int, int], ...] = (
    ("Partner", "p", -10, 12), ("Partner", "p", -10, 12), ("Spouse", "p", -8, 10),
    ("Mother", "f", -38, -18), ("Father", "m", -40, -20), ("Brother", "m", -10, 10),
    ("Sister", "f", -10, 10), ("Lodger", "", -25, 25), ("Housemate", "", -15, 15),
    ("Adult son", "m", 18, 32), ("Adult daughter", "f", 18, 32),
)  # fmt: skip
CHILD_HOUSEHOLD = _split("""
    Son | Daughter | Stepson | Stepdaughter | Partner's son | Partner's daughter | Nephew | Niece
""")
GRANDCHILDREN = ("Grandson", "Granddaughter")
STREET_STEMS = _split("""
    Station | Church | Mill | Chapel | Park | Victoria | Queen's | King's | Meadow | Orchard |
    Willow | Beech | Moor | Castle | High | School | Market | Bridge | Fern | Hawthorn | Albert
""")
STREET_SUFFIXES = _split("""
    Road | Road | Street | Street | Lane | Avenue | Close | Drive | Way | Crescent | Terrace |
    Gardens | Grove | Place | Court | View | Walk | Row | Mews
""")
COURSES = _split("""
    Level 2 Plumbing | Functional Skills English | Level 1 Carpentry |
    Access to Higher Education | Forklift licence | CSCS card course | Level 2 Catering
""")
VOLUNTEERING = _pairs("""
    Food Bank: Warehouse volunteer | Community Garden: Volunteer |
    Charity Shop: Sorting room volunteer | Mosque: Volunteer caretaker | Parish Church: Volunteer
""")
PASSPORT_COUNTRY = dict(
    _pairs("""
    Polish: Poland | Romanian: Romania | Lithuanian: Lithuania | Czech: Czech Republic |
    Irish: Ireland | Indian: India | Pakistani: Pakistan | Bangladeshi: Bangladesh |
    Sri Lankan: Sri Lanka | Afghan: Afghanistan | Jamaican: Jamaica | Nigerian: Nigeria |
    Ghanaian: Ghana | Chinese: China | Iraqi: Iraq | Syrian: Syria | Egyptian: Egypt
""")
)

_PLATE_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"  # DVLA: no I or Q in the random letters
_PLATE_SECOND = "ABCDEFGHJKLMNOPRSTUVWXY"
_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # as vigil.nominals.models.new_reference


# ---------------------------------------------------------------------------------------
# Small helpers


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _age(dob: dt.date, on: dt.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _weighted(rng: random.Random, weights: Mapping[T, float]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _references(rng: random.Random, count: int) -> list[str]:
    """The demo nominals' public references, in the shape of ``new_reference``."""
    seen: set[str] = set()
    refs: list[str] = []
    while len(refs) < count:
        body = "".join(rng.choice(_REF_ALPHABET) for _ in range(8))
        ref = f"VG-{body[:4]}-{body[4:]}"
        if ref not in seen:
            seen.add(ref)
            refs.append(ref)
    return refs


def _quotas(count: int, managers: Sequence[User]) -> list[int]:
    """How many nominals each offender manager gets: the named ones a full caseload."""
    headline = [m.username in HEADLINE_MANAGERS for m in managers]
    full = min(round(count * HEADLINE_SHARE), count // max(len(managers), 1) * 2)
    others = len(managers) - sum(headline)
    rest = count - full * sum(headline)
    share, extra = divmod(rest, others) if others else (0, 0)
    quotas = []
    for is_headline in headline:
        if is_headline:
            quotas.append(full)
        else:
            quotas.append(share + (1 if extra > 0 else 0))
            extra -= 1
    return quotas


# ---------------------------------------------------------------------------------------
# The builder: one pass per nominal, collecting unsaved rows per model


@dataclass
class _Person:
    nominal: Nominal
    locality: Locality
    vrm: str = ""  # the current vehicle's, for a vehicle-of-interest flag


class _Builder:
    def __init__(self, *, rng: random.Random, fake: Faker, today: dt.date) -> None:
        self.rng = rng
        self.fake = fake
        self.today = today
        self.now = timezone.now()
        self.rows: dict[type[models.Model], list[Any]] = defaultdict(list)
        self.people: list[_Person] = []
        self.pncs: set[str] = set()
        self.vrms: set[str] = set()
        self.phones = [f"07700 900{n:03d}" for n in rng.sample(range(1000), 1000)]

    # -- stamping ----------------------------------------------------------------------

    def moment(self, day: dt.date) -> dt.datetime:
        """An office-hours moment on ``day``, never later than now."""
        at = timezone.make_aware(
            dt.datetime.combine(day, dt.time(self.rng.randint(8, 17), self.rng.randint(0, 59)))
        )
        return min(at, self.now)

    def add(self, person: _Person, row: Any, *, on: dt.date | None = None) -> Any:
        """Stamp a row as written by the nominal's offender manager and keep it."""
        nominal = person.nominal
        when = nominal.created_at
        if on is not None and on > nominal.registered_on:
            when = max(self.moment(on), nominal.created_at)
        manager = nominal.offender_manager
        row.created_by = row.modified_by = manager
        row.created_at = row.modified_at = when
        # Read by simple-history's bulk_history_create for the row's first history entry.
        row._history_user = manager
        row._history_date = when
        if not isinstance(row, Nominal):
            row.nominal = nominal
        self.rows[type(row)].append(row)
        return row

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # -- the person --------------------------------------------------------------------

    def nominal(self, *, reference: str, manager: User, supervisor: User, unit: Unit) -> _Person:
        rng, fake, today = self.rng, self.fake, self.today
        category = _weighted(rng, CATEGORIES)
        status = _weighted(rng, STATUSES)
        female_share = {
            Category.RSO: 0.03,
            Category.VIOLENT: 0.10,
            Category.TERRORISM: 0.08,
            Category.PDP: 0.05,
        }[category]
        roll = rng.random()
        gender = (
            Gender.FEMALE if roll < female_share else Gender.OTHER if roll > 0.995 else Gender.MALE
        )
        low, high = _weighted(rng, {band: float(w) for band, w in AGE_BANDS.items()})
        age = rng.randint(low, high)
        dob = self.day_between(
            _add_years(today, -age - 1) + dt.timedelta(days=1), _add_years(today, -age)
        )
        earliest = max(dt.date(2005, 1, 1), _add_years(dob, 18))
        registered_on = self.day_between(earliest, max(earliest, today - dt.timedelta(days=7)))

        ethnicity = _weighted(rng, {code: v[0] for code, v in ETHNICITIES.items()})
        _w, officer_codes, pool, nationalities = ETHNICITIES[ethnicity]
        female = gender == Gender.FEMALE
        welsh = unit.force.code == "westmarch"
        forename, surname = self.name(pool=pool, female=female, welsh=welsh)
        middle = ""
        if self.chance(0.45):
            middle = fake.first_name_female() if female else fake.first_name_male()
            if self.chance(0.12):
                middle += " " + (fake.first_name_female() if female else fake.first_name_male())

        height = round(rng.gauss(164 if female else 177, 6.5))
        locality = LOCALITIES.get(unit.code, LOCALITIES["ppu-north"])
        nominal = Nominal(
            reference=reference,
            category=category,
            status=status,
            force_id=unit.force_id,
            unit=unit,
            offender_manager=manager,
            supervisor=supervisor,
            registered_on=registered_on,
            forename=forename,
            middle_names=middle,
            surname=surname,
            date_of_birth=dob,
            gender=gender,
            self_defined_ethnicity=ethnicity,
            officer_defined_ethnicity=rng.choice(officer_codes),
            place_of_birth=self.birthplace(locality),
            nationality=rng.choice(nationalities),
            height_cm=max(145, min(205, height)) if self.chance(0.95) else None,
            build=rng.choice(Build.values) if self.chance(0.95) else "",
            hair=rng.choice(HAIR),
            eyes=rng.choice(EYES) if self.chance(0.9) else "",
            facial_hair="" if female else rng.choice(FACIAL_HAIR),
            accent=rng.choice(ACCENTS.get(unit.force.code, ("Local",))) if self.chance(0.8) else "",
            description_notes=rng.choice(DESCRIPTION_NOTES) if self.chance(0.2) else "",
            pnc_id=self.pnc(dob, registered_on) if self.chance(0.92) else "",
            cro_number="",
            ni_number=self.nino() if self.chance(0.85) else "",
        )
        if nominal.pnc_id and self.chance(0.35):
            nominal.cro_number = self.cro(int(nominal.pnc_id[:2]))
        nominal.created_at = nominal.modified_at = self.moment(registered_on)
        person = _Person(nominal=nominal, locality=locality)
        self.add(person, nominal)
        self.people.append(person)
        return person

    def birthplace(self, locality: Locality) -> str:
        if self.chance(0.15):
            return ""
        return self.rng.choice(locality.towns) if self.chance(0.5) else self.fake.city()

    def name(self, *, pool: str, female: bool, welsh: bool) -> tuple[str, str]:
        fake, rng = self.fake, self.rng
        if pool and self.chance(0.85):
            males, females, surnames = NAME_POOLS[pool]
            return rng.choice(females if female else males), rng.choice(surnames)
        if self.chance(0.12):
            forename = rng.choice(
                rng.choice(FEMALE_FORENAME_SPELLINGS if female else FORENAME_SPELLINGS)
            )
        else:
            forename = fake.first_name_female() if female else fake.first_name_male()
        if self.chance(0.10):
            surname = rng.choice(rng.choice(SURNAME_SPELLINGS))
        elif welsh and self.chance(0.4):
            surname = rng.choice(WELSH_SURNAMES)
        else:
            surname = fake.last_name()
        return forename, surname

    # -- identifiers -------------------------------------------------------------------

    def pnc(self, dob: dt.date, registered_on: dt.date) -> str:
        first = max(dob.year + 15, 1980)
        last = max(first, registered_on.year)
        while True:
            year2 = self.rng.randint(first, last) % 100
            serial = self.rng.randint(1, 999_999)
            check = identifiers.pnc_check_letter(year2=year2, serial=serial)
            pnc = identifiers.validate_pnc(f"{year2:02d}/{serial}{check}")
            if pnc not in self.pncs:
                self.pncs.add(pnc)
                return pnc

    def cro(self, year2: int) -> str:
        serial = str(self.rng.randint(1, 999_999))
        check = identifiers.cro_check_letter(year2=year2, serial=serial)
        return identifiers.validate_cro(f"{serial}/{year2:02d}{check}")

    def nino(self) -> str:
        refused = (
            identifiers.NINO_UNALLOCATED_PREFIXES.value
            | identifiers.NINO_ADMINISTRATIVE_PREFIXES.value
        )
        while True:
            prefix = self.rng.choice(_NINO_FIRST) + self.rng.choice(_NINO_SECOND)
            if prefix not in refused:
                break
        digits = f"{self.rng.randint(0, 999_999):06d}"
        return identifiers.validate_nino(f"{prefix}{digits}{self.rng.choice('ABCD')}")

    def postcode(self, locality: Locality) -> str:
        area = self.rng.choice(locality.postcode_areas)
        inward = (
            str(self.rng.randint(0, 9))
            + self.rng.choice("ABDEFGHJLNPQRSTUWXYZ")
            + self.rng.choice("ABDEFGHJLNPQRSTUWXYZ")
        )
        return identifiers.validate_postcode(f"{area}{self.rng.randint(1, 29)} {inward}")

    def vrm(self, locality: Locality, first_registered: dt.date) -> str:
        """A current-format mark (DVLA INF104): memory tag, age identifier, 3 letters."""
        year = first_registered.year % 100
        age = (
            year
            if 3 <= first_registered.month <= 8
            else (year + 50 if first_registered.month >= 9 else (year - 1) % 100 + 50)
        )
        while True:
            tag = locality.plate_region + self.rng.choice(_PLATE_SECOND)
            letters = "".join(self.rng.choice(_PLATE_LETTERS) for _ in range(3))
            vrm = identifiers.validate_vrm(f"{tag}{age:02d}{letters}")
            if vrm not in self.vrms:
                self.vrms.add(vrm)
                return vrm

    def imei(self) -> str:
        body = [self.rng.randint(0, 9) for _ in range(14)]
        total = 0
        for i, digit in enumerate(body):  # Luhn check digit
            d = digit * 2 if i % 2 else digit
            total += d - 9 if d > 9 else d
        return "".join(map(str, body)) + str((10 - total % 10) % 10)

    def phone(self) -> str:
        return self.phones.pop() if self.phones else f"07700 900{self.rng.randint(0, 999):03d}"

    # -- the parts ---------------------------------------------------------------------

    def parts(self, person: _Person) -> None:
        rng = self.rng
        if self.chance(0.30):
            self.aliases(person)
        if self.chance(0.05):
            self.alternative_dob(person)
        self.addresses(person)
        if self.chance(0.40):
            self.vehicles(person)
        if self.chance(0.92):
            self.devices(person)
        if self.chance(0.40):
            for _ in range(rng.choice((1, 1, 2, 3))):
                self.online_identity(person)
        if self.chance(0.80):
            for _ in range(rng.choice((1, 1, 2, 3))):
                self.bank_card(person)
        if self.chance(0.50):
            self.occupations(person)
        if self.chance(0.40):
            for _ in range(rng.choice((1, 1, 2, 3))):
                self.mark(person)
        if self.chance(0.35):
            self.documents(person)
        if self.chance(0.20):
            self.flags(person)

    def aliases(self, person: _Person) -> None:
        n, rng, fake = person.nominal, self.rng, self.fake
        female = n.gender == Gender.FEMALE
        kinds = []
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            kinds.append(
                rng.choice(
                    (
                        NameKind.SPELLING,
                        NameKind.SPELLING,
                        NameKind.ALIAS,
                        NameKind.ALIAS,
                        NameKind.PREVIOUS,
                        NameKind.NICKNAME,
                    )
                )
            )
        adult = _add_years(n.date_of_birth, 18)
        for kind in dict.fromkeys(kinds):
            row = NominalName(kind=kind, forename=n.forename, surname=n.surname)
            if kind == NameKind.SPELLING:
                row.forename, row.surname = self.misspelt(n.forename, n.surname)
                row.from_date = self.day_between(adult, self.today) if self.chance(0.5) else None
            elif kind == NameKind.NICKNAME and n.forename in NICKNAMES:
                row.forename = NICKNAMES[n.forename]
            elif kind == NameKind.NICKNAME:
                row.kind = NameKind.SPELLING
                row.forename, row.surname = self.misspelt(n.forename, n.surname)
            elif kind == NameKind.PREVIOUS:
                if female:
                    row.kind = NameKind.BIRTH
                    row.forename, row.surname = n.forename, fake.last_name()
                    row.from_date = n.date_of_birth
                else:  # a stepfather's name, used when young
                    row.surname = fake.last_name()
                    row.from_date = _add_years(n.date_of_birth, rng.randint(2, 10))
                row.to_date = min(self.today, _add_years(n.date_of_birth, rng.randint(16, 35)))
            else:
                other = fake.first_name_female() if female else fake.first_name_male()
                row.forename = other if self.chance(0.8) else n.forename
                row.surname = fake.last_name() if self.chance(0.8) else n.surname
                start = self.day_between(adult, self.today)
                row.from_date = start
                row.to_date = min(self.today, start + dt.timedelta(days=rng.randint(30, 1500)))
            if (row.forename, row.surname) != (n.forename, n.surname):
                self.add(person, row, on=row.from_date)

    def misspelt(self, forename: str, surname: str) -> tuple[str, str]:
        """The name spelt another way: a known variant of one part, or a recording slip."""
        rng = self.rng
        forename_known = SPELLING_OF.get(forename.lower())
        surname_known = SPELLING_OF.get(surname.lower())
        if forename_known and (not surname_known or self.chance(0.5)):
            return rng.choice(forename_known), surname
        if surname_known:
            return forename, rng.choice(surname_known)
        if self.chance(0.6):
            return forename, self.slip(surname)
        return self.slip(forename), surname

    def slip(self, name: str) -> str:
        """A plausible misspelling: a sound spelt another way, or two letters swapped."""
        low = name.lower()
        for a, b in (
            ("ph", "f"),
            ("ie", "y"),
            ("ck", "k"),
            ("ey", "y"),
            ("ll", "l"),
            ("nn", "n"),
            ("tt", "t"),
            ("ou", "ow"),
            ("ai", "ay"),
            ("son", "sen"),
            ("ee", "ea"),
            ("mm", "m"),
            ("th", "t"),
            ("z", "s"),
            ("k", "c"),
        ):
            if a in low and self.chance(0.7):
                return low.replace(a, b, 1).title()
        if low.endswith("y"):
            return (low[:-1] + "ie").title()
        if len(low) > 4:  # two letters swapped, the commonest typing slip
            i = self.rng.randint(1, len(low) - 3)
            return (low[:i] + low[i + 1] + low[i] + low[i + 2 :]).title()
        return name

    def alternative_dob(self, person: _Person) -> None:
        dob = person.nominal.date_of_birth
        if dob.day <= 12 and dob.day != dob.month and self.chance(0.6):
            other = dob.replace(month=dob.day, day=dob.month)
            source = "Day and month transposed on a custody record"
        elif self.chance(0.5):
            other = _add_years(dob, self.rng.choice((-1, 1)))
            source = self.rng.choice(("Given on arrest", "Prison record", "Probation record"))
        else:
            other = dob + dt.timedelta(days=self.rng.choice((-3, -2, -1, 1, 2, 3)))
            source = self.rng.choice(("Given on arrest", "Hospital record", "Passport"))
        self.add(person, AlternativeDateOfBirth(date_of_birth=other, source=source))

    def street_address(self, locality: Locality) -> dict[str, Any]:
        rng = self.rng
        stem = self.fake.last_name() if self.chance(0.5) else rng.choice(STREET_STEMS)
        street = f"{stem} {rng.choice(STREET_SUFFIXES)}"
        house = rng.randint(1, 180)
        line1, line2 = f"{house} {street}", ""
        if self.chance(0.25):
            line1, line2 = f"Flat {rng.randint(1, 24)}", f"{house} {street}"
        address: dict[str, Any] = {
            "line1": line1,
            "line2": line2,
            "town": rng.choice(locality.towns),
            "postcode": self.postcode(locality),
        }
        if self.chance(0.7):
            address["latitude"] = round(rng.uniform(*locality.latitude), 5)
            address["longitude"] = round(rng.uniform(*locality.longitude), 5)
        return address

    def addresses(self, person: _Person) -> None:
        n, rng, loc = person.nominal, self.rng, person.locality
        adult = _add_years(n.date_of_birth, 18)
        start = self.day_between(
            max(adult, _add_years(n.registered_on, -2)),
            max(adult, self.today - dt.timedelta(days=30)),
        )
        nfa = self.chance(0.03)
        current = 2 if n.status in (Status.CUSTODY, Status.HOSPITAL) else 1
        if n.status in (Status.CUSTODY, Status.HOSPITAL):
            # The last home ended when they went in; where they are now is temporary.
            went_in = self.day_between(max(start, n.registered_on), self.today)
            home = self.add(
                person,
                Address(
                    kind=AddressKind.HOME,
                    from_date=start,
                    to_date=went_in,
                    **self.street_address(loc),
                ),
                on=start,
            )
            place = loc.prison if n.status == Status.CUSTODY else loc.hospital
            self.add(
                person,
                Address(
                    kind=AddressKind.TEMPORARY,
                    from_date=went_in,
                    line1=place,
                    town=place.removeprefix("HMP ").split()[0],
                    postcode=self.postcode(loc),
                    location_notes=f"Held at {place}.",
                ),
                on=went_in,
            )
        elif nfa:
            home = self.add(
                person,
                Address(
                    kind=AddressKind.NFA,
                    from_date=start,
                    town=rng.choice(loc.towns),
                    location_notes=rng.choice(
                        (
                            "Sleeps in the doorway of the old bank on the high street; reports "
                            "weekly at the police station.",
                            "Sofa-surfing with friends; gives the address each week.",
                            "Sleeping in a tent by the canal towpath; location checked weekly.",
                            "Sleeping in a car (see vehicles) in the leisure centre car park.",
                        )
                    ),
                ),
                on=start,
            )
        else:
            home = self.add(
                person,
                Address(kind=AddressKind.HOME, from_date=start, **self.street_address(loc)),
                on=start,
            )
        if not nfa and self.chance(0.15):
            self.household(person, home, children=True)
        elif not nfa and self.chance(0.3):
            self.household(person, home, children=False)

        if n.status == Status.OVERSEAS:
            line1, town = rng.choice(OVERSEAS)
            left = self.day_between(max(start, self.today - dt.timedelta(days=300)), self.today)
            self.add(
                person,
                Address(
                    kind=AddressKind.TEMPORARY,
                    from_date=left,
                    line1=line1,
                    town=town,
                    location_notes="Notified foreign travel.",
                ),
                on=left,
            )
            current += 1
        elif not nfa and self.chance(0.08):
            since = self.day_between(start, self.today)
            self.add(
                person,
                Address(
                    kind=AddressKind.SECONDARY,
                    from_date=since,
                    location_notes=rng.choice(
                        (
                            "Stays at a partner's address at weekends.",
                            "Stays with a parent for a week each month.",
                            "Caravan used in the summer months.",
                        )
                    ),
                    **self.street_address(loc),
                ),
                on=since,
            )
            current += 1

        # Earlier addresses, each ended the day before the next began.
        end = start - dt.timedelta(days=1)
        earlier_count = rng.choices((0, 1, 2, 3), weights=(35, 35, 20, 10))[0]
        for _ in range(min(earlier_count, 4 - current)):  # 1 to 4 addresses in all
            begin = end - dt.timedelta(days=rng.randint(150, 2200))
            if begin < adult:
                break
            kind = AddressKind.TEMPORARY if self.chance(0.15) else AddressKind.HOME
            fields = self.street_address(loc)
            if kind == AddressKind.TEMPORARY:
                fields["town"] = rng.choice(loc.towns)
                fields["line1"] = f"{fields['town']} Approved Premises"
                fields["location_notes"] = "Approved premises on release from custody."
            earlier = self.add(
                person, Address(kind=kind, from_date=begin, to_date=end, **fields), on=begin
            )
            if kind == AddressKind.HOME and self.chance(0.1):
                self.household(person, earlier, children=self.chance(0.3))
            end = begin - dt.timedelta(days=1)

    def household(self, person: _Person, address: Address, *, children: bool) -> None:
        rng, fake, n, today = self.rng, self.fake, person.nominal, self.today
        start = address.from_date or n.registered_on
        members: list[tuple[str, str, dt.date | None, bool]] = []
        if children or self.chance(0.8):
            relation, gender, younger, older = (
                ADULT_HOUSEHOLD[0] if children else rng.choice(ADULT_HOUSEHOLD)
            )
            dob = _add_years(n.date_of_birth, rng.randint(younger, older))
            if not 18 <= _age(dob, today) <= 95:  # no such person: a partner instead
                relation, gender = "Partner", "p"
                dob = _add_years(n.date_of_birth, rng.randint(-5, 5))
            if gender == "p":
                gender = "m" if n.gender == Gender.FEMALE else "f"
            female = gender == "f" or (not gender and self.chance(0.5))
            first = fake.first_name_female() if female else fake.first_name_male()
            members.append(
                (f"{first} {fake.last_name()}", relation, dob if self.chance(0.7) else None, False)
            )
        if children:
            # Born after the nominal was 16, and under 18 today.
            born_from = max(
                _add_years(today, -18) + dt.timedelta(days=1), _add_years(n.date_of_birth, 16)
            )
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                grandparent = n.age(today) >= 45 and self.chance(0.3)
                relation = rng.choice(GRANDCHILDREN if grandparent else CHILD_HOUSEHOLD)
                girl = relation.endswith(("daughter", "Niece"))
                first = fake.first_name_female() if girl else fake.first_name_male()
                dob = self.day_between(born_from, today - dt.timedelta(days=60))
                surname = n.surname if self.chance(0.4) else fake.last_name()
                known = self.chance(0.85)
                members.append((f"{first} {surname}", relation, dob if known else None, not known))
        for name, relation, born, believed_child in members:
            self.add(
                person,
                HouseholdMember(
                    address=address,
                    name=name,
                    relationship=relation,
                    date_of_birth=born,
                    believed_under_18=believed_child,
                    from_date=start,
                    to_date=address.to_date,
                ),
                on=start,
            )

    def vehicles(self, person: _Person) -> None:
        rng = self.rng
        count = rng.choices((1, 2, 3), weights=(70, 25, 5))[0]
        end: dt.date | None = None
        for i in range(count):
            make, model = rng.choice(VEHICLES)
            latest = end or self.today
            if latest < dt.date(2003, 1, 1):
                break
            registered = self.day_between(dt.date(2002, 3, 1), latest)
            start = self.day_between(registered, latest)
            vrm = self.vrm(person.locality, registered)
            if i == 0:
                person.vrm = vrm
            self.add(
                person,
                Vehicle(
                    vrm=vrm,
                    make=make,
                    model=model,
                    colour=rng.choice(COLOURS),
                    from_date=start,
                    to_date=end,
                    notes=rng.choice(
                        (
                            "",
                            "",
                            "",
                            "Registered keeper.",
                            "Partner's car; he is insured on it.",
                            "Seen driven by him; keeper is his brother.",
                        )
                    ),
                ),
                on=start,
            )
            end = start - dt.timedelta(days=1)

    def devices(self, person: _Person) -> None:
        rng, n = self.rng, person.nominal
        monitored = n.category == Category.RSO and self.chance(0.3)
        kinds = [DeviceKind.PHONE]
        if self.chance(0.3):
            kinds.append(DeviceKind.PHONE)
        if self.chance(0.3):
            kinds.append(DeviceKind.COMPUTER)
        if self.chance(0.12):
            kinds.append(DeviceKind.TABLET)
        if self.chance(0.1):
            kinds.append(DeviceKind.CONSOLE)
        if self.chance(0.04):
            kinds.append(DeviceKind.WATCH)
        for i, kind in enumerate(kinds):
            start = self.day_between(n.registered_on, self.today)
            ended = i > 0 and kind == DeviceKind.PHONE and self.chance(0.6)
            device = Device(
                kind=kind,
                make_model=rng.choice(DEVICES[kind]),
                from_date=start,
                to_date=self.day_between(start, self.today) if ended else None,
            )
            if kind == DeviceKind.PHONE:
                device.identifier = self.imei()
                device.phone_number = self.phone()
            elif self.chance(0.7):
                device.identifier = "SN" + "".join(
                    rng.choice(_PLATE_LETTERS + "0123456789") for _ in range(10)
                )
            if monitored and kind in (DeviceKind.PHONE, DeviceKind.COMPUTER, DeviceKind.TABLET):
                checked = self.day_between(start, self.today)
                device.monitoring_software = True
                device.monitoring_notes = (
                    f"Monitoring software installed {start:%d/%m/%Y} under the SHPO; "
                    f"last checked {checked:%d/%m/%Y}."
                )
            self.add(person, device, on=start)

    def online_identity(self, person: _Person) -> None:
        rng, fake, n = self.rng, self.fake, person.nominal
        platform = rng.choice(PLATFORMS)
        handle = fake.user_name()
        if platform == "Email":
            handle = f"{handle}@{rng.choice(EMAIL_DOMAINS)}"
        elif platform == "WhatsApp":
            handle = self.phone()
        elif platform == "Facebook":
            handle = f"{n.forename} {n.surname}" if self.chance(0.6) else handle
        elif platform in ("Instagram", "X (Twitter)", "TikTok"):
            handle = "@" + handle
        start = self.day_between(n.registered_on, self.today)
        self.add(
            person,
            OnlineIdentity(
                platform=platform,
                handle=handle,
                from_date=start,
                notes=rng.choice(
                    (
                        "",
                        "",
                        "Disclosed at home visit.",
                        "Found on a device examination; not notified.",
                        "Account says it was deleted; unverified.",
                    )
                ),
            ),
            on=start,
        )

    def bank_card(self, person: _Person) -> None:
        rng, n = self.rng, person.nominal
        start = self.day_between(
            max(n.registered_on, self.today - dt.timedelta(days=3650)), self.today
        )
        ended = self.chance(0.15)
        self.add(
            person,
            BankCard(
                kind=rng.choice(CardKind.values),
                issuer=rng.choice(ISSUERS),
                last_four=f"{rng.randint(0, 9999):04d}",
                from_date=start,
                to_date=self.day_between(start, self.today) if ended else None,
            ),
            on=start,
        )

    def occupations(self, person: _Person) -> None:
        rng, fake, n = self.rng, self.fake, person.nominal
        end: dt.date | None = None
        for i in range(rng.choice((1, 1, 1, 2))):
            kind = rng.choices(OccupationKind.values, weights=(75, 12, 13))[0]
            town = rng.choice(person.locality.towns)
            if kind == OccupationKind.EMPLOYMENT:
                org, role = fake.company(), fake.job()
            elif kind == OccupationKind.EDUCATION:
                org, role = f"{town} College", rng.choice(COURSES)
            else:
                place, role = rng.choice(VOLUNTEERING)
                org = f"{town} {place}"
            latest = end or self.today
            start = self.day_between(max(n.registered_on, latest - dt.timedelta(days=2500)), latest)
            if i == 0 and n.status in (Status.CUSTODY, Status.DECEASED):
                end = self.day_between(start, self.today)
            children = self.chance(0.05)
            self.add(
                person,
                Occupation(
                    kind=kind,
                    organisation=org[:120],
                    role=role[:120],
                    location=town,
                    contact_with_children=children,
                    from_date=start,
                    to_date=end,
                    notes=(
                        f"Conviction disclosed to the employer on {start:%d/%m/%Y}."
                        if children
                        else rng.choice(
                            ("", "", "Shift work, mostly nights.", "Cash in hand; hours vary.")
                        )
                    ),
                ),
                on=start,
            )
            end = start - dt.timedelta(days=1)

    def mark(self, person: _Person) -> None:
        kind = self.rng.choices(list(MARKS), weights=(60, 25, 8, 7))[0]
        places, descriptions = MARKS[kind]
        self.add(
            person,
            DistinguishingMark(
                kind=kind,
                body_location=self.rng.choice(places),
                description=self.rng.choice(descriptions),
            ),
        )

    def documents(self, person: _Person) -> None:
        rng, n = self.rng, person.nominal
        country = PASSPORT_COUNTRY.get(n.nationality, "United Kingdom")
        if self.chance(0.7):
            issued = self.day_between(
                max(_add_years(n.date_of_birth, 16), _add_years(self.today, -12)), self.today
            )
            self.add(
                person,
                IdentityDocument(
                    kind=DocumentKind.PASSPORT,
                    number=f"{rng.randint(100_000_000, 999_999_999)}",
                    issuing_country=country,
                    issued_on=issued,
                    expires_on=_add_years(issued, 10),
                    notes=rng.choice(
                        (
                            "",
                            "",
                            "Seen at home visit.",
                            "Surrendered to police under notification requirements.",
                        )
                    ),
                ),
            )
        if self.chance(0.6):
            issued = self.day_between(
                max(_add_years(n.date_of_birth, 17), _add_years(self.today, -12)), self.today
            )
            self.add(
                person,
                IdentityDocument(
                    kind=DocumentKind.DRIVING_LICENCE,
                    number=self.licence_number(n),
                    issuing_country="United Kingdom",
                    issued_on=issued,
                    expires_on=_add_years(issued, 10),
                ),
            )

    def licence_number(self, n: Nominal) -> str:
        """In the DVLA's shape: surname, birth date (month + 50 for women), initials."""
        letters = "".join(ch for ch in n.surname.upper() if ch.isalpha())
        month = n.date_of_birth.month + (50 if n.gender == Gender.FEMALE else 0)
        dob = n.date_of_birth
        initials = (n.forename[:1] + (n.middle_names[:1] or "9")).upper()
        check = "".join(self.rng.choice(_PLATE_LETTERS) for _ in range(2))
        return (
            f"{letters[:5]:9<5}{str(dob.year)[2]}{month:02d}{dob.day:02d}"
            f"{str(dob.year)[3]}{initials}9{check}"
        )

    def flags(self, person: _Person) -> None:
        rng, n, loc = self.rng, person.nominal, person.locality
        kinds = {
            FlagKind.VIOLENT_TO_STAFF: 30,
            FlagKind.FIREARMS: 8,
            FlagKind.WEAPONS: 14,
            FlagKind.VEHICLE_OF_INTEREST: 16 if person.vrm else 0,
            FlagKind.LOCATION_OF_INTEREST: 18,
            FlagKind.SELF_HARM: 9,
            FlagKind.DOGS: 5,
        }
        # dict, not set: a set's order changes with the hash seed, and so would the data.
        chosen = dict.fromkeys(_weighted(rng, kinds) for _ in range(rng.choice((1, 1, 1, 2))))
        for kind in chosen:
            town = rng.choice(loc.towns)
            set_on = self.day_between(
                max(n.registered_on, self.today - dt.timedelta(days=900)), self.today
            )
            year = self.day_between(
                max(n.registered_on, set_on - dt.timedelta(days=700)), set_on
            ).year
            reason = {
                FlagKind.VIOLENT_TO_STAFF: rng.choice(
                    (
                        f"Assaulted a probation officer during a home visit in {year}. Visit in "
                        "pairs.",
                        f"Threatened staff with a kitchen knife at {town} police station, {year}.",
                        f"Spat at custody staff in {year}; aggressive when challenged.",
                    )
                ),
                FlagKind.FIREARMS: rng.choice(
                    (
                        f"Shotgun certificate revoked in {year}; intelligence suggests continued "
                        "access to a weapon.",
                        f"Convicted of possessing an imitation firearm, {year}.",
                    )
                ),
                FlagKind.WEAPONS: rng.choice(
                    (
                        "Known to carry a lock knife.",
                        f"Machete found at the home address in {year}.",
                    )
                ),
                FlagKind.VEHICLE_OF_INTEREST: (
                    f"{identifiers.format_vrm(person.vrm)} seen parked near {town} Primary "
                    f"School at going-home time, {year}."
                ),
                FlagKind.LOCATION_OF_INTEREST: rng.choice(
                    (
                        f"Seen repeatedly near the play area at {self.fake.last_name()} Park, "
                        f"{town}.",
                        f"Frequents the swimming baths in {town} at family sessions.",
                        f"Visits the amusement arcade in {town} most weekends.",
                    )
                ),
                FlagKind.SELF_HARM: f"History of self-harm; last incident {year}.",
                FlagKind.DOGS: "Keeps a large, aggressive dog at the home address.",
            }[kind]
            # A quarter are overdue for review: the review date has passed unactioned.
            overdue = (self.today - set_on).days > 30 and self.chance(0.25)
            if overdue:
                review = self.day_between(
                    set_on + dt.timedelta(days=28), self.today - dt.timedelta(days=1)
                )
            else:
                review = self.today + dt.timedelta(days=rng.randint(14, 365))
            flag = Flag(kind=kind, reason=reason, review_on=review)
            if not overdue and self.chance(0.08):
                flag.removed_on = self.day_between(set_on, self.today)
                flag.removal_reason = "Reviewed with the supervisor: no longer relevant."
            self.add(person, flag, on=set_on)

    def associates(self) -> None:
        """Associates, a few of them other demo nominals of the same force."""
        rng, fake = self.rng, self.fake
        by_force: dict[int, list[Nominal]] = defaultdict(list)
        for person in self.people:
            by_force[person.nominal.force_id].append(person.nominal)
        for person in self.people:
            n = person.nominal
            if not self.chance(0.30):
                continue
            for i in range(rng.choice((1, 1, 2, 3))):
                start = self.day_between(_add_years(n.date_of_birth, 14), n.registered_on)
                if i == 0 and self.chance(0.12):
                    other = rng.choice(by_force[n.force_id])
                    if other is not n:
                        self.add(
                            person,
                            Associate(
                                name=other.full_name,
                                linked_nominal=other,
                                relationship=rng.choice(
                                    ("Co-defendant", "Known associate", "Friend")
                                ),
                                notes="Also on the register.",
                                from_date=start,
                            ),
                            on=start,
                        )
                        continue
                self.add(
                    person,
                    Associate(
                        name=fake.name(),
                        relationship=rng.choice(RELATIONSHIPS),
                        from_date=start,
                        to_date=None if self.chance(0.8) else self.day_between(start, self.today),
                        notes=rng.choice(
                            (
                                "",
                                "",
                                "",
                                "Visits the home address most weeks.",
                                "Gave him a lift to reporting.",
                            )
                        ),
                    ),
                    on=start,
                )


# ---------------------------------------------------------------------------------------
# Loading

# Parents before children: households point at addresses, associates at nominals.
_ORDER: tuple[type[models.Model], ...] = (
    Nominal,
    NominalName,
    AlternativeDateOfBirth,
    DistinguishingMark,
    IdentityDocument,
    Address,
    HouseholdMember,
    Vehicle,
    Device,
    OnlineIdentity,
    BankCard,
    Occupation,
    Associate,
    Flag,
)


def _staff() -> tuple[list[User], dict[int, User]]:
    """The demo offender managers in unit order, and each unit's supervisor."""
    names = [a[0] for a in accounts.ACCOUNTS] + [o.username for o in OFFICERS]
    users = {
        u.username: u for u in User.objects.filter(username__in=names).select_related("unit__force")
    }
    missing = sorted(set(names) - set(users))
    if missing:
        raise RuntimeError(f"Load the demo accounts first; missing: {', '.join(missing)}")
    managers: list[User] = []
    supervisors: dict[int, User] = {}
    for force_code, _name, _nation, unit_specs in accounts.FORCES:
        for unit_code, _unit_name in unit_specs:
            in_unit = [
                u
                for name in names
                if (u := users[name]).unit.code == unit_code and u.unit.force.code == force_code
            ]
            managers += [u for u in in_unit if u.role == Role.OFFENDER_MANAGER]
            for u in in_unit:
                if u.role == Role.SUPERVISOR:
                    supervisors.setdefault(u.unit_id, u)
    return managers, supervisors


def load_nominals(*, count: int = 520, seed: int = 2026, today: dt.date | None = None) -> int:
    """Create ``count`` synthetic nominals with every part of their record.

    Returns how many were created: 0 when the demo nominals already exist (found by their
    references, which the seed decides), so running it twice changes nothing. Needs the
    demo forces, units and accounts (``accounts.load_accounts()``); adds the extra demo
    officers of ``OFFICERS`` itself.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        load_officers(seed=seed, today=today)
        rng = random.Random(seed)
        references = _references(rng, count)
        if Nominal.objects.filter(reference__in=references).exists():
            return 0
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        managers, supervisors = _staff()
        assignments = [
            m
            for m, quota in zip(managers, _quotas(count, managers), strict=True)
            for _ in range(quota)
        ]
        rng.shuffle(assignments)

        builder = _Builder(rng=rng, fake=fake, today=today)
        for reference, manager in zip(references, assignments, strict=True):
            person = builder.nominal(
                reference=reference,
                manager=manager,
                supervisor=supervisors[manager.unit_id],
                unit=manager.unit,
            )
            builder.parts(person)
        builder.associates()

        for model in _ORDER:
            rows = builder.rows.get(model, [])
            if rows:
                bulk_create_with_history(
                    rows, model, batch_size=500, default_change_reason=CHANGE_REASON
                )
        for person in builder.people:
            rebuild_name_keys(person.nominal)
        return len(builder.people)
