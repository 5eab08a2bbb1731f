"""Name matching and duplicate detection: is this person already on the register?

Issue 3 asks for two things built on the same rules:

* **Find a nominal by name**, tolerating spelling variants and names that sound alike,
  and searching aliases as well as the name in use.
* **Check for duplicates** before a nominal is created: by identifier (PNC ID, CRO number,
  National Insurance number) and by a fuzzy and phonetic name match with the same or a
  close date of birth. Possible matches are shown *with their reasons*; the officer
  chooses to open one or to confirm a new record. Nothing here merges or refuses a record.

There is no statute or national guidance for any of the numbers below; every threshold
and score is therefore a policy value marked "M" (see ``vigil.policy.values``), chosen so
the worked cases in ``tests/policy/test_matching.py`` land where a register officer would
expect, and meant to be re-tuned against a force's real duplicates (the batch Splink job
in ARCHITECTURE.md is the place to measure that).

How the pieces fit (DEPENDENCIES.md §9, §10):

1. **Store keys.** For each name and alias the caller stores :func:`index_keys` in indexed
   columns. Phonetic keys are computed here, in Python, so SQLite and PostgreSQL agree.
2. **Pre-filter in the database** by equality on those keys (:func:`shares_a_key` is the
   rule, in Python, that the query mirrors), plus identifiers and dates of birth.
3. **Score in Python** with :func:`score_candidate` / :func:`rank`, which explain
   themselves in plain English.

Phonetic keys are only partial recall (Siobhan and Shivaun share no key in any
algorithm; Thompson and Thomson share none either), so a small table of known variants
(``NAME_VARIANTS``) closes the commonest UK gaps. It is data, not code: extend it there.

Limits, stated so nobody relies on more: there is no sex or gender in :class:`PersonFacts`,
so John and Jane, or Paul and Paula, are judged only by spelling and sound (phonetic
forename matches are scored lower than surname ones for this reason); name order in
non-European naming traditions is handled only by the swapped-name rule.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import jellyfish
from rapidfuzz.distance import JaroWinkler

from vigil.policy.values import declare

_TUNED = "Vigil design choice for issue 3 (duplicate and name search); no external source"
_TUNING_NOTE = (
    " Chosen against the worked cases in tests/policy/test_matching.py; re-tune against a "
    "force's confirmed duplicates."
)

# --- Policy values -------------------------------------------------------------------------

KNOWN_VARIANT_SCORE = declare(
    "matching.name.known_variant_score",
    0.95,
    source=_TUNED,
    mark="M",
    note=(
        "A name part that is a listed variant of the other (Steven/Stephen, Mc/Mac). Just "
        "below an exact match so an exact spelling ranks first." + _TUNING_NOTE
    ),
)

SURNAME_SOUNDS_SAME_SCORE = declare(
    "matching.name.surname_sounds_same_score",
    0.9,
    source=_TUNED,
    mark="M",
    note=(
        "Surnames with equal metaphone or NYSIIS keys (Smith/Smyth). High enough that a "
        "same forename and same date of birth make a 'likely' match." + _TUNING_NOTE
    ),
)

FORENAME_SOUNDS_SAME_SCORE = declare(
    "matching.name.forename_sounds_same_score",
    0.8,
    source=_TUNED,
    mark="M",
    note=(
        "Forenames with equal metaphone or NYSIIS keys. Lower than for surnames because "
        "the keys ignore vowels and so pair John with Jane and Joan; with no sex recorded "
        "here such a pair must stay at most 'possible'." + _TUNING_NOTE
    ),
)

SOUNDEX_ONLY_SCORE = declare(
    "matching.name.soundex_only_score",
    0.7,
    source=_TUNED,
    mark="M",
    note=(
        "Names whose Soundex codes alone agree (Sean/Shaun style). Soundex is coarse "
        "(Robert/Rupert, Smith/Snead share codes), so on its own it supports at most a "
        "'possible' match." + _TUNING_NOTE
    ),
)

SHORT_FORM_SCORE = declare(
    "matching.name.short_form_score",
    0.85,
    source=_TUNED,
    mark="M",
    note=(
        "One forename is the start of the other, three letters or more (Chris/Christopher, "
        "Alex/Alexandra). Catches short forms the variant table leaves out because they "
        "belong to more than one name." + _TUNING_NOTE
    ),
)

INITIAL_SCORE = declare(
    "matching.name.initial_score",
    0.75,
    source=_TUNED,
    mark="M",
    note=(
        "A forename given only as its initial (J Smith / John Smith). An initial fits many "
        "names, so on its own it supports at most a 'possible' match." + _TUNING_NOTE
    ),
)

MISSING_PART_SCORE = declare(
    "matching.name.missing_part_score",
    0.6,
    source=_TUNED,
    mark="M",
    note=(
        "A forename or surname not recorded on one side (an alias known only as 'Smithy'). "
        "Neither evidence for nor against; low enough that the other part alone cannot "
        "make a 'likely' match." + _TUNING_NOTE
    ),
)

OTHER_PART_FACTOR = declare(
    "matching.name.other_part_factor",
    0.9,
    source=_TUNED,
    mark="M",
    note=(
        "Multiplier when the match is on a middle name or one part of a double-barrelled "
        "surname rather than the name as a whole (John Paul Smith known as Paul Smith; "
        "Smith-Jones / Jones)." + _TUNING_NOTE
    ),
)

SWAPPED_FACTOR = declare(
    "matching.name.swapped_factor",
    0.95,
    source=_TUNED,
    mark="M",
    note=(
        "Multiplier when forename and surname match the other way round. Swaps are a common "
        "recording error, so the penalty is small; it keeps the straight match ahead when "
        "both fit." + _TUNING_NOTE
    ),
)

JARO_WINKLER_MIN = declare(
    "matching.name.jaro_winkler_min",
    0.85,
    source=_TUNED,
    mark="M",
    note=(
        "Least Jaro-Winkler similarity that counts as 'spelled similarly'; below it spelling "
        "counts for nothing. 0.85 admits Mohammed/Muhammad (0.85) and Smith/Smyth (0.89) "
        "and shuts out David/Daniel (0.76), so twins are not paired by spelling alone."
        + _TUNING_NOTE
    ),
)

DOB_NEAR_DAYS = declare(
    "matching.dob.near_days",
    7,
    source=_TUNED,
    mark="M",
    note=(
        "Dates of birth this many days apart or fewer count as close (a slip across a month "
        "end, 31/01 for 01/02, that no digit rule catches). A week is a guess." + _TUNING_NOTE
    ),
)

LIKELY_MIN = declare(
    "matching.verdict.likely_min",
    0.85,
    source=_TUNED,
    mark="M",
    note=(
        "Least overall score for 'likely': an exact or variant name with the same or a "
        "transposed date of birth reaches it; an initial, a missing date of birth or a "
        "merely similar-sounding forename does not." + _TUNING_NOTE
    ),
)

POSSIBLE_MIN = declare(
    "matching.verdict.possible_min",
    0.65,
    source=_TUNED,
    mark="M",
    note=(
        "Least overall score for 'possible'. Set so that J Smith with the same date of "
        "birth, or an exact name with no date of birth on one side, is shown; a name "
        "sounding alike on Soundex only, with a date of birth a week out, is not." + _TUNING_NOTE
    ),
)

NAME_ALONE_MIN = declare(
    "matching.verdict.name_alone_min",
    1.0,
    source=_TUNED,
    mark="M",
    note=(
        "When both dates of birth are known and do not agree by any rule, the pair is shown "
        "as 'possible' only if the name score reaches this (1.0: the same name, exactly). "
        "Offenders give false dates of birth and fathers and sons share names, so an exact "
        "name is worth a glance; a near name with the wrong date is noise. Set above 1 to "
        "never match on name alone."
    ),
)

DOB_CONFLICT_WEIGHT = declare(
    "matching.dob.conflict_weight",
    0.5,
    source=_TUNED,
    mark="M",
    note=(
        "Weight given to dates of birth that disagree, used only to rank the name-alone "
        "'possible' matches below every match with an agreeing date." + _TUNING_NOTE
    ),
)


class DobKind(StrEnum):
    """How two dates of birth relate, from strongest to weakest evidence of one person."""

    EXACT = "exact"
    TRANSPOSED = "transposed"  # day and month swapped: 03/04/1980 and 04/03/1980
    ONE_DIGIT = "one_digit"  # one digit of DDMMYYYY differs: 15/06/1980 and 15/06/1986
    DIGITS_SWAPPED = "digits_swapped"  # two adjacent digits swapped: 12/06 and 21/06
    YEAR_APART = "year_apart"  # same day and month, years one apart
    NEAR = "near"  # within DOB_NEAR_DAYS
    UNKNOWN = "unknown"  # no date of birth on one side or both
    DIFFERENT = "different"


DOB_WEIGHTS = declare(
    "matching.dob.weights",
    {
        DobKind.EXACT: 1.0,
        DobKind.TRANSPOSED: 0.9,
        DobKind.ONE_DIGIT: 0.85,
        DobKind.DIGITS_SWAPPED: 0.85,
        DobKind.YEAR_APART: 0.85,
        DobKind.NEAR: 0.8,
        DobKind.UNKNOWN: 0.75,
        DobKind.DIFFERENT: 0.0,
    },
    source=_TUNED,
    mark="M",
    note=(
        "Multiplier on the name score for each way two dates of birth can agree. Keying "
        "slips (transposed day and month, one digit, adjacent digits swapped, year out by "
        "one) stay high enough that an exact name is still 'likely'; an unknown date of "
        "birth leaves an exact name at 'possible'. DIFFERENT is handled by "
        "matching.verdict.name_alone_min." + _TUNING_NOTE
    ),
)

# Each group is one name in its common UK spellings and short forms; the first spelling is
# the group's key. A spelling may appear in one group only: short forms shared by two names
# (Chris, Alex, Sam, Jo, Pat, Nicky) are left out and caught by the short-form rule instead.
# Written as typed by people; normalise_name() is applied when the lookup is built.
_FORENAME_VARIANTS: tuple[tuple[str, ...], ...] = (
    (
        "Catherine",
        "Katherine",
        "Kathryn",
        "Katharine",
        "Catharine",
        "Cathryn",
        "Kathrine",
        "Kate",
        "Cath",
        "Cathy",
        "Kath",
        "Kathy",
        "Katie",
    ),
    ("John", "Jon", "Jonathan", "Jonathon", "Johnny", "Jonny", "Johnathan"),
    ("Stephen", "Steven", "Steve", "Stevie", "Stephan"),
    (
        "Mohammed",
        "Muhammad",
        "Mohamed",
        "Mohammad",
        "Muhammed",
        "Mohamad",
        "Mohammod",
        "Mohd",
        "Mahomed",
    ),
    ("Siobhan", "Shivaun", "Shevaun", "Shivon", "Chevonne"),
    ("Sean", "Shaun", "Shawn", "Shaughn"),
    ("Stuart", "Stewart"),
    ("Geoffrey", "Jeffrey", "Jeffery", "Geoff", "Jeff"),
    ("Elizabeth", "Elisabeth", "Liz", "Lizzie", "Betty"),
    ("William", "Bill", "Billy", "Will", "Willie", "Willy"),
    ("Robert", "Rob", "Robbie", "Bob", "Bobby"),
    ("Richard", "Rich", "Richie", "Dick"),
    ("Margaret", "Maggie", "Peggy", "Marge"),
    ("Anthony", "Antony", "Tony"),
    ("Michael", "Mike", "Mick", "Micky", "Mickey"),
    ("James", "Jim", "Jimmy"),
    ("Thomas", "Tom", "Tommy"),
    ("Edward", "Eddie", "Ted", "Teddy"),
    ("David", "Dave", "Davy", "Dai"),
    ("Daniel", "Dan", "Danny"),
    ("Susan", "Sue", "Susie", "Suzy"),
    ("Ann", "Anne", "Annie"),
    ("Sarah", "Sara"),
    ("Rebecca", "Rebekah", "Becky", "Becca"),
    ("Philip", "Phillip", "Phil", "Filip"),
    ("Matthew", "Mathew", "Matt"),
    ("Nicholas", "Nicolas", "Nick"),
    ("Jacqueline", "Jacquelyn", "Jaqueline"),
    ("Deborah", "Debra", "Debbie", "Debby"),
    ("Graham", "Graeme", "Grahame"),
    ("Alan", "Allan", "Allen", "Alun"),
    ("Neil", "Neal", "Niall"),
    ("Ian", "Iain"),
    ("Kirsty", "Kirstie", "Kersty"),
    ("Aisha", "Ayesha", "Aysha"),
    ("Yusuf", "Yousef", "Yousuf", "Youssef"),
    ("Connor", "Conor"),
    ("Carl", "Karl"),
    ("Claire", "Clare"),
    ("Teresa", "Theresa"),
    ("Tracy", "Tracey"),
    ("Jennifer", "Jenny", "Jen"),
    ("Kenneth", "Ken", "Kenny"),
    ("Peter", "Pete"),
    ("Andrew", "Andy", "Drew"),
    ("Joseph", "Joe", "Joey"),
    ("Owen", "Eoin", "Owain"),
    ("Niamh", "Neve", "Neave", "Nieve"),
    ("Ciaran", "Kieran", "Kieron"),
    ("Leigh", "Lee"),
)
_SURNAME_VARIANTS: tuple[tuple[str, ...], ...] = (
    # Phonetic keys miss Thompson/Thomson (the silent p changes every key).
    ("Thompson", "Thomson", "Tomson", "Tompson"),
    ("Clarke", "Clark"),
    ("Browne", "Brown"),
    ("Reid", "Reed", "Read", "Reade"),
    ("Davies", "Davis"),
    ("Phillips", "Philips"),
    ("Matthews", "Mathews"),
    ("Grey", "Gray"),
    ("O'Neill", "O'Neil", "O'Neal"),
    ("Chaudhry", "Chaudhary", "Choudhury", "Chowdhury", "Choudhry", "Chaudhri"),
    ("Hussain", "Hussein", "Husain"),
    ("Mahmood", "Mahmud", "Mehmood"),
)

NAME_VARIANTS = declare(
    "matching.name.variants",
    _FORENAME_VARIANTS + _SURNAME_VARIANTS,
    source=(
        "DEPENDENCIES.md §9 (phonetic keys miss Siobhan/Shivaun, Catherine/Kathryn on "
        "Soundex); common UK spellings and short forms as known to the team"
    ),
    mark="M",
    note=(
        "Groups of spellings treated as one name. Mc and Mac at the start of a name are "
        "also treated as one (McDonald/MacDonald) by rule, not by listing. Add a group "
        "when a confirmed duplicate was missed because of a spelling the keys cannot see."
    ),
)

# --- Normalising ---------------------------------------------------------------------------

_APOSTROPHES = frozenset("'\u2019\u2018`\u00b4\u02bc")
_HYPHENS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015")
# Letters NFKD does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "\u0131": "i"}
)
_SEPARATORS = re.compile(r"[\s-]+")


def normalise_name(text: str) -> str:
    """A name in the one form used for comparing and for keys.

    Casefolded, accents removed (Zoë = Zoe, Seán = Sean), apostrophes (straight or curly)
    dropped so that O'Brien and OBrien agree, other punctuation read as a space (``J.Smith``
    is ``j smith``), dashes made hyphens and kept inside a word (Smith-Jones), digits dropped,
    whitespace collapsed. O Brien (with a space) stays two words here; surnames are
    compared and keyed with their words joined, which makes it equal to OBrien.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(ch) or ch in _APOSTROPHES:
            continue
        if ch in _HYPHENS:
            out.append("-")
        elif ch.isalpha():
            out.append(ch)
        else:
            out.append(" ")
    words = ("".join(out).translate(_UNDECOMPOSED)).split()
    cleaned = (re.sub("-+", "-", w).strip("-") for w in words)
    return " ".join(w for w in cleaned if w)


def name_tokens(text: str) -> list[str]:
    """The words of a name, normalised, split at spaces and hyphens (Smith-Jones: 2)."""
    return list(_tokens(text))


# Scoring compares every name and alias of a search with every one of each candidate, so
# the same few strings are normalised and coded many times; these pure steps are cached.
@functools.lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(t for t in _SEPARATORS.split(normalise_name(text)) if t)


def _mac(token: str) -> str:
    """Write a leading Mc as Mac, so McDonald and MacDonald are one name (NAME_VARIANTS)."""
    return "mac" + token[2:] if token.startswith("mc") else token


@functools.lru_cache(maxsize=4)
def _variant_lookup(groups: tuple[tuple[str, ...], ...]) -> dict[str, str]:
    """Spelling -> group key, built once per version of the table (the table is a policy
    value, so a force may replace it; the cache is keyed on its contents)."""
    lookup: dict[str, str] = {}
    for group in groups:
        key = _mac("".join(_tokens(group[0])))
        for spelling in group:
            lookup[_mac("".join(_tokens(spelling)))] = key
    return lookup


def canonical_name(token: str) -> str:
    """The variant group's key for a normalised name part (``kathryn`` -> ``catherine``).

    A name in no group is its own key (after Mc is written Mac).
    """
    token = _mac(token)
    return _variant_lookup(NAME_VARIANTS.value).get(token, token)


def is_known_variant(a: str, b: str) -> bool:
    """Whether two normalised name parts are the same name by the variant table or Mc/Mac."""
    return a != b and canonical_name(a) == canonical_name(b)


# --- Phonetic keys -------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _codes(token: str) -> tuple[str, str, str]:
    """(metaphone, NYSIIS, Soundex) of one normalised word.

    The algorithms are defined for English letters; jellyfish passes other scripts through
    unchanged (NYSIIS) or drops them (metaphone), so two records would disagree for no
    reason. Only ASCII letters are coded; a word with none gets empty keys ("unknown").
    """
    letters = "".join(ch for ch in token if "a" <= ch <= "z")
    if not letters:
        return ("", "", "")
    return (jellyfish.metaphone(letters), jellyfish.nysiis(letters), jellyfish.soundex(letters))


def _metaphone(token: str) -> str:
    return _codes(token)[0]


def _nysiis(token: str) -> str:
    return _codes(token)[1]


def _soundex(token: str) -> str:
    return _codes(token)[2]


@dataclass(frozen=True)
class NameKeys:
    """Phonetic keys for each word of a name, in order (Mc already written Mac).

    An empty key means the word has no English letters to code.
    """

    tokens: tuple[str, ...]
    metaphone: tuple[str, ...]
    nysiis: tuple[str, ...]
    soundex: tuple[str, ...]


def phonetic_keys(name: str) -> NameKeys:
    """Metaphone, NYSIIS and Soundex for each word of ``name``."""
    tokens = tuple(_mac(t) for t in _tokens(name))
    return NameKeys(
        tokens=tokens,
        metaphone=tuple(_metaphone(t) for t in tokens),
        nysiis=tuple(_nysiis(t) for t in tokens),
        soundex=tuple(_soundex(t) for t in tokens),
    )


@dataclass(frozen=True)
class IndexKeys:
    """The keys to store, in indexed columns, for one name (the name in use or an alias).

    ``*_key`` is the normalised name with Mc written Mac and a listed variant replaced by
    its group's key (Kathryn -> catherine, Thomson -> thompson); the phonetic keys are of
    the name as written. Surname keys are of the whole surname with its words joined
    (O Brien = OBrien, Smith-Jones = smithjones); forename keys are of the first forename
    only, since middle names come and go. An empty string means "unknown": never match
    on it.
    """

    surname_key: str
    surname_metaphone: str
    surname_nysiis: str
    surname_soundex: str
    forename_key: str
    forename_metaphone: str
    forename_nysiis: str
    forename_soundex: str

    @property
    def surname_keys(self) -> tuple[str, ...]:
        return (self.surname_key, self.surname_metaphone, self.surname_nysiis, self.surname_soundex)

    @property
    def forename_keys(self) -> tuple[str, ...]:
        return (
            self.forename_key,
            self.forename_metaphone,
            self.forename_nysiis,
            self.forename_soundex,
        )


def _index_row(forename_token: str, surname_word: str) -> IndexKeys:
    return IndexKeys(
        surname_key=canonical_name(surname_word) if surname_word else "",
        surname_metaphone=_metaphone(surname_word),
        surname_nysiis=_nysiis(surname_word),
        surname_soundex=_soundex(surname_word),
        forename_key=canonical_name(forename_token) if forename_token else "",
        forename_metaphone=_metaphone(forename_token),
        forename_nysiis=_nysiis(forename_token),
        forename_soundex=_soundex(forename_token),
    )


def index_keys(*, forename: str, surname: str) -> tuple[IndexKeys, ...]:
    """Every row of keys to store for one name, the whole name first.

    A surname of more than one word (Smith-Jones, De Souza) also gets a row for each word
    on its own, so a search for "Jones" finds Smith-Jones by key. Store the first row on
    the name's own record; where a key table is used (one row per name per element),
    store them all. Compute the keys of a search the same way and pre-filter with
    :func:`shares_a_key`.
    """
    forenames = _tokens(forename)
    surnames = [_mac(t) for t in _tokens(surname)]
    first = _mac(forenames[0]) if forenames else ""
    rows = [_index_row(first, "".join(surnames))]
    if len(surnames) > 1:
        rows.extend(_index_row(first, word) for word in surnames)
    return tuple(dict.fromkeys(rows))


def shares_a_key(query: IndexKeys, stored: IndexKeys) -> bool:
    """Whether a stored name row should be fetched and scored for a search: the rule the
    database pre-filter mirrors (equality on indexed columns, so it is the same on SQLite
    and PostgreSQL).

    True when any surname key is equal (key with key, metaphone with metaphone, and so
    on), or when the search's forename keys equal the row's surname keys (names recorded
    the wrong way round). Forenames alone never select a row: too many people share one.
    """

    def agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        return any(x and x == y for x, y in zip(a, b, strict=True))

    return agree(query.surname_keys, stored.surname_keys) or agree(
        query.forename_keys, stored.surname_keys
    )


# --- Name similarity -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Evidence:
    score: float
    reasons: tuple[str, ...]


def _best(evidence: Iterable[_Evidence]) -> _Evidence:
    # max() keeps the first of equal scores, so callers list the plainest evidence first.
    return max(evidence, key=lambda e: e.score)


def _show(token: str) -> str:
    return token.title()


def _pair(a: str, b: str) -> str:
    """Two name parts as the officer typed them, for a reason: "O'Neill/ONeil"."""
    return f"{' '.join(a.split())}/{' '.join(b.split())}"


def _jaro_winkler(a: str, b: str) -> float:
    # Sorted so the score cannot depend on which record is "query" and which "candidate".
    x, y = sorted((a, b))
    return float(JaroWinkler.similarity(x, y))


def _compare_words(
    a: str, b: str, *, part: str, forename_rules: bool, shown: str | None = None
) -> _Evidence:
    """Evidence that two normalised words are the same name part.

    ``forename_rules`` adds the rules that only make sense for given names (initials,
    short forms) and scores sounding alike lower, because forename keys ignore vowels.
    """
    pair = shown or f"{_show(a)}/{_show(b)}"
    if a == b:
        return _Evidence(1.0, (f"same {part}",))
    if is_known_variant(a, b):
        return _Evidence(KNOWN_VARIANT_SCORE.value, (f"{part} is a known variant ({pair})",))

    found: list[_Evidence] = []
    sounds_same = (
        FORENAME_SOUNDS_SAME_SCORE.value if forename_rules else SURNAME_SOUNDS_SAME_SCORE.value
    )
    ma, mb = _metaphone(a), _metaphone(b)
    na, nb = _nysiis(a), _nysiis(b)
    if ma and ma == mb:
        found.append(_Evidence(sounds_same, (f"{part} sounds the same (metaphone {ma})",)))
    elif na and na == nb:
        found.append(_Evidence(sounds_same, (f"{part} sounds the same (NYSIIS {na})",)))
    else:
        sa, sb = _soundex(a), _soundex(b)
        if sa and sa == sb:
            found.append(
                _Evidence(SOUNDEX_ONLY_SCORE.value, (f"{part} sounds similar (Soundex {sa})",))
            )

    jw = _jaro_winkler(a, b)
    if jw >= JARO_WINKLER_MIN.value:
        found.append(_Evidence(jw, (f"{part} spelled similarly (Jaro-Winkler {jw:.2f})",)))

    if forename_rules:
        short, long_ = sorted((a, b), key=len)
        if len(short) == 1 and long_.startswith(short):
            found.append(
                _Evidence(INITIAL_SCORE.value, (f"{part} given only as an initial ({pair})",))
            )
        elif len(short) >= 3 and long_.startswith(short):
            found.append(
                _Evidence(SHORT_FORM_SCORE.value, (f"{part} may be a short form ({pair})",))
            )

    if not found:
        return _Evidence(0.0, (f"{part} differs ({pair})",))
    score = max(e.score for e in found)
    return _Evidence(score, tuple(r for e in found for r in e.reasons))


def _missing(part: str) -> _Evidence:
    return _Evidence(MISSING_PART_SCORE.value, (f"{part} not recorded for one of them",))


def _other_part(evidence: _Evidence, note: str) -> _Evidence:
    return _Evidence(evidence.score * OTHER_PART_FACTOR.value, (note, *evidence.reasons))


def _compare_forenames(a: Sequence[str], b: Sequence[str], *, shown: str) -> _Evidence:
    """First forename against first forename; failing that, the forenames joined
    (Mary-Jane / Maryjane) or any one against any other (known by a middle name)."""
    if not a or not b:
        return _missing("forename")
    first_shown = shown if len(a) == len(b) == 1 else None
    options = [_compare_words(a[0], b[0], part="forename", forename_rules=True, shown=first_shown)]
    if len(a) > 1 or len(b) > 1:
        options.append(_compare_words("".join(a), "".join(b), part="forename", forename_rules=True))
        for i, x in enumerate(a):
            for j, y in enumerate(b):
                if (i, j) != (0, 0):
                    found = _compare_words(x, y, part="forename", forename_rules=True)
                    options.append(_other_part(found, "matched on a middle name"))
    return _best(options)


def _compare_surnames(a: Sequence[str], b: Sequence[str], *, part: str, shown: str) -> _Evidence:
    """The whole surname with its words joined (O Brien = OBrien); failing that, one word
    of a double-barrelled or multi-word surname against a word of the other."""
    if not a or not b:
        return _missing(part)
    whole = _compare_words("".join(a), "".join(b), part=part, forename_rules=False, shown=shown)
    options = [whole]
    if len(a) > 1 or len(b) > 1:
        for x in a:
            for y in b:
                found = _compare_words(x, y, part=part, forename_rules=False)
                options.append(_other_part(found, f"matched on part of the {part}"))
    return _best(options)


@dataclass(frozen=True)
class NameScore:
    """How alike two names are, 0 (nothing alike) to 1 (the same), and why."""

    score: float
    reasons: tuple[str, ...]
    swapped: bool = False


def name_similarity(
    *, a_forename: str, a_surname: str, b_forename: str, b_surname: str
) -> NameScore:
    """Score two names: forename evidence times surname evidence, so both must agree.

    Also tries the names the other way round (forename recorded as surname), which is
    scored with the surname rules on both sides so that the result does not depend on
    which name is ``a``: the score is symmetric, and a name scores 1 against itself.
    """
    af, asur = _tokens(a_forename), _tokens(a_surname)
    bf, bsur = _tokens(b_forename), _tokens(b_surname)
    forename = _compare_forenames(af, bf, shown=_pair(a_forename, b_forename))
    surname = _compare_surnames(asur, bsur, part="surname", shown=_pair(a_surname, b_surname))
    best = NameScore(
        score=forename.score * surname.score, reasons=forename.reasons + surname.reasons
    )

    if af and asur and bf and bsur:
        first = _compare_surnames(af, bsur, part="surname", shown=_pair(a_forename, b_surname))
        second = _compare_surnames(asur, bf, part="forename", shown=_pair(a_surname, b_forename))
        swapped_score = first.score * second.score * SWAPPED_FACTOR.value
        if swapped_score > best.score:
            best = NameScore(
                score=swapped_score,
                reasons=("forename and surname swapped", *first.reasons, *second.reasons),
                swapped=True,
            )
    return best


# --- Dates of birth ------------------------------------------------------------------------


@dataclass(frozen=True)
class DobMatch:
    """How two dates of birth agree, the weight that gives a name match, and why."""

    kind: DobKind
    weight: float
    reason: str


def _ddmmyyyy(d: dt.date) -> str:
    return d.strftime("%d%m") + f"{d.year:04d}"


def _uk(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def _dob(kind: DobKind, reason: str) -> DobMatch:
    return DobMatch(kind=kind, weight=DOB_WEIGHTS.value[kind], reason=reason)


def dob_closeness(a: dt.date | None, b: dt.date | None) -> DobMatch:
    """Compare two dates of birth, looking for the slips people make keying them in.

    The comparison is symmetric, so the two dates are positional. Rules are tried from
    strongest to weakest; the first that fits is the answer.
    """
    if a is None or b is None:
        return _dob(DobKind.UNKNOWN, "date of birth not known for one of them")
    both = f"{_uk(a)} and {_uk(b)}"
    if a == b:
        return _dob(DobKind.EXACT, f"same date of birth ({_uk(a)})")
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return _dob(DobKind.TRANSPOSED, f"day and month transposed ({both})")
    da, db = _ddmmyyyy(a), _ddmmyyyy(b)
    differ = [i for i in range(len(da)) if da[i] != db[i]]
    if len(differ) == 1:
        return _dob(DobKind.ONE_DIGIT, f"one digit different ({both})")
    if (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and da[differ[0]] == db[differ[1]]
        and da[differ[1]] == db[differ[0]]
    ):
        return _dob(DobKind.DIGITS_SWAPPED, f"two digits swapped ({both})")
    if (a.day, a.month) == (b.day, b.month) and abs(a.year - b.year) == 1:
        return _dob(DobKind.YEAR_APART, f"same day and month, a year apart ({both})")
    days = abs((a - b).days)
    if days <= DOB_NEAR_DAYS.value:
        apart = "1 day" if days == 1 else f"{days} days"
        return _dob(DobKind.NEAR, f"dates of birth {apart} apart ({both})")
    return _dob(DobKind.DIFFERENT, f"dates of birth differ ({both})")


def best_dob_match(a: Sequence[dt.date], b: Sequence[dt.date]) -> DobMatch:
    """The strongest agreement between any date one side claims and any the other claims."""
    if not a or not b:
        return dob_closeness(None, None)
    return max((dob_closeness(x, y) for x in a for y in b), key=lambda m: m.weight)


# --- Scoring a candidate -------------------------------------------------------------------


class Verdict(StrEnum):
    """What the officer is told about a candidate record, strongest first."""

    CERTAIN = "certain"  # an identifier is the same
    LIKELY = "likely"
    POSSIBLE = "possible"
    NONE = "none"  # not shown

    @property
    def rank(self) -> int:
        """3 for certain down to 0 for none."""
        return {"certain": 3, "likely": 2, "possible": 1, "none": 0}[self.value]


@dataclass(frozen=True)
class PersonFacts:
    """What is known about one person, for matching. Identifiers are already normalised
    (the same formatting on both sides) and ``None`` when not known.

    ``ref`` is the record's public reference, carried through to the result so the caller
    can tell which record matched; it plays no part in matching.
    """

    forename: str
    surname: str
    aliases: Sequence[tuple[str, str]] = ()
    dates_of_birth: Sequence[dt.date] = ()
    pnc_id: str | None = None
    cro: str | None = None
    ni_number: str | None = None
    ref: str = ""


@dataclass(frozen=True)
class MatchResult:
    """One candidate's score (0..1), verdict and the reasons, in plain English."""

    candidate: PersonFacts
    score: float
    verdict: Verdict
    reasons: tuple[str, ...] = ()


_IDENTIFIERS: tuple[tuple[str, str, str], ...] = (
    ("pnc_id", "same PNC ID", "different PNC IDs"),
    ("cro", "same CRO number", "different CRO numbers"),
    ("ni_number", "same National Insurance number", "different National Insurance numbers"),
)


def _names(person: PersonFacts) -> list[tuple[str, str, str | None]]:
    """(forename, surname, how to describe it if it is an alias) for each name."""
    shown: list[tuple[str, str, str | None]] = [(person.forename, person.surname, None)]
    for fore, sur in person.aliases:
        shown.append((fore, sur, " ".join(f"{fore} {sur}".split())))
    return shown


def _best_name(query: PersonFacts, candidate: PersonFacts) -> tuple[NameScore, tuple[str, ...]]:
    """The best-scoring pair of names, one from each side, and which aliases it used.

    Ties go to the names in use, so an alias is only named when it did better.
    """
    scored: list[tuple[NameScore, tuple[str, ...]]] = []
    for qf, qs, q_alias in _names(query):
        for cf, cs, c_alias in _names(candidate):
            score = name_similarity(a_forename=qf, a_surname=qs, b_forename=cf, b_surname=cs)
            via: list[str] = []
            if q_alias is not None:
                via.append(f"matched on the searched alias {q_alias}")
            if c_alias is not None:
                via.append(f"matched on this record's alias {c_alias}")
            scored.append((score, tuple(via)))
    # max() keeps the first of equal scores, and the names in use come first.
    return max(scored, key=lambda pair: pair[0].score)


def score_candidate(*, query: PersonFacts, candidate: PersonFacts) -> MatchResult:
    """Is ``candidate`` the person described by ``query``?

    * The same PNC ID, CRO number or National Insurance number is decisive: "certain".
    * Otherwise the best name match across both sides' names and aliases is multiplied by
      the weight of the best date-of-birth agreement (``DOB_WEIGHTS``) and compared with
      ``LIKELY_MIN`` and ``POSSIBLE_MIN``.
    * Dates of birth that are both known and disagree allow at most "possible", and only
      for the same name exactly (``NAME_ALONE_MIN``).
    * Two different values of the same identifier (PNC IDs that differ) cap the verdict at
      "possible": different records, or one record wrongly linked; the officer decides.
    """
    same: list[str] = []
    conflicts: list[str] = []
    for attr, same_reason, conflict_reason in _IDENTIFIERS:
        q, c = getattr(query, attr), getattr(candidate, attr)
        if q and c and q == c:
            same.append(same_reason)
        elif q and c:
            conflicts.append(conflict_reason)

    name, via = _best_name(query, candidate)
    dob = best_dob_match(query.dates_of_birth, candidate.dates_of_birth)
    reasons = (*same, *via, *name.reasons, dob.reason, *conflicts)

    if same:
        return MatchResult(candidate=candidate, score=1.0, verdict=Verdict.CERTAIN, reasons=reasons)

    if dob.kind is DobKind.DIFFERENT:
        score = name.score * DOB_CONFLICT_WEIGHT.value
        verdict = Verdict.POSSIBLE if name.score >= NAME_ALONE_MIN.value else Verdict.NONE
    else:
        score = name.score * dob.weight
        if score >= LIKELY_MIN.value:
            verdict = Verdict.LIKELY
        elif score >= POSSIBLE_MIN.value:
            verdict = Verdict.POSSIBLE
        else:
            verdict = Verdict.NONE
    if conflicts and verdict is Verdict.LIKELY:
        verdict = Verdict.POSSIBLE
    return MatchResult(candidate=candidate, score=score, verdict=verdict, reasons=reasons)


def rank(query: PersonFacts, candidates: Iterable[PersonFacts]) -> list[MatchResult]:
    """Score every candidate and return the matches, best first (verdict, then score).

    Candidates that are not a match at all are dropped. Equal results keep the order the
    candidates came in.
    """
    results = [score_candidate(query=query, candidate=c) for c in candidates]
    shown = [r for r in results if r.verdict is not Verdict.NONE]
    return sorted(shown, key=lambda r: (r.verdict.rank, r.score), reverse=True)
