"""A synthetic national register, generated with set-based SQL (PostgreSQL only).

Every history table is filled by one ``INSERT ... SELECT ... FROM generate_series(...)``
whose values come from deterministic pseudo-random draws (``pg_temp.r``: a 64-bit hash of
the row's number and a salt), so the same scale and anchor date always give the same
register, and 10 million rows take minutes on two cores rather than hours. Only the
organisation (43 forces, their units and a few thousand users) is laid out in Python, and
it is written with one statement per table too.

What the data is shaped to look like (issue 6, "National scale, measured"):

- forces sized like the 43 forces of England and Wales (weights roughly proportional to
  the population each polices), units of about 1,500 nominals, offender managers with
  about 55 each (40 to 70), a supervisor for every 8 officers, register support officers;
- nominals: 85% registered sex offenders, the rest violent offenders, terrorism
  notifiers and potentially dangerous persons; mostly in the community, some in custody,
  in hospital, overseas, missing, ended or deceased; nominal ids in registration order and
  caseloads scattered across them, as in a real register;
- for registered sex offenders: a conviction (one in five has a second) with one or two
  offences from a small set of real Schedule 3 profiles whose notification period is known
  (indefinite, 10, 7, 5 or 2 years); the initial notification, a periodic notification
  every year (a few missed), a change-of-home-address notification at each move, weekly
  notifications for those with no fixed abode, and some bank-card and document notices;
- addresses (a home history; 2% now of no fixed abode), household members (some children);
- approved risk level decisions over the years (low 45%, medium 38%, high 14%, very high
  3%; 1% with none yet), a few sent back or pending; ARMS assessments and an RM2000 score
  for sex offenders; risk management plan versions signed off with each level, some
  setting their own visit frequency, a few waiting for approval; objectives and actions;
- home visits at each person's cadence over the last 8 years (a few late, some no-replies
  before the visit that saw the person, second officer for high and very high risk),
  office and phone contacts, cancelled and planned visits; about 11% of people in the
  community are now overdue a visit (the series stops early for 12% of them);
- register support record reviews every 16 weeks or so, and flags with review dates.

Dates are laid out around ``ANCHOR`` (the register's "today"): benchmarks pass the same
date as ``today``. The generator keeps every NOT NULL, CHECK and UNIQUE constraint of the
real schema (it writes into the tables ``manage.py migrate`` made), and keeps notification
periods open beyond the next periodic notification for everyone still managed, so that
the hand-written SQL needs no Schedule 3 logic (people past their period are "ended").

Left out: travel itineraries, aliases and the other identity sections, ARMS factor
ratings, MAPPA, orders, audit events and django-simple-history rows.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from vigil.policy import arms

#: The synthetic register's "today": every date is laid out around it.
ANCHOR = dt.date(2026, 11, 2)


@dataclass(frozen=True)
class Scale:
    name: str
    nominals: int
    forces: int


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", 200, 3),
    "small": Scale("small", 20_000, 43),
    "full": Scale("full", 250_000, 43),
}

# The 43 territorial forces of England and Wales, by (roughly) the population they police
# in tens of thousands; the synthetic forces take their sizes, not their names. The four
# Welsh ones are marked True.
FORCE_WEIGHTS: tuple[tuple[int, bool], ...] = (
    (890, False), (295, False), (287, False), (245, False), (235, False), (205, False),
    (190, False), (180, False), (185, False), (175, False), (175, False), (152, False),
    (148, False), (143, False), (141, False), (135, True), (130, False), (120, False),
    (120, False), (117, False), (113, False), (110, False), (106, False), (108, False),
    (93, False), (92, False), (88, False), (83, False), (78, False), (77, False),
    (76, False), (76, False), (73, False), (70, True), (69, False), (64, False),
    (64, False), (60, True), (60, False), (57, False), (52, True), (50, False), (1, False),
)  # fmt: skip

NOMINALS_PER_UNIT = 1500
CASELOAD = 55
OFFICERS_PER_SUPERVISOR = 8

#: The tables the generator fills, parents first.
FILLED_TABLES: tuple[str, ...] = (
    "accounts_force",
    "accounts_unit",
    "accounts_user",
    "nominals_nominal",
    "nominals_address",
    "nominals_householdmember",
    "nominals_flag",
    "nominals_recordreview",
    "registration_conviction",
    "registration_convictionoffence",
    "registration_notification",
    "risk_riskleveldecision",
    "risk_armsassessment",
    "risk_actuarialscore",
    "risk_riskmanagementplan",
    "risk_planobjective",
    "risk_planaction",
    "visits_visit",
)

# ---------------------------------------------------------------------------------------
# The organisation: forces, units, users (small; laid out in Python, written set-based)


@dataclass
class Org:
    forces: list[tuple[Any, ...]] = field(default_factory=list)
    units: list[tuple[Any, ...]] = field(default_factory=list)
    users: list[tuple[Any, ...]] = field(default_factory=list)
    #: (om_id, unit_id, force_id, supervisor_id, buddy_id, register_support_id, lo, hi):
    #: the offender manager holds the nominal "slots" lo..hi.
    caseloads: list[tuple[int, ...]] = field(default_factory=list)


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder), each at least 1
    when ``total`` allows it."""
    if not weights:
        return []
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    parts = [max(1, math.floor(x)) if total >= len(weights) else math.floor(x) for x in raw]
    remainder = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - math.floor(raw[i]), reverse=True)
    i = 0
    while remainder != 0 and order:
        j = order[i % len(order)]
        if remainder > 0:
            parts[j] += 1
            remainder -= 1
        elif parts[j] > 1:
            parts[j] -= 1
            remainder += 1
        i += 1
    return parts


def _wobble(key: int) -> float:
    """A deterministic factor in [0.75, 1.25) for caseload sizes."""
    return 0.75 + ((key * 2654435761) % 1000) / 2000


def build_org(scale: Scale) -> Org:
    org = Org()
    weights = FORCE_WEIGHTS[: scale.forces]
    sizes = _split(scale.nominals, [w for w, _ in weights])
    user_id = unit_id = 0
    slot = 0
    for f, (size, (_, welsh)) in enumerate(zip(sizes, weights, strict=True), start=1):
        org.forces.append((f, f"bf{f:02d}", f"Bench Force {f:02d}", "WLS" if welsh else "ENG"))
        n_units = max(1, round(size / NOMINALS_PER_UNIT))
        for u, unit_size in enumerate(_split(size, [1.0] * n_units), start=1):
            unit_id += 1
            org.units.append((unit_id, f, f"ppu-{u:02d}", f"Public Protection Unit {u:02d}"))
            n_om = max(1, round(unit_size / CASELOAD))
            n_sup = math.ceil(n_om / OFFICERS_PER_SUPERVISOR)
            sups, support = [], []
            for s in range(n_sup):
                user_id += 1
                org.users.append(_user(user_id, unit_id, "supervisor", f"sup-{f}-{u}-{s + 1}"))
                sups.append(user_id)
            for s in range(2):
                user_id += 1
                org.users.append(
                    _user(user_id, unit_id, "register_support", f"rso-{f}-{u}-{s + 1}")
                )
                support.append(user_id)
            oms = []
            for o in range(n_om):
                user_id += 1
                org.users.append(_user(user_id, unit_id, "offender_manager", f"om-{f}-{u}-{o + 1}"))
                oms.append(user_id)
            loads = _split(unit_size, [_wobble(om) for om in oms])
            for o, (om, load) in enumerate(zip(oms, loads, strict=True)):
                # The colleague who goes too on a visit to a high-risk person (lone working).
                buddy = oms[(o + 1) % n_om] if n_om > 1 else sups[0]
                sup = sups[o // OFFICERS_PER_SUPERVISOR]
                org.caseloads.append(
                    (om, unit_id, f, sup, buddy, support[o % 2], slot, slot + load - 1)
                )
                slot += load
        for role in ("register_admin", "analyst"):
            user_id += 1
            first_unit = next(u[0] for u in org.units if u[1] == f)
            org.users.append(_user(user_id, first_unit, role, f"{role[:8]}-{f}"))
    assert slot == scale.nominals
    return org


_FIRST = ("Alex", "Sam", "Jo", "Chris", "Pat", "Lee", "Kim", "Robin", "Jamie", "Casey")
_LAST = ("Adams", "Baker", "Clarke", "Davies", "Evans", "Foster", "Green", "Hughes", "Jones")


def _user(pk: int, unit: int, role: str, username: str) -> tuple[Any, ...]:
    return (
        pk,
        unit,
        role,
        username,
        _FIRST[pk % len(_FIRST)],
        _LAST[(pk // len(_FIRST)) % len(_LAST)],
        f"{username}@bench.invalid",
    )


# ---------------------------------------------------------------------------------------
# SQL


FUNCTIONS = """
CREATE OR REPLACE FUNCTION pg_temp.r(a bigint, salt int) RETURNS float8
LANGUAGE sql IMMUTABLE AS
$$ SELECT ((hashint8extended(a, salt) >> 11) & 9007199254740991)::float8 / 9007199254740992.0 $$;

CREATE OR REPLACE FUNCTION pg_temp.ri(a bigint, salt int, lo int, hi int) RETURNS int
LANGUAGE sql IMMUTABLE AS
$$ SELECT lo + floor(pg_temp.r(a, salt) * (hi - lo + 1))::int $$;

CREATE OR REPLACE FUNCTION pg_temp.at(d date, minutes int) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS
$$ SELECT (d + make_interval(mins => minutes)) AT TIME ZONE 'Europe/London' $$;

CREATE OR REPLACE FUNCTION pg_temp.pick(options text[], a bigint, salt int) RETURNS text
LANGUAGE sql IMMUTABLE AS
$$ SELECT options[1 + floor(pg_temp.r(a, salt) * array_length(options, 1))::int] $$;

-- A reference such as VG-7KQ2-M9XD: n * mult is a bijection modulo 31^8 (mult is not a
-- multiple of 31), so distinct numbers give distinct references.
CREATE OR REPLACE FUNCTION pg_temp.b31(v bigint, p bigint) RETURNS text
LANGUAGE sql IMMUTABLE AS
$$ SELECT substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', (mod(v / p, 31))::int + 1, 1) $$;

CREATE OR REPLACE FUNCTION pg_temp.ref_of(prefix text, v bigint) RETURNS text
LANGUAGE sql IMMUTABLE AS
$$ SELECT prefix || '-' || pg_temp.b31(v, 27512614111) || pg_temp.b31(v, 887503681)
       || pg_temp.b31(v, 28629151) || pg_temp.b31(v, 923521) || '-'
       || pg_temp.b31(v, 29791) || pg_temp.b31(v, 961) || pg_temp.b31(v, 31)
       || pg_temp.b31(v, 1) $$;

CREATE OR REPLACE FUNCTION pg_temp.ref(prefix text, n bigint, mult bigint) RETURNS text
LANGUAGE sql IMMUTABLE AS
$$ SELECT pg_temp.ref_of(prefix, mod(n * mult + 12345, 852891037441)) $$;
"""

# One row per nominal with everything the other tables are drawn from.
PLAN_TABLE = """
CREATE TEMP TABLE bn AS
WITH s AS (
    SELECT slot, o.*,
           pg_temp.r(slot, 1) AS u_cat, pg_temp.r(slot, 2) AS u_status,
           pg_temp.r(slot, 3) AS u_profile, pg_temp.r(slot, 4) AS u_level,
           pg_temp.r(slot, 5) AS u_plan
    FROM generate_series(0, %(n)s - 1) AS slot
    CROSS JOIN LATERAL (
        SELECT * FROM b_caseload c WHERE c.lo <= slot ORDER BY c.lo DESC LIMIT 1
    ) AS o
), c AS (
    SELECT s.*,
        CASE WHEN u_cat < 0.85 THEN 'rso' WHEN u_cat < 0.95 THEN 'violent'
             WHEN u_cat < 0.96 THEN 'terrorism' ELSE 'pdp' END AS category,
        CASE WHEN u_status < 0.875 THEN 'community' WHEN u_status < 0.935 THEN 'custody'
             WHEN u_status < 0.94 THEN 'hospital' WHEN u_status < 0.945 THEN 'overseas'
             WHEN u_status < 0.955 THEN 'missing' WHEN u_status < 0.985 THEN 'ended'
             ELSE 'deceased' END AS status,
        -- Profiles (see PROFILES): 0-3 indefinite, 4-5 ten years, 6 seven, 7-8 five, 9 two.
        CASE WHEN u_profile < 0.14 THEN 0 WHEN u_profile < 0.26 THEN 1
             WHEN u_profile < 0.36 THEN 2 WHEN u_profile < 0.42 THEN 3
             WHEN u_profile < 0.60 THEN 4 WHEN u_profile < 0.68 THEN 5
             WHEN u_profile < 0.75 THEN 6 WHEN u_profile < 0.87 THEN 7
             WHEN u_profile < 0.92 THEN 8 ELSE 9 END AS profile,
        CASE WHEN u_level < 0.01 THEN NULL WHEN u_level < 0.4555 THEN 'low'
             WHEN u_level < 0.8317 THEN 'medium' WHEN u_level < 0.97 THEN 'high'
             ELSE 'very_high' END AS level
    FROM s
), d AS (
    SELECT c.*,
        (ARRAY[NULL, NULL, NULL, NULL, 10, 10, 7, 5, 5, 2])[profile + 1] AS period_years
    FROM c
), e AS (
    SELECT d.*,
        CASE
            WHEN category <> 'rso' THEN %(anchor)s::date - pg_temp.ri(slot, 6, 30, 3000)
            WHEN period_years IS NULL THEN %(anchor)s::date - pg_temp.ri(slot, 6, 30, 7000)
            ELSE %(anchor)s::date - pg_temp.ri(slot, 6, 30, period_years * 365 - 440)
        END AS relevant_on
    FROM d
), f AS (
    SELECT e.*,
        relevant_on + pg_temp.ri(slot, 7, 0, 2) AS registered_on,
        relevant_on - pg_temp.ri(slot, 8, 21 * 365, 65 * 365) AS date_of_birth,
        -- A plan that sets its own visit frequency (15%% of those with a level).
        CASE WHEN level IS NOT NULL AND u_plan < 0.15
             THEN pg_temp.ri(slot, 9, 1, 5) END AS plan_freq
    FROM e
), g AS (
SELECT
    row_number() OVER (ORDER BY registered_on, slot)::bigint AS id,
    f.slot, f.om_id, f.unit_id, f.force_id, f.sup_id, f.buddy_id, f.rso_id,
    f.category, f.status, f.level, f.registered_on, f.date_of_birth,
    CASE WHEN f.category = 'rso' THEN f.profile END AS profile,
    f.relevant_on, f.period_years,
    -- A later conviction for one sex offender in five.
    CASE WHEN f.category = 'rso' AND pg_temp.r(f.slot, 10) < 0.2
              AND %(anchor)s::date - f.relevant_on > 120
         THEN f.relevant_on + pg_temp.ri(f.slot, 11, 60, %(anchor)s::date - f.relevant_on - 30)
    END AS second_on,
    (ARRAY[6, 7, 8, 9, 4])[pg_temp.ri(f.slot, 12, 1, 5)] AS second_profile,
    -- The visit interval: the plan's (6 weeks, 2 months, 4 months, 1 month, 8 weeks) or
    -- the policy's for the level; with no level yet, the shortest (monthly).
    f.plan_freq,
    CASE f.plan_freq WHEN 1 THEN 6 WHEN 2 THEN 2 WHEN 3 THEN 4 WHEN 4 THEN 1 WHEN 5 THEN 8
    END AS plan_count,
    CASE WHEN f.plan_freq IN (1, 5) THEN 'weeks' WHEN f.plan_freq IS NOT NULL THEN 'months'
         ELSE '' END AS plan_unit,
    CASE
        WHEN f.plan_freq IN (1, 5) THEN make_interval(days => 7 * (CASE f.plan_freq
            WHEN 1 THEN 6 ELSE 8 END))
        WHEN f.plan_freq IS NOT NULL THEN make_interval(months => (CASE f.plan_freq
            WHEN 2 THEN 2 WHEN 3 THEN 4 ELSE 1 END))
        WHEN f.level = 'low' THEN interval '12 months'
        WHEN f.level = 'medium' THEN interval '6 months'
        WHEN f.level = 'high' THEN interval '3 months'
        ELSE interval '1 month'
    END AS visit_every,
    -- Current home is no fixed abode (2%% of those in the community).
    (f.status = 'community' AND pg_temp.r(f.slot, 13) < 0.02
     AND %(anchor)s::date - f.registered_on > 240) AS nfa,
    %(anchor)s::date - pg_temp.ri(f.slot, 14, 10, 200) AS nfa_from,
    -- Visits stop early (the person is now overdue, or away) for some.
    CASE
        WHEN f.status <> 'community' THEN pg_temp.ri(f.slot, 16, 30, 700)
        WHEN pg_temp.r(f.slot, 17) < 0.12 THEN -1
    END AS visits_cut
FROM f
)
SELECT g.*,
    -- Homes since registration: one to four, at least 300 days apart.
    LEAST(pg_temp.ri(g.slot, 15, 1, 4), 1 + ((CASE WHEN g.nfa THEN g.nfa_from
        ELSE %(anchor)s::date END) - g.registered_on) / 300) AS n_addresses
FROM g
"""

PROFILES: tuple[tuple[str, str, str, bool, str, int], ...] = (
    # offence code, disposal, term, suspended, age field, age
    ("SOA2003-s1", "imprisonment", "8y", False, "victim_age", 24),
    ("SOA2003-s7", "imprisonment", "4y", False, "victim_age", 11),
    ("SOA2003-s9", "imprisonment", "3y", False, "victim_age", 14),
    ("SOA2003-s15", "imprisonment", "5y", False, "victim_age", 14),
    ("PCA1978-s1", "imprisonment", "8m", True, "image_subject_age", 11),
    ("SOA2003-s3", "imprisonment", "18m", False, "victim_age", 16),
    ("SOA2003-s3", "imprisonment", "4m", False, "victim_age", 16),
    ("CJA1988-s160", "community", "24m", False, "image_subject_age", 13),
    ("SOA2003-s66", "fine", "", False, "victim_age", 15),
    ("CJA1988-s160", "caution", "", False, "image_subject_age", 14),
)


def _profiles_values() -> str:
    rows = []
    for i, (code, disposal, term, suspended, age_field, age) in enumerate(PROFILES):
        victim = age if age_field == "victim_age" else "NULL"
        image = age if age_field == "image_subject_age" else "NULL"
        rows.append(
            f"({i}, '{code}', '{disposal}', '{term}', {str(suspended).lower()}, "
            f"{victim}::smallint, {image}::smallint)"
        )
    return ",\n".join(rows)


NOMINALS = """
INSERT INTO nominals_nominal (
    id, created_at, modified_at, version, reference, category, status, force_id, unit_id,
    offender_manager_id, supervisor_id, registered_on, forename, middle_names, surname,
    date_of_birth, gender, self_defined_ethnicity, officer_defined_ethnicity, place_of_birth,
    nationality, height_cm, build, hair, eyes, facial_hair, accent, description_notes,
    pnc_id, cro_number, ni_number, created_by_id, modified_by_id)
SELECT
    b.id, pg_temp.at(b.registered_on, 600), pg_temp.at(b.registered_on, 600), 1,
    pg_temp.ref('VG', b.id, 536870909), b.category, b.status, b.force_id, b.unit_id,
    b.om_id, b.sup_id, b.registered_on,
    pg_temp.pick(ARRAY['James','John','David','Michael','Paul','Mark','Andrew','Peter',
        'Steven','Robert','Richard','Gary','Kevin','Daniel','Lee','Wayne','Craig','Dean',
        'Sarah','Karen','Lisa','Tracey','Emma','Jason','Ian','Stuart','Neil','Colin'], b.id, 20),
    '',
    pg_temp.pick(ARRAY['Smith','Jones','Taylor','Brown','Williams','Wilson','Johnson',
        'Davies','Robinson','Wright','Thompson','Evans','Walker','White','Roberts','Green',
        'Hall','Wood','Jackson','Clarke','Patel','Khan','Lewis','Harris','Hughes','Morgan',
        'Owen','Price','Cooper','Ward'], b.id, 21),
    b.date_of_birth,
    CASE WHEN pg_temp.r(b.id, 22) < 0.96 THEN 'male' ELSE 'female' END,
    pg_temp.pick(ARRAY['W1','W1','W1','W1','W2','W9','M1','A1','A2','B1','B2','O9','NS'],
        b.id, 23),
    pg_temp.pick(ARRAY['IC1','IC1','IC1','IC2','IC3','IC4','IC0'], b.id, 24),
    '', 'British', pg_temp.ri(b.id, 25, 155, 195)::smallint,
    pg_temp.pick(ARRAY['slim','medium','stocky','large','muscular'], b.id, 26),
    pg_temp.pick(ARRAY['Brown','Black','Grey','Fair','Bald','Ginger'], b.id, 27),
    pg_temp.pick(ARRAY['Blue','Brown','Green','Hazel'], b.id, 28),
    '', '', '',
    '', '', '', NULL, NULL
FROM bn b
"""

ADDRESSES = """
INSERT INTO nominals_address (
    created_at, modified_at, version, from_date, to_date, kind, line1, line2, town, postcode,
    location_notes, latitude, longitude, created_by_id, modified_by_id, nominal_id)
SELECT pg_temp.at(a.recorded_on, 660), pg_temp.at(a.recorded_on, 660), 1,
       a.from_date, a.to_date, a.kind,
       CASE WHEN a.kind = 'nfa' THEN '' ELSE pg_temp.ri(a.key, 30, 1, 240) || ' ' ||
           pg_temp.pick(ARRAY['High Street','Station Road','Church Lane','Mill Road',
               'Park Avenue','Victoria Road','Green Lane','Manor Way'], a.key, 31) END,
       '', CASE WHEN a.kind = 'nfa' THEN '' ELSE
           pg_temp.pick(ARRAY['Ashford','Bramley','Castleton','Dunmore','Eastwick',
               'Fairfield','Glenholme','Hartley'], a.key, 32) END,
       CASE WHEN a.kind = 'nfa' THEN '' ELSE
           'BX' || pg_temp.ri(a.key, 33, 1, 29) || ' ' || pg_temp.ri(a.key, 34, 1, 9) ||
           pg_temp.pick(ARRAY['AB','DE','FG','HJ','LN','PQ','RS','TU','WX','YZ'], a.key, 35) END,
       CASE WHEN a.kind = 'nfa' THEN 'Sleeps in the doorway of the old library; found at '
           || 'the day centre on weekdays.' ELSE '' END,
       CASE WHEN a.kind = 'nfa' THEN NULL ELSE 50.5 + 4.5 * pg_temp.r(a.key, 36) END,
       CASE WHEN a.kind = 'nfa' THEN NULL ELSE -4.0 + 5.0 * pg_temp.r(a.key, 37) END,
       NULL, NULL, a.nominal_id
FROM (
    SELECT m.*, lead(m.from_date) OVER w - 1 AS to_date
    FROM (
        SELECT b.id AS nominal_id, k, b.id * 8 + k AS key,
            CASE WHEN b.nfa AND k = b.n_addresses + 1 THEN 'nfa' ELSE 'home' END AS kind,
            CASE
                WHEN k = 1 THEN b.registered_on - pg_temp.ri(b.id, 38, 30, 2000)
                WHEN b.nfa AND k = b.n_addresses + 1 THEN b.nfa_from
                ELSE b.registered_on + ((k - 1) * (LEAST(%(anchor)s::date, CASE WHEN b.nfa
                    THEN b.nfa_from ELSE %(anchor)s::date END) - b.registered_on)
                    / (b.n_addresses + 1)) - pg_temp.ri(b.id * 8 + k, 39, 0, 20)
            END AS from_date,
            CASE WHEN k = 1 THEN b.registered_on
                 ELSE NULL END AS first_recorded
        FROM bn b
        CROSS JOIN LATERAL generate_series(1, b.n_addresses + (CASE WHEN b.nfa THEN 1 ELSE 0
            END)) AS k
    ) m
    WINDOW w AS (PARTITION BY m.nominal_id ORDER BY m.k)
) a0
CROSS JOIN LATERAL (SELECT
    a0.nominal_id, a0.key, a0.kind, a0.from_date, a0.to_date,
    COALESCE(a0.first_recorded,
             LEAST(a0.from_date + pg_temp.ri(a0.key, 40, 0, 3), %(anchor)s::date - 1))
        AS recorded_on) a
ORDER BY a.recorded_on, a.nominal_id, a.key
"""

HOUSEHOLD = """
INSERT INTO nominals_householdmember (
    created_at, modified_at, version, from_date, to_date, name, relationship, date_of_birth,
    believed_under_18, address_id, created_by_id, modified_by_id, nominal_id)
SELECT pg_temp.at(h.on_day, 700), pg_temp.at(h.on_day, 700), 1, h.on_day, NULL,
       pg_temp.pick(ARRAY['Dawn','Tina','Jade','Kyle','Ryan','Chloe','Mia','Josh'], h.key, 41)
           || ' ' || pg_temp.pick(ARRAY['Moss','Lowe','Hale','Reed'], h.key, 42),
       CASE WHEN h.child THEN 'Partner''s child' ELSE
           pg_temp.pick(ARRAY['Partner','Lodger','Brother','Mother'], h.key, 43) END,
       CASE WHEN h.child THEN h.on_day - pg_temp.ri(h.key, 44, 400, 5000)
            ELSE h.on_day - pg_temp.ri(h.key, 44, 7000, 20000) END,
       false, h.address_id, NULL, NULL, h.nominal_id
FROM (
    SELECT a.id AS address_id, a.nominal_id, a.id * 4 + m AS key,
           pg_temp.r(a.id * 4 + m, 45) < 0.3 AS child,
           LEAST(GREATEST(a.from_date, b.registered_on)
                 + pg_temp.ri(a.id * 4 + m, 46, 1, 300), %(anchor)s::date - 1) AS on_day
    FROM nominals_address a
    JOIN bn b ON b.id = a.nominal_id
    CROSS JOIN LATERAL generate_series(1, pg_temp.ri(a.id, 47, 1, 2)) AS m
    WHERE a.to_date IS NULL AND a.kind = 'home' AND pg_temp.r(a.nominal_id, 48) < 0.15
) h
ORDER BY h.on_day, h.key
"""

CONVICTIONS = """
INSERT INTO registration_conviction (
    created_at, modified_at, version, kind, relevant_on, sentenced_on, court, consecutive,
    overlap, notes, created_by_id, modified_by_id, nominal_id)
SELECT pg_temp.at(c.recorded_on, 630), pg_temp.at(c.recorded_on, 630), 1,
       CASE WHEN p.disposal = 'caution' THEN 'caution' ELSE 'conviction' END,
       c.relevant_on,
       CASE WHEN p.disposal NOT IN ('caution') AND pg_temp.r(c.key, 50) < 0.3
            THEN c.relevant_on + pg_temp.ri(c.key, 51, 0, 20) END,
       CASE WHEN p.disposal = 'caution' THEN 'Bench Police Station'
            ELSE pg_temp.pick(ARRAY['Crown Court at Ashford','Crown Court at Bramley',
                'Castleton Magistrates'' Court','Crown Court at Dunmore'], c.key, 52) END,
       false, '', '', NULL, NULL, c.nominal_id
FROM (
    -- The first conviction is recorded on registration, a later one the day after it.
    SELECT b.id AS nominal_id, b.id * 2 AS key, b.relevant_on, b.profile,
           b.registered_on AS recorded_on
    FROM bn b
    WHERE b.category = 'rso'
    UNION ALL
    SELECT b.id, b.id * 2 + 1, b.second_on, b.second_profile,
           LEAST(b.second_on + 1, %(anchor)s::date - 1) FROM bn b
    WHERE b.category = 'rso' AND b.second_on IS NOT NULL
) c
JOIN (VALUES {profiles}) AS p (profile, code, disposal, term, suspended, victim, image)
    ON p.profile = c.profile
ORDER BY c.relevant_on, c.key
"""

OFFENCES = """
INSERT INTO registration_convictionoffence (
    created_at, modified_at, version, offence_code, offence_date, victim_age,
    image_subject_age, intended_victim_age, disposal, term, suspended, custody, secondary,
    purpose, conviction_id, created_by_id, modified_by_id)
SELECT c.created_at, c.created_at, 1, p.code,
       c.relevant_on - pg_temp.ri(c.id * 2 + m, 53, 30, 700) - (m - 1) * 90,
       p.victim, p.image, NULL, p.disposal, p.term, p.suspended, 'imprisonment', '', '',
       c.id, NULL, NULL
FROM registration_conviction c
JOIN bn b ON b.id = c.nominal_id
CROSS JOIN LATERAL generate_series(1, CASE WHEN pg_temp.r(c.id, 54) < 0.3 THEN 2 ELSE 1 END)
    AS m
JOIN (VALUES {profiles}) AS p (profile, code, disposal, term, suspended, victim, image)
    ON p.profile = CASE WHEN c.relevant_on = b.relevant_on THEN b.profile
                        ELSE b.second_profile END
ORDER BY c.id, m
"""

NOTIFICATIONS = """
INSERT INTO registration_notification (
    created_at, modified_at, version, reference, kind, received_at, station, event_on,
    summary, notes, address_id, bank_card_id, document_id, household_member_id, name_id,
    itinerary_id, nominal_id, received_by_id, created_by_id, modified_by_id)
SELECT x.at, x.at, 1,
       pg_temp.ref('NT', row_number() OVER (ORDER BY x.at, x.nominal_id, x.key), 715827881),
       x.kind, x.at,
       pg_temp.pick(ARRAY['Ashford Police Station','Bramley Police Station',
           'Castleton Police Station','Dunmore Police Station'], x.nominal_id, 60),
       x.event_on, x.summary, '', x.address_id, NULL, NULL, NULL, NULL, NULL,
       x.nominal_id, x.received_by, NULL, NULL
FROM (
    -- The initial notification, within 3 days of the relevant date (s.83).
    SELECT b.id AS nominal_id, b.id * 64 AS key, 'initial' AS kind,
           pg_temp.at(LEAST(b.relevant_on + pg_temp.ri(b.id, 61, 0, 2), %(anchor)s::date - 1),
                      pg_temp.ri(b.id, 62, 540, 1000)) AS at,
           NULL::date AS event_on, 'Initial notification of name, date of birth, NI number '
           || 'and home address.' AS summary, NULL::bigint AS address_id, b.om_id AS received_by
    FROM bn b WHERE b.category = 'rso'
    UNION ALL
    -- Periodic notifications before each anniversary; the last one missed by 4%%.
    SELECT b.id, b.id * 64 + k, 'periodic',
           pg_temp.at((b.registered_on + make_interval(years => k))::date
                      - pg_temp.ri(b.id * 64 + k, 63, 1, 25), pg_temp.ri(b.id + k, 64, 540, 1000)),
           NULL, 'Periodic notification: no changes.', NULL, b.om_id
    FROM bn b
    CROSS JOIN LATERAL generate_series(1, date_part('year', age(%(anchor)s::date,
        b.registered_on))::int + 1) AS k
    WHERE b.category = 'rso'
      AND (b.registered_on + make_interval(years => k))::date
          - pg_temp.ri(b.id * 64 + k, 63, 1, 25) < %(anchor)s::date
      AND NOT (b.nfa AND (b.registered_on + make_interval(years => k))::date >= b.nfa_from)
      AND NOT (pg_temp.r(b.id, 65) < 0.04 AND k >= date_part('year', age(%(anchor)s::date,
          b.registered_on)))
    UNION ALL
    -- A change of home address at each move (s.84(1)(b)).
    SELECT a.nominal_id, a.id * 64 + 40, 'change_home_address',
           pg_temp.at(LEAST(a.from_date + pg_temp.ri(a.id, 66, 0, 3), %(anchor)s::date - 1),
                      pg_temp.ri(a.id, 67, 540, 1000)),
           a.from_date, 'Change of home address.', a.id, b.om_id
    FROM nominals_address a JOIN bn b ON b.id = a.nominal_id
    WHERE b.category = 'rso' AND a.from_date > b.registered_on
    UNION ALL
    -- Weekly notifications while of no fixed abode (s.85(5)(a)); some have stopped.
    SELECT b.id, b.id * 64 + 41 + w, 'weekly',
           pg_temp.at(b.nfa_from + 7 * w - pg_temp.ri(b.id * 64 + w, 68, 0, 1),
                      pg_temp.ri(b.id + w, 69, 540, 1000)),
           NULL, 'Weekly notification: where they can be found.', NULL, b.om_id
    FROM bn b
    CROSS JOIN LATERAL generate_series(0, (%(anchor)s::date - b.nfa_from) / 7) AS w
    WHERE b.category = 'rso' AND b.nfa
      AND b.nfa_from + 7 * w < %(anchor)s::date
          - (CASE WHEN pg_temp.r(b.id, 70) < 0.25 THEN pg_temp.ri(b.id, 71, 10, 20) ELSE 0 END)
    UNION ALL
    -- Bank card and identity document notices (do not restart the clock).
    SELECT b.id, b.id * 64 + 63,
           CASE WHEN pg_temp.r(b.id, 72) < 0.5 THEN 'bank_card' ELSE 'identity_document' END,
           pg_temp.at(b.registered_on + pg_temp.ri(b.id, 73, 1, %(anchor)s::date
               - b.registered_on - 1), 720),
           NULL, 'New bank card or passport notified.', NULL, b.om_id
    FROM bn b WHERE b.category = 'rso' AND pg_temp.r(b.id, 74) < 0.2
) x
ORDER BY x.at, x.nominal_id, x.key
"""

# The level decisions: the approved one in force (decided in the last 400 days), earlier
# approved ones roughly every 300-500 days back to registration, a few sent back, and
# pending proposals for 3%.
DECISIONS = """
CREATE TEMP TABLE b_decision AS
SELECT x.nominal_id, x.j, x.state, x.level, x.decided_on,
       x.decided_on - pg_temp.ri(x.nominal_id * 16 + x.j, 80, 1, 10) AS proposed_on
FROM (
    SELECT b.id AS nominal_id, j, 'approved' AS state,
           CASE WHEN j = 0 THEN b.level ELSE pg_temp.pick(ARRAY['low','low','medium',
               'medium','high','very_high'], b.id * 16 + j, 81) END AS level,
           %(anchor)s::date - pg_temp.ri(b.id, 82, 1,
               LEAST(400, %(anchor)s::date - b.registered_on - 12))
               - j * pg_temp.ri(b.id, 83, 450, 800) AS decided_on
    FROM bn b CROSS JOIN generate_series(0, 6) AS j
    WHERE b.level IS NOT NULL
    UNION ALL
    SELECT b.id, 7, 'sent_back', b.level,
           %(anchor)s::date - pg_temp.ri(b.id, 84, 20, 60)
    FROM bn b WHERE b.level IS NOT NULL AND pg_temp.r(b.id, 85) < 0.03
) x
JOIN bn b ON b.id = x.nominal_id
WHERE x.decided_on - 10 >= b.registered_on AND x.decided_on < %(anchor)s::date;

INSERT INTO risk_riskleveldecision (
    created_at, modified_at, version, level, rationale, proposed_at, state, decided_at,
    send_back_reason, created_by_id, decided_by_id, modified_by_id, nominal_id, proposed_by_id)
SELECT x.proposed_at, COALESCE(x.decided_at, x.proposed_at), 1, x.level,
       'Based on the latest assessment and what is known of their circumstances.',
       x.proposed_at, x.state, x.decided_at, x.reason, NULL, x.decided_by, NULL,
       x.nominal_id, x.proposed_by
FROM (
    SELECT d.nominal_id, d.j, d.level, d.state,
           pg_temp.at(d.proposed_on, 600) AS proposed_at,
           pg_temp.at(d.decided_on, 840 + d.j) AS decided_at,
           CASE WHEN d.state = 'sent_back' THEN 'Please explain the change in circumstances.'
                ELSE '' END AS reason,
           b.sup_id AS decided_by, b.om_id AS proposed_by
    FROM b_decision d JOIN bn b ON b.id = d.nominal_id
    UNION ALL
    SELECT b.id, 8, COALESCE(b.level, 'medium'), 'pending',
           pg_temp.at(%(anchor)s::date - pg_temp.ri(b.id, 86, 0, 25), 610), NULL, '',
           NULL, b.om_id
    FROM bn b
    WHERE b.status NOT IN ('ended', 'deceased') AND %(anchor)s::date - b.registered_on > 30
      AND (pg_temp.r(b.id, 87) < 0.03 OR (b.level IS NULL AND pg_temp.r(b.id, 87) < 0.5))
) x
ORDER BY x.proposed_at, x.nominal_id, x.j
"""

ARMS = """
INSERT INTO risk_armsassessment (
    created_at, modified_at, version, assessed_on, formulation, priorities,
    factor_list_version, summary, assessor_id, created_by_id, modified_by_id, nominal_id)
SELECT pg_temp.at(a.on_day, 900), pg_temp.at(a.on_day, 900), 1, a.on_day,
       'Risk is linked to isolation and access to the internet; protective factors are '
       || 'employment and a stable relationship.',
       'Monitor devices; support into work.', %(arms_version)s, '{}'::jsonb,
       b.om_id, NULL, NULL, b.id
FROM (
    SELECT d.nominal_id, d.j, GREATEST(d.proposed_on - pg_temp.ri(d.nominal_id * 16 + d.j,
           88, 1, 14), b.registered_on) AS on_day
    FROM b_decision d JOIN bn b ON b.id = d.nominal_id
    WHERE d.state = 'approved' AND b.category = 'rso'
) a
JOIN bn b ON b.id = a.nominal_id
ORDER BY a.on_day, a.nominal_id, a.j
"""

SCORES = """
INSERT INTO risk_actuarialscore (
    created_at, modified_at, version, tool, tool_version, scored_on, inputs, result,
    explanation, s_category, v_category, c_category, created_by_id, modified_by_id,
    nominal_id, scored_by_id)
SELECT pg_temp.at(s.on_day, 800), pg_temp.at(s.on_day, 800), 1, 'RM2000',
       'Risk Matrix 2000 (bench)', s.on_day, '{}'::jsonb, '{}'::jsonb, '[]'::jsonb,
       pg_temp.pick(ARRAY['low','medium','high','very high'], s.nominal_id, 90),
       pg_temp.pick(ARRAY['low','medium','high','very high'], s.nominal_id, 91),
       pg_temp.pick(ARRAY['low','medium','high','very high'], s.nominal_id, 92),
       NULL, NULL, s.nominal_id, s.om_id
FROM (
    SELECT b.id AS nominal_id, b.om_id,
           LEAST(b.registered_on + pg_temp.ri(b.id, 93, 5, 40), %(anchor)s::date - 1) AS on_day
    FROM bn b WHERE b.category = 'rso'
) s
ORDER BY s.on_day, s.nominal_id
"""

# A plan version signed off a few days after each approved level; the newest is in force
# and may set a visit frequency; 5% have a newer version waiting or being written.
PLANS = """
INSERT INTO risk_riskmanagementplan (
    created_at, modified_at, version, number, status, visit_every_count, visit_every_unit,
    review_on, submitted_at, decided_at, send_back_reason, created_by_id, decided_by_id,
    modified_by_id, nominal_id, submitted_by_id)
SELECT COALESCE(x.started_at, x.submitted_at),
       COALESCE(x.decided_at, x.submitted_at, x.started_at), 1, x.number,
       x.status, x.count, x.unit, x.review_on, x.submitted_at, x.decided_at, '', NULL,
       x.decided_by, NULL, x.nominal_id, x.submitted_by
FROM (
    SELECT p.nominal_id, p.number, 'approved' AS status,
           CASE WHEN p.newest THEN b.plan_count END AS count,
           CASE WHEN p.newest THEN b.plan_unit ELSE '' END AS unit,
           (p.decided_on + interval '12 months')::date
               - pg_temp.ri(p.nominal_id * 16 + p.number, 94, 0, 60) AS review_on,
           pg_temp.at(p.decided_on - 1, 700) AS submitted_at,
           pg_temp.at(p.decided_on, 960) AS decided_at,
           NULL::timestamptz AS started_at,
           b.sup_id AS decided_by, b.om_id AS submitted_by
    FROM (
        SELECT d.nominal_id,
               row_number() OVER (PARTITION BY d.nominal_id ORDER BY d.decided_on) AS number,
               row_number() OVER (PARTITION BY d.nominal_id ORDER BY d.decided_on DESC) = 1
                   AS newest,
               LEAST(d.decided_on + pg_temp.ri(d.nominal_id * 16 + d.j, 95, 1, 5),
                     %(anchor)s::date - 1) AS decided_on
        FROM b_decision d WHERE d.state = 'approved'
    ) p
    JOIN bn b ON b.id = p.nominal_id
    UNION ALL
    SELECT b.id, n.versions + 1,
           CASE WHEN pg_temp.r(b.id, 96) < 0.6 THEN 'submitted' ELSE 'draft' END,
           NULL, '',
           CASE WHEN pg_temp.r(b.id, 96) < 0.6 THEN %(anchor)s::date + 300 END,
           CASE WHEN pg_temp.r(b.id, 96) < 0.6
                THEN pg_temp.at(%(anchor)s::date - pg_temp.ri(b.id, 97, 0, 20), 650) END,
           NULL, pg_temp.at(%(anchor)s::date - 25, 650), NULL,
           CASE WHEN pg_temp.r(b.id, 96) < 0.6 THEN b.om_id END
    FROM bn b
    JOIN (SELECT nominal_id, count(*) AS versions FROM b_decision WHERE state = 'approved'
          GROUP BY nominal_id) n ON n.nominal_id = b.id
    WHERE b.status NOT IN ('ended', 'deceased') AND pg_temp.r(b.id, 98) < 0.05
) x
ORDER BY COALESCE(x.decided_at, x.submitted_at, x.started_at), x.nominal_id, x.number
"""

OBJECTIVES = """
INSERT INTO risk_planobjective (
    created_at, modified_at, version, position, text, created_by_id, modified_by_id, plan_id)
SELECT p.decided_at, p.decided_at, 1, 1,
       'Reduce the risk of further offending by managing access to children.', NULL, NULL, p.id
FROM risk_riskmanagementplan p
WHERE p.status = 'approved' AND NOT EXISTS (
    SELECT 1 FROM risk_riskmanagementplan q
    WHERE q.nominal_id = p.nominal_id AND q.status = 'approved' AND q.number > p.number)
ORDER BY p.id
"""

ACTIONS = """
INSERT INTO risk_planaction (
    created_at, modified_at, version, what, owner_agency, due_on, status, created_by_id,
    modified_by_id, owner_officer_id, objective_id, plan_id)
SELECT o.created_at, o.created_at, 1,
       pg_temp.pick(ARRAY['Check devices for monitoring software','Refer to housing',
           'Liaise with probation about licence conditions','Speak to the school'],
           o.id * 4 + k, 100),
       CASE WHEN pg_temp.r(o.id * 4 + k, 101) < 0.3 THEN 'Probation Service' ELSE '' END,
       %(anchor)s::date + pg_temp.ri(o.id * 4 + k, 102, -60, 120),
       pg_temp.pick(ARRAY['not_started','not_started','not_started','not_started',
           'in_progress','in_progress','in_progress','done','done','cancelled'],
           o.id * 4 + k, 103),
       NULL, NULL,
       CASE WHEN pg_temp.r(o.id * 4 + k, 101) < 0.3 THEN NULL ELSE b.om_id END,
       o.id, o.plan_id
FROM risk_planobjective o
JOIN risk_riskmanagementplan p ON p.id = o.plan_id
JOIN bn b ON b.id = p.nominal_id
CROSS JOIN LATERAL generate_series(1, pg_temp.ri(o.id, 104, 0, 3)) AS k
ORDER BY o.id, k
"""

RECORD_REVIEWS = """
INSERT INTO nominals_recordreview (
    created_at, modified_at, version, reviewed_on, record_complete, flags_reviewed, notes,
    created_by_id, modified_by_id, nominal_id)
SELECT pg_temp.at(r.on_day, 690), pg_temp.at(r.on_day, 690), 1, r.on_day, true, true, '',
       r.rso_id, r.rso_id, r.nominal_id
FROM (
    SELECT b.id AS nominal_id, b.rso_id,
           %(anchor)s::date - pg_temp.ri(b.id, 110, 1, 150)
               - j * pg_temp.ri(b.id * 4 + j, 111, 100, 115) AS on_day
    FROM bn b CROSS JOIN generate_series(0, 3) AS j
    WHERE pg_temp.r(b.id, 112) >= 0.01
) r
JOIN bn b ON b.id = r.nominal_id
WHERE r.on_day >= b.registered_on
ORDER BY r.on_day, r.nominal_id
"""

FLAGS = """
INSERT INTO nominals_flag (
    created_at, modified_at, version, kind, reason, review_on, removed_on, removal_reason,
    created_by_id, modified_by_id, nominal_id)
SELECT pg_temp.at(f.on_day, 720), pg_temp.at(f.on_day, 720), 1,
       pg_temp.pick(ARRAY['violent_staff','weapons','dogs','self_harm','vehicle','location'],
           f.nominal_id, 120),
       'Reported by the local neighbourhood team.',
       %(anchor)s::date + pg_temp.ri(f.nominal_id, 121, -60, 300),
       CASE WHEN f.removed THEN %(anchor)s::date - pg_temp.ri(f.nominal_id, 122, 1, 9) END,
       CASE WHEN f.removed THEN 'No longer relevant.' ELSE '' END,
       NULL, NULL, f.nominal_id
FROM (
    SELECT b.id AS nominal_id, pg_temp.r(b.id, 123) < 0.1 AS removed,
           b.registered_on + pg_temp.ri(b.id, 124, 0, %(anchor)s::date - b.registered_on - 10)
               AS on_day
    FROM bn b WHERE pg_temp.r(b.id, 125) < 0.2
) f
ORDER BY f.on_day, f.nominal_id
"""

# Home visits at the person's cadence, a few days early each time (so on time), from the
# later of registration and 8 years ago; 6%% of them late by up to 40 days; a no-reply
# before 10%% of them; the series stops early for people now overdue or away.
VISITS = """
CREATE TEMP TABLE b_visit_series AS
SELECT * FROM (
SELECT b.id AS nominal_id, k,
       (v.start + k * b.visit_every)::date - k * v.early
           + CASE WHEN pg_temp.r(b.id * 512 + k, 130) < 0.06
                  THEN pg_temp.ri(b.id * 512 + k, 131, 1, 40) ELSE 0 END AS on_day,
       v.stop
FROM bn b
CROSS JOIN LATERAL (SELECT
    GREATEST(b.registered_on, %(anchor)s::date - 2922) AS start,
    pg_temp.ri(b.id, 132, 1, 4) AS early,
    %(anchor)s::date - CASE
        WHEN b.visits_cut IS NULL THEN 0
        WHEN b.visits_cut > 0 THEN b.visits_cut
        ELSE ((%(anchor)s::date + b.visit_every)::date - %(anchor)s::date)
             * pg_temp.ri(b.id, 133, 60, 160) / 100
    END AS stop) v
CROSS JOIN LATERAL generate_series(1, ((%(anchor)s::date - v.start)
    / GREATEST(1, ((%(anchor)s::date + b.visit_every)::date - %(anchor)s::date) - v.early)
    + 2)::int) AS k
) s
WHERE s.on_day < s.stop;

INSERT INTO visits_visit (
    created_at, modified_at, version, status, visit_type, planned_for, occurred_at,
    others_attending, outcome, identity_confirmed, address_confirmed, others_present,
    children_present, children_note, devices_checked, devices_note, vehicles_seen, concerns,
    follow_up, cancel_reason, uid, created_by_id, modified_by_id, nominal_id, officer_id,
    second_officer_id)
SELECT COALESCE(x.at, LEAST(x.planned_for, pg_temp.at(%(anchor)s::date, 540))
           - interval '14 days'),
       COALESCE(x.at, LEAST(x.planned_for, pg_temp.at(%(anchor)s::date, 540))
           - interval '14 days'),
       1, x.status, x.visit_type, x.planned_for,
       CASE WHEN x.status = 'done' THEN x.at END,
       '', x.outcome, x.outcome = 'seen', x.outcome = 'seen', '',
       CASE WHEN x.outcome = 'seen' THEN 'no' ELSE '' END, '',
       x.outcome = 'seen' AND x.visit_type LIKE 'home%%', '', '', '', '', x.cancel_reason,
       md5(x.tag || ':' || x.nominal_id || ':' || x.key)::uuid,
       b.om_id, b.om_id, x.nominal_id, b.om_id,
       CASE WHEN b.level IN ('high', 'very_high') AND x.visit_type LIKE 'home%%'
                 AND x.status = 'done' THEN b.buddy_id END
FROM (
    -- The visits that saw the person at home.
    SELECT s.nominal_id, 's' AS tag, s.k AS key, 'done' AS status,
           CASE WHEN pg_temp.r(s.nominal_id * 512 + s.k, 134) < 0.5 THEN 'home_announced'
                ELSE 'home_unannounced' END AS visit_type,
           pg_temp.at(s.on_day, pg_temp.ri(s.nominal_id * 512 + s.k, 135, 540, 1020)) AS at,
           CASE WHEN pg_temp.r(s.nominal_id * 512 + s.k, 136) < 0.7
                THEN pg_temp.at(s.on_day, 600) END AS planned_for,
           'seen' AS outcome, '' AS cancel_reason
    FROM b_visit_series s
    UNION ALL
    -- A no-reply (or not seen, or refused entry) a few days before 10%% of them.
    SELECT s.nominal_id, 'n', s.k, 'done', 'home_unannounced',
           pg_temp.at(s.on_day - pg_temp.ri(s.nominal_id * 512 + s.k, 137, 2, 9),
                      pg_temp.ri(s.nominal_id * 512 + s.k, 138, 540, 1020)),
           NULL,
           pg_temp.pick(ARRAY['no_reply','no_reply','no_reply','not_seen','refused_entry'],
               s.nominal_id * 512 + s.k, 139), ''
    FROM b_visit_series s
    WHERE pg_temp.r(s.nominal_id * 512 + s.k, 140) < 0.1
    UNION ALL
    -- An attempt since the series stopped, for half of those now overdue.
    SELECT b.id, 'a', 0, 'done', 'home_unannounced',
           pg_temp.at(%(anchor)s::date - pg_temp.ri(b.id, 141, 1, 20), 700), NULL,
           'no_reply', ''
    FROM bn b WHERE b.status = 'community' AND b.visits_cut = -1 AND pg_temp.r(b.id, 142) < 0.5
    UNION ALL
    -- Office appointments and phone or video contacts (never satisfy the home visit).
    SELECT b.id, 'o', m, 'done',
           pg_temp.pick(ARRAY['office','phone','video'], b.id * 8 + m, 143),
           pg_temp.at(%(anchor)s::date - pg_temp.ri(b.id * 8 + m, 144, 1, 1500), 630), NULL,
           'seen', ''
    FROM bn b CROSS JOIN generate_series(1, 3) AS m
    WHERE pg_temp.r(b.id, 145) < 0.1 AND %(anchor)s::date - pg_temp.ri(b.id * 8 + m, 144, 1,
        1500) > b.registered_on
    UNION ALL
    -- A visit planned in the diary (community), and a few left planned in the past.
    SELECT b.id, 'p', 0, 'planned', 'home_announced', NULL,
           pg_temp.at(%(anchor)s::date + pg_temp.ri(b.id, 146, -20, 60), 600), '', ''
    FROM bn b WHERE b.status = 'community' AND pg_temp.r(b.id, 147) < 0.7
    UNION ALL
    -- Cancelled visits.
    SELECT b.id, 'c', 0, 'cancelled', 'home_announced', NULL,
           pg_temp.at(%(anchor)s::date - pg_temp.ri(b.id, 148, 1, 900), 600), '',
           'Officer called to an urgent incident.'
    FROM bn b WHERE pg_temp.r(b.id, 149) < 0.03
      AND %(anchor)s::date - pg_temp.ri(b.id, 148, 1, 900) > b.registered_on
) x
JOIN bn b ON b.id = x.nominal_id
ORDER BY COALESCE(x.at, x.planned_for), x.nominal_id, x.tag, x.key
"""


# ---------------------------------------------------------------------------------------
# Running it


Log = Callable[[str], None]


def _quiet(message: str) -> None:
    """The default log: say nothing."""


@dataclass
class Report:
    scale: str
    anchor: dt.date
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    steps: dict[str, float] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def truncate(cursor: Any) -> None:
    """Empty every table the generator fills (and whatever refers to them)."""
    cursor.execute("TRUNCATE " + ", ".join(FILLED_TABLES) + " RESTART IDENTITY CASCADE")


def _check_empty(cursor: Any) -> None:
    for table in ("accounts_force", "accounts_unit", "accounts_user", "nominals_nominal"):
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
        if cursor.fetchone()[0]:
            raise RuntimeError(
                f"{table} is not empty: the generator writes into an empty register "
                "(python -m bench empties the bench database first)"
            )


def _unnest_insert(
    cursor: Any, table: str, columns: Sequence[str], types: Sequence[str], rows: list[Any]
) -> None:
    """One INSERT for all ``rows``: the columns go as arrays and come back with unnest."""
    arrays = [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    select = ", ".join(f"%s::{t}[]" for t in types)
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM unnest({select})", arrays
    )


def _secondary_ddl(cursor: Any) -> tuple[list[str], list[str], list[str]]:
    """(drop, create index, add foreign key) statements for the filled tables' indexes
    that back no constraint, and their foreign keys: dropped while loading, put back
    after (building an index once is much faster than keeping it up to date row by row,
    and a foreign key added afterwards is checked by one join, not a trigger per row)."""
    tables = list(FILLED_TABLES)
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relname = ANY(%s) AND t.relnamespace = 'public'::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
        ORDER BY t.relname, i.relname
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        """
        SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE c.contype = 'f' AND t.relname = ANY(%s)
          AND t.relnamespace = 'public'::regnamespace
        ORDER BY t.relname, c.conname
        """,
        [tables],
    )
    fkeys = cursor.fetchall()
    drop = [f'ALTER TABLE "{t}" DROP CONSTRAINT "{name}"' for t, name, _ in fkeys]
    drop += [f'DROP INDEX "{name}"' for name, _ in indexes]
    create = [ddl for _, ddl in indexes]
    add = [f'ALTER TABLE "{t}" ADD CONSTRAINT "{name}" {ddl}' for t, name, ddl in fkeys]
    return drop, create, add


def generate(
    scale: Scale,
    *,
    anchor: dt.date = ANCHOR,
    fast_load: bool = False,
    log: Log = _quiet,
) -> Report:
    """Fill the empty register on Django's default connection (PostgreSQL) at ``scale``.

    Run inside a transaction (the caller's): everything, including dropping and
    rebuilding indexes when ``fast_load`` is set, commits or rolls back together.
    ``fast_load`` drops the filled tables' secondary indexes and foreign keys while
    loading and rebuilds them after (``python -m bench``); without it every row is
    checked as it goes in (the test).
    """
    if connection.vendor != "postgresql":
        raise RuntimeError("the bench generator needs PostgreSQL")
    report = Report(scale=scale.name, anchor=anchor)
    started = time.perf_counter()
    params = {"n": scale.nominals, "anchor": anchor, "arms_version": arms.VERSION}
    profiles = _profiles_values()

    with connection.cursor() as cursor:

        def step(name: str, sql: str, args: dict[str, Any] | None = None) -> None:
            t0 = time.perf_counter()
            for statement in sql.split(";\n\n"):
                if statement.strip():
                    cursor.execute(statement, args)
            report.steps[name] = report.steps.get(name, 0.0) + time.perf_counter() - t0
            log(f"  {name:<24} {time.perf_counter() - t0:7.1f} s")

        _check_empty(cursor)
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        step("helpers", FUNCTIONS)
        drop: list[str] = []
        create: list[str] = []
        add: list[str] = []
        if fast_load:
            drop, create, add = _secondary_ddl(cursor)
            step("drop indexes and keys", ";\n\n".join(drop))

        t0 = time.perf_counter()
        org = build_org(scale)
        _unnest_insert(
            cursor,
            "accounts_force",
            ["id", "code", "name", "nation", "created_at", "modified_at"],
            ["bigint", "text", "text", "text", "timestamptz", "timestamptz"],
            [(*f, anchor, anchor) for f in org.forces],
        )
        _unnest_insert(
            cursor,
            "accounts_unit",
            ["id", "force_id", "code", "name", "created_at", "modified_at"],
            ["bigint", "bigint", "text", "text", "timestamptz", "timestamptz"],
            [(*u, anchor, anchor) for u in org.units],
        )
        expires = anchor + dt.timedelta(days=3 * 365)
        _unnest_insert(
            cursor,
            "accounts_user",
            [
                "id", "unit_id", "role", "username", "first_name", "last_name", "email",
                "password", "is_superuser", "is_staff", "is_active", "date_joined",
                "vetting_level", "vetting_expires", "organisation",
            ],
            [
                "bigint", "bigint", "text", "text", "text", "text", "text", "text",
                "boolean", "boolean", "boolean", "timestamptz", "text", "date", "text",
            ],
            [(*u, "!", False, False, True, anchor, "MV", expires, "") for u in org.users],
        )  # fmt: skip
        cursor.execute("DROP TABLE IF EXISTS b_caseload, bn, b_decision, b_visit_series")
        cursor.execute(
            "CREATE TEMP TABLE b_caseload (om_id bigint, unit_id bigint, force_id bigint, "
            "sup_id bigint, buddy_id bigint, rso_id bigint, lo int, hi int)"
        )
        _unnest_insert(
            cursor,
            "b_caseload",
            ["om_id", "unit_id", "force_id", "sup_id", "buddy_id", "rso_id", "lo", "hi"],
            ["bigint"] * 6 + ["int", "int"],
            org.caseloads,
        )
        cursor.execute("CREATE INDEX ON b_caseload (lo)")
        report.steps["organisation"] = time.perf_counter() - t0
        log(f"  {'organisation':<24} {report.steps['organisation']:7.1f} s")

        step("plan of the register", PLAN_TABLE, params)
        cursor.execute("CREATE UNIQUE INDEX ON bn (id)")
        cursor.execute("ANALYZE bn")
        step("nominals", NOMINALS, params)
        step("addresses", ADDRESSES, params)
        step("household members", HOUSEHOLD, params)
        step("convictions", CONVICTIONS.format(profiles=profiles), params)
        step("offences", OFFENCES.format(profiles=profiles), params)
        step("notifications", NOTIFICATIONS, params)
        step("risk level decisions", DECISIONS, params)
        step("ARMS assessments", ARMS, params)
        step("RM2000 scores", SCORES, params)
        step("management plans", PLANS, params)
        step("plan objectives", OBJECTIVES, params)
        step("plan actions", ACTIONS, params)
        step("record reviews", RECORD_REVIEWS, params)
        step("flags", FLAGS, params)
        step("visits", VISITS, params)
        cursor.execute("DROP TABLE IF EXISTS b_caseload, bn, b_decision, b_visit_series")

        if fast_load:
            step("rebuild indexes", ";\n\n".join(create))
            step("check foreign keys", ";\n\n".join(add))
        for table in FILLED_TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT max(id) FROM {table}), 1))"
            )
        for table in FILLED_TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            report.rows[table] = cursor.fetchone()[0]
        step("analyze", "ANALYZE " + ", ".join(FILLED_TABLES))
    report.seconds = time.perf_counter() - started
    return report
