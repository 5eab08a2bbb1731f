"""Finding nominals: the search page and the duplicate check run before a record is created.

Both rest on the pure rules in ``vigil.policy.matching`` (keys, scores, verdicts, reasons)
and follow its three steps (its module docstring): store keys, pre-filter in the database
by equality on them, score the few candidates in Python. Everything here reads through
``Nominal.objects.visible_to(user)``, so nothing outside the user's force is ever a
candidate, and the number of queries is fixed: it does not grow with the candidates.

**The key scheme.** Each of a nominal's names (the name in use, and every ``NominalName``
row of any kind, current or ended) is turned into :func:`matching.index_keys` rows, and
every key of every row is stored as one ``NameKey`` row, its value prefixed with the kind
of key, so that one indexed column holds them all and an equality lookup compares only
like with like (a surname's metaphone with a surname's metaphone):

==========  ===========================  =======================================
prefix      key                          example (Kathryn Smith-Jones)
==========  ===========================  =======================================
``s:``      surname_key                  ``s:smithjones``, ``s:smith``, ``s:jones``
``sm:``     surname metaphone            ``sm:SM0JNS``, ``sm:SM0``, ``sm:JNS``
``sn:``     surname NYSIIS               ``sn:SNATJAN``, ...
``ss:``     surname Soundex              ``ss:S532``, ...
``f:``      forename_key (variant group) ``f:catherine``
``fm:``     forename metaphone           ``fm:K0RN``
``fn:``     forename NYSIIS              ``fn:CATRYN``
``fs:``     forename Soundex             ``fs:K365``
==========  ===========================  =======================================

Each later forename (middle names, or a second forename on an alias) is indexed as a
forename too, so a person known by their middle name still ranks well. Keys longer than
the column are cut to fit, on both sides alike. Empty keys ("unknown") are never stored.

**Selecting and ranking.** A record is a candidate when it holds one of the search's
*selecting* keys (:func:`keys_for_query`): a surname key of the searched surname, or a
surname key of the searched forename (names recorded the wrong way round). This is
``matching.shares_a_key`` written as SQL. Forename keys never select (too many people
share a forename) but they rank: candidates are ordered by how many distinct keys they
share with the search, so that when a common surname brings more than ``CANDIDATE_CAP``
records the right forename keeps the right ones. Identifier matches always come first;
then records that share a key *and* a plausible date of birth; then the rest.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, Value, When

from vigil.nominals.models import AlternativeDateOfBirth, NameKey, Nominal, NominalName
from vigil.policy import matching
from vigil.policy.identifiers import (
    IdentifierError,
    normalise_cro,
    normalise_nino,
    normalise_pnc,
    validate_cro,
    validate_nino,
    validate_pnc,
)
from vigil.policy.matching import MatchResult, PersonFacts, Verdict

# Model class name -> fields whose change must rebuild the NameKey rows (services.py reads
# it after every section save).
NAME_FIELDS: dict[str, set[str]] = {
    "Nominal": {"forename", "surname", "middle_names"},
    "NominalName": {"forename", "surname"},
}

# At most this many records are fetched and scored for one search or duplicate check. A
# bound on work per request; the ranking above decides which records fill it.
CANDIDATE_CAP = 200
# The search page shows at most this many rows, best first.
SEARCH_LIMIT = 50
# Least score a row needs to be shown on the search page. Lower than the duplicate
# check's "possible" (matching.verdict.possible_min) because a search is often a surname
# alone: an exact surname with no forename scores 0.6 (matching.name.missing_part_score)
# and must still be found, while a different forename (score 0) must not.
SEARCH_MIN_SCORE = 0.5
# A search of more words than this is not a name (and would multiply the readings tried).
MAX_NAME_WORDS = 6

_KEY_MAX = NameKey._meta.get_field("key").max_length or 40
_SURNAME_PREFIXES = ("s:", "sm:", "sn:", "ss:")
_FORENAME_PREFIXES = ("f:", "fm:", "fn:", "fs:")


# --- Keys ----------------------------------------------------------------------------------


def _key(prefix: str, value: str) -> str:
    return (prefix + value)[:_KEY_MAX]


def _rows(forename: str, surname: str) -> list[matching.IndexKeys]:
    """index_keys for the name, and again for each later forename on its own."""
    rows = list(matching.index_keys(forename=forename, surname=surname))
    for extra in matching.name_tokens(forename)[1:]:
        rows.extend(matching.index_keys(forename=extra, surname=surname))
    return rows


def _prefixed(prefixes: Sequence[str], values: Sequence[str]) -> set[str]:
    return {_key(p, v) for p, v in zip(prefixes, values, strict=True) if v}


def name_keys(*, forename: str, surname: str) -> set[str]:
    """Every key stored for one name (see the module docstring for the scheme)."""
    keys: set[str] = set()
    for row in _rows(forename, surname):
        keys |= _prefixed(_SURNAME_PREFIXES, row.surname_keys)
        keys |= _prefixed(_FORENAME_PREFIXES, row.forename_keys)
    return keys


def keys_for_query(forename: str, surname: str) -> set[str]:
    """The stored keys that make a record a candidate for a search of this name.

    A surname key of the surname searched for, or a surname key made from the forename
    searched for (the record may have the names the other way round): the rule of
    ``matching.shares_a_key``, as values to look up in ``NameKey.key``.
    """
    keys: set[str] = set()
    for row in _rows(forename, surname):
        keys |= _prefixed(_SURNAME_PREFIXES, row.surname_keys)
        keys |= _prefixed(_SURNAME_PREFIXES, row.forename_keys)
    return keys


def _ranking_keys(forename: str, surname: str) -> set[str]:
    """Keys that do not select a record but rank it higher: forename keys, either way round."""
    keys: set[str] = set()
    for row in _rows(forename, surname):
        keys |= _prefixed(_FORENAME_PREFIXES, row.forename_keys)
        keys |= _prefixed(_FORENAME_PREFIXES, row.surname_keys)
    return keys


@transaction.atomic(savepoint=False)
def rebuild_name_keys(nominal: Nominal) -> None:
    """Replace the nominal's NameKey rows with keys of its name, middle names and aliases.

    Derived data, so it is simply rebuilt after any change of name: three queries
    (read the aliases, delete, one bulk insert) however many names the person has. No
    savepoint: it joins the caller's transaction (``services.save_section``), or makes
    its own, and a failure undoes the delete with everything else.
    """
    keys = name_keys(forename=f"{nominal.forename} {nominal.middle_names}", surname=nominal.surname)
    for forename, surname in NominalName.objects.filter(nominal=nominal).values_list(
        "forename", "surname"
    ):
        keys |= name_keys(forename=forename, surname=surname)
    NameKey.objects.filter(nominal=nominal).delete()
    NameKey.objects.bulk_create([NameKey(nominal=nominal, key=k) for k in sorted(keys)])


# --- Dates of birth ------------------------------------------------------------------------


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def dob_variants(d: dt.date) -> set[dt.date]:
    """Every date that ``matching.dob_closeness`` would call close to ``d``.

    The same date; day and month transposed; the same day and month a year either side;
    one digit of DDMMYYYY different; two adjacent digits swapped; and within
    ``matching.dob.near_days``. About seventy dates: few enough for an indexed ``IN``
    lookup, and it lets a record whose name shares no key still be found through a
    keying slip in its date of birth. ``tests/nominals/test_duplicates.py`` checks that
    it agrees with the rule.
    """
    found: set[dt.date | None] = {d, _date(d.year, d.day, d.month)}
    found |= {_date(d.year - 1, d.month, d.day), _date(d.year + 1, d.month, d.day)}
    digits = d.strftime("%d%m") + f"{d.year:04d}"

    def parse(text: str) -> dt.date | None:
        return _date(int(text[4:]), int(text[2:4]), int(text[:2]))

    for i, old in enumerate(digits):
        for new in "0123456789":
            if new != old:
                found.add(parse(digits[:i] + new + digits[i + 1 :]))
        if i + 1 < len(digits) and digits[i + 1] != old:
            found.add(parse(digits[:i] + digits[i + 1] + old + digits[i + 2 :]))
    near = matching.DOB_NEAR_DAYS.value
    for days in range(-near, near + 1):
        try:
            found.add(d + dt.timedelta(days=days))
        except OverflowError:
            continue
    return {x for x in found if x is not None}


# --- Candidates ----------------------------------------------------------------------------


def _candidate_ids(
    visible: QuerySet[Nominal],
    *,
    select_keys: set[str],
    rank_keys: set[str],
    dobs: set[dt.date],
    identifiers: Q | None,
) -> list[int]:
    """Ids of the records worth scoring, best first, at most ``CANDIDATE_CAP``.

    Two queries at most: one on NameKey (shared keys, counted), one on Nominal
    (identifiers and dates of birth).
    """
    hits: dict[int, int] = {}
    if select_keys:
        rows = (
            NameKey.objects.filter(key__in=select_keys | rank_keys, nominal__in=visible)
            .values("nominal_id")
            .annotate(selecting=Count("id", filter=Q(key__in=select_keys)), hits=Count("id"))
            .filter(selecting__gt=0)
            .order_by("-hits", "nominal_id")
            .values_list("nominal_id", "hits")[:CANDIDATE_CAP]
        )
        hits = dict(rows)

    by_identifier: list[int] = []
    by_dob: set[int] = set()
    other = Q(pk__in=[])
    if dobs:
        alt = AlternativeDateOfBirth.objects.filter(date_of_birth__in=dobs)
        other = Q(date_of_birth__in=dobs) | Q(pk__in=alt.values("nominal_id"))
    if identifiers is not None or dobs:
        flag = identifiers if identifiers is not None else Q(pk__in=[])
        rows2 = (
            visible.filter(flag | other)
            .annotate(
                by_identifier=Case(
                    When(flag, then=Value(True)), default=Value(False), output_field=BooleanField()
                )
            )
            .order_by("-by_identifier", "pk")
            .values_list("pk", "by_identifier")[:CANDIDATE_CAP]
        )
        for pk, is_identifier in rows2:
            if is_identifier:
                by_identifier.append(pk)
            else:
                by_dob.add(pk)

    def by_hits(ids: Iterable[int]) -> list[int]:
        return sorted(ids, key=lambda pk: (-hits[pk], pk))

    both = by_hits(pk for pk in hits if pk in by_dob)
    name_only = by_hits(pk for pk in hits if pk not in by_dob)
    dob_only = sorted(by_dob - hits.keys())
    ordered = dict.fromkeys([*by_identifier, *both, *name_only, *dob_only])
    return list(ordered)[:CANDIDATE_CAP]


def _load(visible: QuerySet[Nominal], ids: list[int]) -> list[Nominal]:
    """The records with their names and dates of birth: three queries, whatever the count."""
    if not ids:
        return []
    return list(
        visible.filter(pk__in=ids).prefetch_related(
            Prefetch(
                "nominalname_set",
                queryset=NominalName.objects.only("id", "nominal_id", "forename", "surname"),
            ),
            Prefetch(
                "alternativedateofbirth_set",
                queryset=AlternativeDateOfBirth.objects.only("id", "nominal_id", "date_of_birth"),
            ),
        )
    )


def facts_for(nominal: Nominal) -> PersonFacts:
    """A nominal as ``matching`` sees it. Aliases and alternative dates of birth must be
    prefetched (as ``_load`` does) or each costs a query."""
    return PersonFacts(
        forename=" ".join(p for p in (nominal.forename, nominal.middle_names) if p),
        surname=nominal.surname,
        aliases=[(a.forename, a.surname) for a in nominal.nominalname_set.all()],
        dates_of_birth=[
            nominal.date_of_birth,
            *(a.date_of_birth for a in nominal.alternativedateofbirth_set.all()),
        ],
        pnc_id=nominal.pnc_id or None,
        cro=nominal.cro_number or None,
        ni_number=nominal.ni_number or None,
        ref=nominal.reference,
    )


# --- Duplicate check -----------------------------------------------------------------------


def find_duplicates(
    *,
    user: Any,
    forename: str,
    surname: str,
    dates_of_birth: Sequence[dt.date],
    pnc_id: str = "",
    cro_number: str = "",
    ni_number: str = "",
    aliases: Sequence[tuple[str, str]] = (),
    exclude_reference: str = "",
) -> list[tuple[Nominal, MatchResult]]:
    """Records in the user's force that may be this person, best first, with reasons.

    Run before a nominal is created (issue 3, "Duplicates"): by identifier (certain), and
    by a fuzzy and phonetic match of any of the names given against any of a record's
    names, weighed by how well the dates of birth agree (``matching.score_candidate``).
    ``exclude_reference`` leaves out the record being checked, when it already exists.
    Five queries at most, however many records are candidates.
    """
    visible = Nominal.objects.visible_to(user)
    if exclude_reference:
        visible = visible.exclude(reference=exclude_reference)
    # Canonical when well formed (as stored), else tidied: a malformed one matches nothing.
    pnc = normalise_pnc(pnc_id)
    cro = normalise_cro(cro_number)
    nino = normalise_nino(ni_number)
    query = PersonFacts(
        forename=forename,
        surname=surname,
        aliases=list(aliases),
        dates_of_birth=list(dates_of_birth),
        pnc_id=pnc or None,
        cro=cro or None,
        ni_number=nino or None,
    )

    names = [(forename, surname), *aliases]
    select_keys = set().union(*(keys_for_query(f, s) for f, s in names))
    rank_keys = set().union(*(_ranking_keys(f, s) for f, s in names))
    dobs = set().union(*(dob_variants(d) for d in dates_of_birth))
    given = [
        Q(**{f: v}) for f, v in (("pnc_id", pnc), ("cro_number", cro), ("ni_number", nino)) if v
    ]
    identifiers = functools.reduce(operator.or_, given) if given else None

    ids = _candidate_ids(
        visible, select_keys=select_keys, rank_keys=rank_keys, dobs=dobs, identifiers=identifiers
    )
    found = []
    for nominal in _load(visible, ids):
        result = matching.score_candidate(query=query, candidate=facts_for(nominal))
        if result.verdict is not Verdict.NONE:
            found.append((nominal, result))
    found.sort(key=lambda pair: (-pair[1].verdict.rank, -pair[1].score, pair[0].reference))
    return found


# --- Search page ---------------------------------------------------------------------------


class SearchError(ValueError):
    """A search that cannot be run; the message tells the officer what to type instead."""


class QueryKind(StrEnum):
    """What a search was taken to be."""

    REFERENCE = "reference"
    PNC = "pnc"
    CRO = "cro"
    NI = "ni"
    NAME = "name"
    DOB = "dob"  # no text: a date of birth alone

    @property
    def label(self) -> str:
        return {
            "reference": "Vigil reference",
            "pnc": "PNC ID",
            "cro": "CRO number",
            "ni": "National Insurance number",
            "name": "name",
            "dob": "date of birth",
        }[self.value]


EMPTY_SEARCH = "Enter a name, date of birth, reference, PNC ID or CRO number"

_REFERENCE = re.compile(r"VG-?([0-9A-Z]{4})-?([0-9A-Z]{4})")


@dataclass(frozen=True)
class ParsedQuery:
    """A search as understood: its kind, the canonical value searched for and, for a
    name, each way of reading it as (forename, surname)."""

    kind: QueryKind
    value: str = ""
    readings: tuple[tuple[str, str], ...] = ()


# Words that begin a surname of more than one word (De Souza, Van der Berg, O Brien, Al
# Hassan). A forename never ends with one, so they decide how a typed name is split.
_SURNAME_PARTICLES = frozenset(
    [
        "al",
        "ap",
        "bin",
        "da",
        "das",
        "de",
        "del",
        "della",
        "den",
        "der",
        "di",
        "dos",
        "du",
        "el",
        "ibn",
        "la",
        "le",
        "mac",
        "mc",
        "o",
        "st",
        "ten",
        "ter",
        "van",
        "von",
    ]
)


def _name_readings(text: str) -> tuple[tuple[str, str], ...]:
    """The ways to read a typed name as (forename, surname).

    "Surname, Forename" is read one way. Otherwise every split of the words into
    forenames then a surname is tried ("John Paul Smith" may be John Paul or John), except
    a split whose forenames end with a surname particle ("Maria De" / "Souza"); text that
    starts with a particle is read as a surname alone ("De Souza"). Each candidate is
    scored against every reading and keeps its best. A surname of two plain words alone
    ("Smith Jones") reads as a forename and surname: type it with a hyphen or a comma.
    """
    if "," in text:
        surname, _, forename = text.partition(",")
        return ((forename.strip(), surname.strip()),)
    words = text.split()

    def particle(word: str) -> bool:
        return matching.normalise_name(word) in _SURNAME_PARTICLES

    if len(words) == 1 or particle(words[0]):
        return (("", text),)
    return tuple(
        (" ".join(words[:k]), " ".join(words[k:]))
        for k in range(1, len(words))
        if not particle(words[k - 1])
    )


def parse_query(text: str) -> ParsedQuery | None:
    """Read the search box: a Vigil reference, a PNC ID, a CRO number, a National
    Insurance number, or else a name. ``None`` for an empty box.

    Identifiers are recognised by their shape (``identifiers.validate_*``), with check
    letters not enforced: a search should find a record stored before a rule changed,
    and a wrong check letter simply matches nothing. Raises ``SearchError`` for text that
    is none of these.
    """
    text = " ".join(text.split())
    if not text:
        return None
    squashed = text.upper().replace(" ", "")
    if ref := _REFERENCE.fullmatch(squashed):
        return ParsedQuery(kind=QueryKind.REFERENCE, value=f"VG-{ref[1]}-{ref[2]}")
    for kind, validate, kwargs in (
        (QueryKind.PNC, validate_pnc, {"enforce_check_letter": False}),
        (QueryKind.CRO, validate_cro, {"enforce_check_letter": False}),
        (QueryKind.NI, validate_nino, {}),
    ):
        try:
            return ParsedQuery(kind=kind, value=validate(text, **kwargs))
        except IdentifierError:
            continue
    if any(ch.isdigit() for ch in text) or not matching.normalise_name(text):
        raise SearchError(_not_an_identifier(text))
    if len(text.replace(",", " ").split()) > MAX_NAME_WORDS:
        raise SearchError(
            f"Enter at most {MAX_NAME_WORDS} words of a name. Search for the forename and "
            "surname, then look through the results"
        )
    return ParsedQuery(kind=QueryKind.NAME, value=text, readings=_name_readings(text))


def _not_an_identifier(text: str) -> str:
    """What is wrong with text that has digits (so is no name) but is no identifier either.

    Guess which identifier was meant from its shape and pass on that rule's own message,
    which says how to put it right.
    """
    squashed = text.upper().replace(" ", "")
    before, slash, _ = squashed.partition("/")
    intro = f"{text} is not a name, reference, PNC ID, CRO number or National Insurance number."
    if not any(ch.isdigit() for ch in squashed):
        return f"{intro} {EMPTY_SEARCH}"
    if squashed.startswith("VG"):
        return f"{intro} A reference looks like VG-AB23-CD45: check it and type it again"
    if re.match(r"[A-Z]{2}[0-9]", squashed) and not squashed.startswith("SF"):
        meant, validate = "a National Insurance number", validate_nino
    elif squashed.startswith("SF") or (slash and not (before.isdigit() and len(before) in (2, 4))):
        meant, validate = "a CRO number", validate_cro
    elif squashed[0].isdigit():
        meant, validate = "a PNC ID", validate_pnc
    else:
        return f"{intro} A name has no digits in it: remove them and search again"
    try:
        validate(text)
    except IdentifierError as problem:
        return f"{intro} If it is {meant}: {problem}"
    return intro  # pragma: no cover - the text failed this rule in parse_query


@dataclass(frozen=True)
class SearchRow:
    """One record found, how strongly it matches, and why, in plain English."""

    nominal: Nominal
    score: float
    verdict: Verdict
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SearchResult:
    """The rows of a search, best first; ``more`` when some were left off at the limit."""

    kind: QueryKind
    value: str
    rows: list[SearchRow]
    more: bool = False

    @property
    def references(self) -> list[str]:
        return [row.nominal.reference for row in self.rows]


def _uk(d: dt.date) -> str:
    return d.strftime("%d/%m/") + f"{d.year:04d}"


def _sorted_rows(rows: list[SearchRow], limit: int, kind: QueryKind, value: str) -> SearchResult:
    rows.sort(
        key=lambda r: (
            -r.verdict.rank,
            -r.score,
            r.nominal.surname.casefold(),
            r.nominal.forename.casefold(),
            r.nominal.reference,
        )
    )
    return SearchResult(kind=kind, value=value, rows=rows[:limit], more=len(rows) > limit)


def _name_score(
    readings: Sequence[tuple[str, str]], candidate: PersonFacts
) -> tuple[float, tuple[str, ...]]:
    """The best name match over the readings of the search, dates of birth left out.

    ``score_candidate`` multiplies the name score by the weight of an unknown date of
    birth (its docstring); dividing that back out gives the name score alone, with the
    rule's own reasons, including which alias matched.
    """
    unknown = matching.DOB_WEIGHTS.value[matching.DobKind.UNKNOWN]
    unknown_reason = matching.dob_closeness(None, None).reason
    bare = PersonFacts(
        forename=candidate.forename,
        surname=candidate.surname,
        aliases=candidate.aliases,
        ref=candidate.ref,
    )
    best = max(
        (
            matching.score_candidate(
                query=PersonFacts(forename=forename, surname=surname), candidate=bare
            )
            for forename, surname in readings
        ),
        key=lambda result: result.score,
    )
    return best.score / unknown, tuple(r for r in best.reasons if r != unknown_reason)


def _search_by_name(
    visible: QuerySet[Nominal], parsed: ParsedQuery, dob: dt.date | None, limit: int
) -> SearchResult:
    select_keys = set().union(*(keys_for_query(f, s) for f, s in parsed.readings))
    rank_keys = set().union(*(_ranking_keys(f, s) for f, s in parsed.readings))
    ids = _candidate_ids(
        visible,
        select_keys=select_keys,
        rank_keys=rank_keys,
        dobs=dob_variants(dob) if dob else set(),
        identifiers=None,
    )
    rows: list[SearchRow] = []
    for nominal in _load(visible, ids):
        facts = facts_for(nominal)
        score, reasons = _name_score(parsed.readings, facts)
        if dob is not None:
            agree = matching.best_dob_match([dob], facts.dates_of_birth)
            reasons = (*reasons, agree.reason)
            if agree.kind is matching.DobKind.DIFFERENT:
                # As for duplicates: a wrong date of birth leaves only the exact name.
                if score < matching.NAME_ALONE_MIN.value - 1e-9:
                    continue
                score *= matching.DOB_CONFLICT_WEIGHT.value
            else:
                score *= agree.weight
        if score < SEARCH_MIN_SCORE:
            continue
        verdict = Verdict.LIKELY if score >= matching.LIKELY_MIN.value else Verdict.POSSIBLE
        rows.append(SearchRow(nominal=nominal, score=score, verdict=verdict, reasons=reasons))
    return _sorted_rows(rows, limit, QueryKind.NAME, parsed.value)


def _search_by_identifier(
    visible: QuerySet[Nominal], parsed: ParsedQuery, dob: dt.date | None, limit: int
) -> SearchResult:
    field, reason = {
        QueryKind.REFERENCE: ("reference", "same reference"),
        QueryKind.PNC: ("pnc_id", "same PNC ID"),
        QueryKind.CRO: ("cro_number", "same CRO number"),
        QueryKind.NI: ("ni_number", "same National Insurance number"),
    }[parsed.kind]
    found = visible.filter(**{field: parsed.value})
    if dob is not None:
        found = found.prefetch_related("alternativedateofbirth_set")
    rows = []
    for nominal in found[: limit + 1]:
        reasons: tuple[str, ...] = (reason,)
        if dob is not None:
            dates = [nominal.date_of_birth]
            dates += [a.date_of_birth for a in nominal.alternativedateofbirth_set.all()]
            reasons += (matching.best_dob_match([dob], dates).reason,)
        rows.append(SearchRow(nominal=nominal, score=1.0, verdict=Verdict.CERTAIN, reasons=reasons))
    return _sorted_rows(rows, limit, parsed.kind, parsed.value)


def _search_by_dob(visible: QuerySet[Nominal], dob: dt.date, limit: int) -> SearchResult:
    """A date of birth alone: that exact date, as recorded or as an alternative date."""
    alt = AlternativeDateOfBirth.objects.filter(date_of_birth=dob).values("nominal_id")
    found = visible.filter(Q(date_of_birth=dob) | Q(pk__in=alt)).order_by(
        "surname", "forename", "reference"
    )
    rows = []
    for nominal in found[: limit + 1]:
        reason = (
            f"same date of birth ({_uk(dob)})"
            if nominal.date_of_birth == dob
            else f"has also given {_uk(dob)} as their date of birth"
        )
        rows.append(
            SearchRow(nominal=nominal, score=1.0, verdict=Verdict.POSSIBLE, reasons=(reason,))
        )
    return SearchResult(
        kind=QueryKind.DOB, value=dob.isoformat(), rows=rows[:limit], more=len(rows) > limit
    )


def search_nominals(
    *, user: Any, query: str, date_of_birth: dt.date | None = None, limit: int = SEARCH_LIMIT
) -> SearchResult:
    """The search page: records the user may see that match, best first, with reasons.

    ``query`` is a reference, PNC ID, CRO number, National Insurance number or a name
    ("Forename Surname", "Surname" or "Surname, Forename"; aliases are searched too).
    With a name, ``date_of_birth`` weighs each record by how well its dates agree, and a
    record whose dates all differ is kept only for the exact name; with no text it finds
    that date exactly. Raises ``SearchError`` when there is nothing to search for. The
    caller audits the search. A fixed number of queries (at most five for a name).
    """
    parsed = parse_query(query)
    visible = Nominal.objects.visible_to(user)
    if parsed is None:
        if date_of_birth is None:
            raise SearchError(EMPTY_SEARCH)
        return _search_by_dob(visible, date_of_birth, limit)
    if parsed.kind is QueryKind.NAME:
        return _search_by_name(visible, parsed, date_of_birth, limit)
    return _search_by_identifier(visible, parsed, date_of_birth, limit)
