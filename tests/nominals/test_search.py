"""Finding a nominal by name (variants, sound-alikes, aliases), date of birth and identifier."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.nominals.search_factories import make_nominal, pnc
from vigil.audit.models import AuditEvent
from vigil.nominals import search
from vigil.nominals.models import NameKey, NominalName
from vigil.nominals.search import (
    EMPTY_SEARCH,
    QueryKind,
    SearchError,
    keys_for_query,
    parse_query,
    rebuild_name_keys,
    search_nominals,
)
from vigil.policy import matching
from vigil.policy.matching import Verdict

pytestmark = pytest.mark.django_db

URL = "/nominals/search/"


def refs(result: search.SearchResult) -> list[str]:
    return result.references


def found(user, query: str, dob: dt.date | None = None) -> list[str]:
    return refs(search_nominals(user=user, query=query, date_of_birth=dob))


# --- Names ---------------------------------------------------------------------------------


def test_a_spelling_variant_finds_the_record_smyth_finds_smith(unit, manager) -> None:
    smith = make_nominal(unit=unit, forename="John", surname="Smith")
    assert found(manager, "John Smyth") == [smith.reference]
    assert found(manager, "Smyth") == [smith.reference]


def test_a_name_that_sounds_the_same_is_found_jonathon_for_jonathan(unit, manager) -> None:
    jonathan = make_nominal(unit=unit, forename="Jonathan", surname="Pryce")
    result = search_nominals(user=manager, query="Jonathon Price")
    assert refs(result) == [jonathan.reference]
    assert any("forename" in r for r in result.rows[0].reasons)
    assert any("surname" in r for r in result.rows[0].reasons)


def test_a_known_variant_is_found_kathryn_for_catherine(unit, manager) -> None:
    catherine = make_nominal(unit=unit, forename="Catherine", surname="Walsh")
    result = search_nominals(user=manager, query="Kathryn Walsh")
    assert refs(result) == [catherine.reference]
    assert "forename is a known variant (Kathryn/Catherine)" in result.rows[0].reasons


def test_an_alias_finds_the_record_and_the_reasons_say_which_alias(unit, manager) -> None:
    nominal = make_nominal(
        unit=unit, forename="Peter", surname="Hargreaves", aliases=[("Danny", "Rourke")]
    )
    result = search_nominals(user=manager, query="Danny Rourke")
    assert refs(result) == [nominal.reference]
    assert "matched on this record's alias Danny Rourke" in result.rows[0].reasons


def test_surname_then_forename_with_a_comma_is_read_that_way_round(unit, manager) -> None:
    nominal = make_nominal(unit=unit, forename="Gareth", surname="Lloyd")
    assert found(manager, "Lloyd, Gareth") == [nominal.reference]
    assert found(manager, "lloyd,gareth") == [nominal.reference]


def test_a_multi_word_surname_is_found_alone_or_after_a_forename(unit, manager) -> None:
    nominal = make_nominal(unit=unit, forename="Maria", surname="De Souza")
    assert found(manager, "De Souza") == [nominal.reference]
    assert found(manager, "Maria De Souza") == [nominal.reference]
    assert found(manager, "Souza") == [nominal.reference]


def test_a_record_known_by_its_middle_name_is_found(unit, manager) -> None:
    nominal = make_nominal(unit=unit, forename="John", middle_names="Paul", surname="Kerr")
    assert found(manager, "Paul Kerr") == [nominal.reference]


def test_a_different_forename_with_the_same_surname_is_not_a_match(unit, manager) -> None:
    make_nominal(unit=unit, forename="Margaret", surname="Smith")
    john = make_nominal(unit=unit, forename="John", surname="Smith")
    assert found(manager, "John Smith") == [john.reference]


def test_the_exact_spelling_ranks_above_a_variant(unit, manager) -> None:
    smyth = make_nominal(unit=unit, forename="John", surname="Smyth")
    smith = make_nominal(unit=unit, forename="John", surname="Smith")
    result = search_nominals(user=manager, query="John Smith")
    assert refs(result) == [smith.reference, smyth.reference]
    assert result.rows[0].score > result.rows[1].score


def test_names_recorded_the_wrong_way_round_are_found(unit, manager) -> None:
    swapped = make_nominal(unit=unit, forename="Baker", surname="Thomas")
    result = search_nominals(user=manager, query="Thomas Baker")
    assert refs(result) == [swapped.reference]
    assert "forename and surname swapped" in result.rows[0].reasons


# --- Dates of birth ------------------------------------------------------------------------


def test_a_date_of_birth_ranks_the_right_person_first_and_drops_near_names_born_otherwise(
    unit, manager
) -> None:
    older = make_nominal(
        unit=unit, forename="John", surname="Smith", date_of_birth=dt.date(1960, 1, 1)
    )
    right = make_nominal(
        unit=unit, forename="John", surname="Smith", date_of_birth=dt.date(1980, 3, 4)
    )
    make_nominal(unit=unit, forename="Jon", surname="Smyth", date_of_birth=dt.date(1950, 6, 6))
    result = search_nominals(user=manager, query="John Smith", date_of_birth=dt.date(1980, 3, 4))
    # The same name born another day is kept (fathers and sons; false dates), below.
    assert refs(result) == [right.reference, older.reference]
    assert "same date of birth (04/03/1980)" in result.rows[0].reasons
    assert "dates of birth differ (04/03/1980 and 01/01/1960)" in result.rows[1].reasons


def test_a_transposed_date_of_birth_still_finds_the_person(unit, manager) -> None:
    nominal = make_nominal(unit=unit, surname="Okafor", date_of_birth=dt.date(1980, 3, 4))
    result = search_nominals(user=manager, query="Okafor", date_of_birth=dt.date(1980, 4, 3))
    assert refs(result) == [nominal.reference]
    assert "day and month transposed (03/04/1980 and 04/03/1980)" in result.rows[0].reasons


def test_a_date_of_birth_alone_finds_that_date_including_other_dates_given(unit, manager) -> None:
    born = make_nominal(unit=unit, surname="Adams", date_of_birth=dt.date(1975, 8, 9))
    claimed = make_nominal(
        unit=unit,
        surname="Baxter",
        date_of_birth=dt.date(1970, 1, 1),
        other_dates_of_birth=[dt.date(1975, 8, 9)],
    )
    make_nominal(unit=unit, surname="Carter", date_of_birth=dt.date(1975, 9, 8))
    result = search_nominals(user=manager, query="", date_of_birth=dt.date(1975, 8, 9))
    assert result.kind is QueryKind.DOB
    assert refs(result) == [born.reference, claimed.reference]
    assert result.rows[1].reasons == ("has also given 09/08/1975 as their date of birth",)


# --- Identifiers ---------------------------------------------------------------------------


def test_a_reference_is_found_however_it_is_typed(unit, manager) -> None:
    nominal = make_nominal(unit=unit)
    make_nominal(unit=unit)
    typed = nominal.reference.lower().replace("-", " ")
    result = search_nominals(user=manager, query=typed)
    assert result.kind is QueryKind.REFERENCE
    assert refs(result) == [nominal.reference]
    assert result.rows[0].verdict is Verdict.CERTAIN
    assert result.rows[0].reasons == ("same reference",)


def test_a_pnc_id_is_found_in_any_of_its_spellings(unit, manager) -> None:
    nominal = make_nominal(unit=unit, surname="Quinn", pnc_id=pnc(98, 123456))
    make_nominal(unit=unit, surname="Quinn", pnc_id=pnc(98, 123457))
    for typed in ("98/123456G", "1998/0123456g", "98 123456 G"):
        result = search_nominals(user=manager, query=typed)
        assert result.kind is QueryKind.PNC
        assert refs(result) == [nominal.reference], typed


def test_a_cro_number_and_a_national_insurance_number_are_found(unit, manager) -> None:
    nominal = make_nominal(
        unit=unit, surname="Reyes", cro_number="012345/98A", ni_number="AB123456C"
    )
    make_nominal(unit=unit, surname="Reyes")
    assert found(manager, "12345/98a") == [nominal.reference]
    assert found(manager, "ab 12 34 56 c") == [nominal.reference]


def test_an_identifier_search_with_a_date_of_birth_says_whether_the_dates_agree(
    unit, manager
) -> None:
    make_nominal(unit=unit, pnc_id=pnc(1, 42), date_of_birth=dt.date(1980, 3, 4))
    result = search_nominals(user=manager, query=pnc(1, 42), date_of_birth=dt.date(1990, 1, 1))
    assert result.rows[0].reasons == (
        "same PNC ID",
        "dates of birth differ (01/01/1990 and 04/03/1980)",
    )


# --- Reading the search box ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("VG-AB23-CD45", QueryKind.REFERENCE, "VG-AB23-CD45"),
        ("vgab23cd45", QueryKind.REFERENCE, "VG-AB23-CD45"),
        ("98/123456A", QueryKind.PNC, "98/0123456A"),  # check letter not enforced
        ("12345/98A", QueryKind.CRO, "012345/98A"),
        ("SF98/12345A", QueryKind.CRO, "SF98/12345A"),
        ("AB 12 34 56 C", QueryKind.NI, "AB123456C"),
        ("O'Brien", QueryKind.NAME, "O'Brien"),
        ("Smith, John", QueryKind.NAME, "Smith, John"),
    ],
)
def test_the_search_box_is_read_as_an_identifier_or_a_name(typed, kind, value) -> None:
    parsed = parse_query(typed)
    assert parsed is not None
    assert (parsed.kind, parsed.value) == (kind, value)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345", "If it is a PNC ID: The PNC ID has no check letter at the end."),
        ("98/12345678A", "If it is a PNC ID: The number after the year has 8 digits"),
        ("12345/9A", "If it is a CRO number: The year in a CRO number is 2 digits"),
        ("AB 12 34 56", "If it is a National Insurance number: The National Insurance number"),
        ("Smith2", "A name has no digits in it"),
        ("VG-AB23-CD4", "A reference looks like VG-AB23-CD45"),
        ("...", EMPTY_SEARCH),
        ("a b c d e f g", "Enter at most 6 words of a name"),
    ],
)
def test_text_that_is_neither_a_name_nor_an_identifier_is_explained(typed, message) -> None:
    with pytest.raises(SearchError, match=message.replace("(", r"\(")):
        parse_query(typed)


def test_a_search_with_nothing_to_search_for_is_refused(manager) -> None:
    with pytest.raises(SearchError, match=EMPTY_SEARCH):
        search_nominals(user=manager, query="  ")


# --- Keys ----------------------------------------------------------------------------------


def test_keys_are_stored_with_a_prefix_for_each_kind_of_key(unit) -> None:
    nominal = make_nominal(
        unit=unit, forename="Kathryn", surname="Smith-Jones", aliases=[("Kate", "Jones")]
    )
    keys = set(NameKey.objects.filter(nominal=nominal).values_list("key", flat=True))
    assert {"s:smithjones", "s:smith", "s:jones", "sm:SM0", "sn:SNAT", "ss:S530"} <= keys
    assert {"f:catherine", "fm:K0RN", "fn:CATRYN", "fs:K365"} <= keys
    assert all(k.split(":", 1)[0] in {"s", "sm", "sn", "ss", "f", "fm", "fn", "fs"} for k in keys)


def test_keys_are_rebuilt_when_an_alias_changes_in_three_queries(
    unit, django_assert_num_queries
) -> None:
    nominal = make_nominal(unit=unit, forename="Anne", surname="Lister", aliases=[("A", "Walker")])
    alias = NominalName.objects.get(nominal=nominal)
    alias.surname = "Crowther"
    alias.save()
    with django_assert_num_queries(3):
        rebuild_name_keys(nominal)
    keys = set(NameKey.objects.filter(nominal=nominal).values_list("key", flat=True))
    assert "s:crowther" in keys
    assert "s:walker" not in keys


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        (("John", "Smyth"), ("John", "Smith")),
        (("Kathryn", "Thomson"), ("Catherine", "Thompson")),
        (("Thomas", "Baker"), ("Baker", "Thomas")),
        (("", "Jones"), ("Mary", "Smith-Jones")),
        (("Ann", "McDonald"), ("Ann", "MacDonald")),
        (("John", "Smith"), ("John", "Brown")),
        (("John", "Smith"), ("Smith", "Williams")),
        (("Siobhan", "Kelly"), ("Shivaun", "Kelly")),
        (("Mary", "Jones"), ("Jones", "Mary")),
    ],
)
def test_the_key_lookup_selects_exactly_what_the_matching_rule_says(query, stored) -> None:
    """keys_for_query is matching.shares_a_key written as an equality lookup."""
    q_rows = matching.index_keys(forename=query[0], surname=query[1])
    s_rows = matching.index_keys(forename=stored[0], surname=stored[1])
    rule = any(matching.shares_a_key(q, s) for q in q_rows for s in s_rows)
    stored_keys = search.name_keys(forename=stored[0], surname=stored[1])
    assert bool(keys_for_query(*query) & stored_keys) is rule


# --- Access --------------------------------------------------------------------------------


def test_the_outsider_from_another_force_finds_nothing_of_ours(unit, outsider) -> None:
    nominal = make_nominal(unit=unit, surname="Smith", pnc_id=pnc(98, 123456))
    assert found(outsider, "John Smith") == []
    assert found(outsider, "Smith") == []
    assert found(outsider, nominal.reference) == []
    assert found(outsider, "98/123456G") == []
    assert found(outsider, "", dt.date(1980, 3, 4)) == []


def test_a_colleague_in_another_unit_of_the_force_finds_the_record(
    unit, analyst, sibling_manager
) -> None:
    nominal = make_nominal(unit=unit, surname="Smith")
    assert found(analyst, "Smith") == [nominal.reference]
    assert found(sibling_manager, "Smith") == [nominal.reference]


def test_the_search_page_shows_the_outsider_nothing_of_ours(unit, outsider, login_as) -> None:
    nominal = make_nominal(unit=unit, forename="Desmond", surname="Achterberg")
    response = login_as(outsider).get(URL, {"q": "Desmond Achterberg"})
    assert response.status_code == 200
    body = response.content.decode()
    assert nominal.reference not in body
    assert "ACHTERBERG" not in body
    assert "No records match" in body
    event = AuditEvent.objects.get(action="search.nominal.run")
    assert event.detail["results"] == []


@pytest.mark.parametrize("persona", ["partner", "panel", "sysadmin"])
def test_roles_without_search_are_refused(persona, personas, login_as) -> None:
    response = login_as(personas[persona]).get(URL, {"q": "Smith"})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="search.nominal.run").exists()


def test_a_visitor_is_sent_to_sign_in(client) -> None:
    response = client.get(URL, {"q": "Smith"})
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


# --- The page ------------------------------------------------------------------------------


def test_the_search_url_is_in_the_nominals_namespace() -> None:
    assert reverse("nominals:search") == URL


def test_the_page_shows_each_match_with_a_link_and_why_it_matched(unit, manager, login_as) -> None:
    nominal = make_nominal(
        unit=unit, forename="Peter", surname="Hargreaves", aliases=[("Danny", "Rourke")]
    )
    response = login_as(manager).get(URL, {"q": "Danny Rourke"})
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("nominals:detail", args=[nominal.reference]) in body
    assert "HARGREAVES, Peter" in body
    assert "4 Mar 1980" in body
    assert "Registered sex offender" in body
    assert "Matched on this record&#x27;s alias Danny Rourke" in body


def test_every_search_is_audited_with_the_references_shown(unit, manager, login_as) -> None:
    first = make_nominal(unit=unit, forename="John", surname="Smith")
    second = make_nominal(unit=unit, forename="John", surname="Smyth")
    login_as(manager).get(URL, {"q": "John Smith", "dob": "1980-03-04"})
    event = AuditEvent.objects.get(action="search.nominal.run")
    assert event.actor_username == "manager"
    assert event.detail == {
        "query": "John Smith",
        "dob": "1980-03-04",
        "kind": "name",
        "results": [first.reference, second.reference],
    }


def test_opening_the_page_without_searching_is_not_a_search(manager, login_as) -> None:
    response = login_as(manager).get(URL)
    assert response.status_code == 200
    assert "Find a person" in response.content.decode()
    assert not AuditEvent.objects.filter(action="search.nominal.run").exists()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "", "dob": ""}, EMPTY_SEARCH),
        ({"q": "Smith", "dob": "4 March 1980"}, "Enter the date of birth as year-month-day"),
        ({"q": "Smith", "dob": "1980-02-30"}, "Enter the date of birth as year-month-day"),
        ({"q": "Smith", "dob": "2999-01-01"}, "The date of birth must be today or in the past"),
        ({"q": "Smith", "dob": "1890-01-01"}, "must be in 1900 or later"),
        ({"q": "98/12345678A"}, "The number after the year has 8 digits"),
        ({"q": "x" * 101}, "Enter no more than 100 characters"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_searched(params, message, manager, login_as) -> None:
    response = login_as(manager).get(URL, params)
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert message in body
    assert not AuditEvent.objects.filter(action="search.nominal.run").exists()


def test_the_form_keeps_what_was_typed(manager, login_as) -> None:
    response = login_as(manager).get(URL, {"q": "Smith", "dob": "1980-02-30"})
    body = response.content.decode()
    assert 'value="Smith"' in body
    assert 'value="1980-02-30"' in body


def test_a_day_month_year_date_is_accepted_too(unit, manager, login_as) -> None:
    nominal = make_nominal(unit=unit, surname="Okafor", date_of_birth=dt.date(1980, 3, 4))
    response = login_as(manager).get(URL, {"q": "", "dob": "04/03/1980"})
    assert nominal.reference in response.content.decode()


# --- Scale ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 50])
def test_a_name_search_takes_the_same_queries_for_5_or_50_matches(
    count, unit, manager, django_assert_num_queries
) -> None:
    for i in range(count):
        make_nominal(
            unit=unit,
            forename="John",
            surname="Smith",
            aliases=[("Johnny", f"Smithers{i}")],
            other_dates_of_birth=[dt.date(1981, 1, 1 + i % 28)],
        )
    with django_assert_num_queries(5):
        result = search_nominals(
            user=manager, query="John Smith", date_of_birth=dt.date(1980, 3, 4)
        )
    assert len(result.rows) == count


def test_the_search_page_takes_the_same_queries_for_5_or_50_matches(
    unit, manager, login_as
) -> None:
    client = login_as(manager)
    client.get(URL)  # the first request of a session does its own bookkeeping

    def page_queries(expected_rows: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"q": "John Smith"})
        assert response.content.decode().count('href="/nominals/VG-') == expected_rows
        return len(queries)

    for _ in range(5):
        make_nominal(unit=unit, forename="John", surname="Smith", aliases=[("Jon", "Smyth")])
    with_5 = page_queries(5)
    for _ in range(45):
        make_nominal(unit=unit, forename="John", surname="Smith", aliases=[("Jon", "Smyth")])
    assert page_queries(50) == with_5


def test_at_most_the_limit_is_shown_and_the_page_says_there_were_more(
    unit, manager, login_as
) -> None:
    for _ in range(4):
        make_nominal(unit=unit, forename="John", surname="Smith")
    result = search_nominals(user=manager, query="Smith", limit=3)
    assert len(result.rows) == 3
    assert result.more
