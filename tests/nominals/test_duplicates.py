"""The duplicate check run before a nominal is created: is this person already recorded?"""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from hypothesis import given
from hypothesis import strategies as st

from tests.nominals.search_factories import make_nominal, pnc
from vigil.nominals import search
from vigil.nominals.search import dob_variants, find_duplicates
from vigil.policy import matching
from vigil.policy.matching import DobKind, Verdict

BORN = dt.date(1980, 3, 4)


def check(user, forename: str = "John", surname: str = "Smith", dobs=(BORN,), **kwargs):
    return find_duplicates(
        user=user, forename=forename, surname=surname, dates_of_birth=list(dobs), **kwargs
    )


def refs(found) -> list[str]:
    return [n.reference for n, _ in found]


@pytest.mark.django_db
class TestNames:
    def test_a_spelling_variant_with_the_same_date_of_birth_is_likely(self, unit, manager) -> None:
        smith = make_nominal(unit=unit, forename="John", surname="Smith")
        found = check(manager, "John", "Smyth")
        assert refs(found) == [smith.reference]
        result = found[0][1]
        assert result.verdict is Verdict.LIKELY
        assert "same date of birth (04/03/1980)" in result.reasons

    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            (("Kathryn", "Walsh"), ("Catherine", "Walsh")),
            (("Jonathon", "Price"), ("Jonathan", "Pryce")),
            (("Stephen", "Thomson"), ("Steven", "Thompson")),
            (("Ann", "McDonald"), ("Anne", "MacDonald")),
            (("Siobhan", "Kelly"), ("Shivaun", "Kelly")),
            (("Mohammed", "Hussain"), ("Muhammad", "Hussein")),
            (("Sean", "O'Neill"), ("Shaun", "ONeil")),
        ],
    )
    def test_spelling_variants_and_sound_alikes_are_found(
        self, typed, stored, unit, manager
    ) -> None:
        nominal = make_nominal(unit=unit, forename=stored[0], surname=stored[1])
        found = check(manager, *typed)
        assert refs(found) == [nominal.reference]
        assert found[0][1].verdict in (Verdict.LIKELY, Verdict.POSSIBLE)

    def test_a_records_alias_matches_and_the_reasons_say_so(self, unit, manager) -> None:
        nominal = make_nominal(
            unit=unit, forename="Peter", surname="Hargreaves", aliases=[("Danny", "Rourke")]
        )
        found = check(manager, "Danny", "Rourke")
        assert refs(found) == [nominal.reference]
        assert "matched on this record's alias Danny Rourke" in found[0][1].reasons

    def test_an_alias_given_for_the_new_person_matches_a_records_name(self, unit, manager) -> None:
        nominal = make_nominal(unit=unit, forename="Peter", surname="Hargreaves")
        found = check(manager, "Danny", "Rourke", aliases=[("Pete", "Hargreaves")])
        assert refs(found) == [nominal.reference]
        assert "matched on the searched alias Pete Hargreaves" in found[0][1].reasons

    def test_names_the_wrong_way_round_are_found(self, unit, manager) -> None:
        nominal = make_nominal(unit=unit, forename="Baker", surname="Thomas")
        assert refs(check(manager, "Thomas", "Baker")) == [nominal.reference]

    def test_a_different_person_born_the_same_day_is_not_returned(self, unit, manager) -> None:
        make_nominal(unit=unit, forename="Margaret", surname="Oyelaran")
        make_nominal(unit=unit, forename="John", surname="Brown")
        assert check(manager, "John", "Smith") == []

    def test_a_near_name_born_on_a_different_day_is_not_returned(self, unit, manager) -> None:
        make_nominal(unit=unit, forename="Jon", surname="Smyth", date_of_birth=dt.date(1962, 9, 20))
        assert check(manager, "John", "Smith") == []

    def test_the_same_name_born_on_a_different_day_is_only_possible(self, unit, manager) -> None:
        """Fathers and sons share names and offenders give false dates: worth a glance."""
        nominal = make_nominal(unit=unit, date_of_birth=dt.date(1962, 9, 20))
        found = check(manager)
        assert refs(found) == [nominal.reference]
        assert found[0][1].verdict is Verdict.POSSIBLE


@pytest.mark.django_db
class TestDatesOfBirth:
    def test_day_and_month_transposed_is_found_and_said(self, unit, manager) -> None:
        nominal = make_nominal(unit=unit, forename="Gareth", surname="Lloyd", date_of_birth=BORN)
        found = check(manager, "Gareth", "Lloyd", dobs=[dt.date(1980, 4, 3)])
        assert refs(found) == [nominal.reference]
        assert found[0][1].verdict is Verdict.LIKELY
        assert "day and month transposed (03/04/1980 and 04/03/1980)" in found[0][1].reasons

    def test_another_date_of_birth_the_person_has_given_matches(self, unit, manager) -> None:
        nominal = make_nominal(
            unit=unit,
            forename="Gareth",
            surname="Lloyd",
            date_of_birth=dt.date(1970, 1, 1),
            other_dates_of_birth=[BORN],
        )
        found = check(manager, "Gareth", "Lloyd")
        assert refs(found) == [nominal.reference]
        assert "same date of birth (04/03/1980)" in found[0][1].reasons

    def test_a_name_sharing_no_key_is_still_found_through_its_date_of_birth(
        self, unit, manager
    ) -> None:
        """Psmith shares no key with Smith but is spelled alike (Jaro-Winkler 0.94)."""
        stored = search.name_keys(forename="John", surname="Psmith")
        assert not search.keys_for_query("John", "Smith") & stored
        nominal = make_nominal(unit=unit, forename="John", surname="Psmith")
        found = check(manager, "John", "Smith", dobs=[dt.date(1980, 3, 5)])
        assert refs(found) == [nominal.reference]
        assert "one digit different (05/03/1980 and 04/03/1980)" in found[0][1].reasons


@pytest.mark.django_db
class TestIdentifiers:
    def test_the_same_pnc_id_is_certain_whatever_the_name(self, unit, manager) -> None:
        nominal = make_nominal(
            unit=unit,
            forename="Alan",
            surname="Oduya",
            pnc_id=pnc(98, 123456),
            date_of_birth=dt.date(1955, 5, 5),
        )
        found = check(manager, "Brian", "Ellis", pnc_id="1998/123456g")
        assert refs(found) == [nominal.reference]
        assert found[0][1].verdict is Verdict.CERTAIN
        assert found[0][1].reasons[0] == "same PNC ID"

    def test_the_same_cro_or_national_insurance_number_is_certain(self, unit, manager) -> None:
        by_cro = make_nominal(unit=unit, surname="Adeyemi", cro_number="012345/98A")
        by_ni = make_nominal(unit=unit, surname="Brennan", ni_number="AB123456C")
        found = check(manager, "Zed", "Zebedee", cro_number="12345/98a", ni_number="ab 12 34 56 c")
        assert sorted(refs(found)) == sorted([by_cro.reference, by_ni.reference])
        assert {r.verdict for _, r in found} == {Verdict.CERTAIN}

    def test_identifier_matches_come_first(self, unit, manager) -> None:
        by_name = make_nominal(unit=unit)
        by_pnc = make_nominal(unit=unit, surname="Oduya", pnc_id=pnc(1, 42))
        assert refs(check(manager, pnc_id=pnc(1, 42))) == [by_pnc.reference, by_name.reference]

    def test_different_pnc_ids_cap_a_name_match_at_possible(self, unit, manager) -> None:
        make_nominal(unit=unit, pnc_id=pnc(1, 42))
        found = check(manager, pnc_id=pnc(1, 43))
        assert found[0][1].verdict is Verdict.POSSIBLE
        assert "different PNC IDs" in found[0][1].reasons


@pytest.mark.django_db
class TestAccessAndScale:
    def test_records_of_another_force_are_never_candidates(
        self, unit, other_unit, outsider
    ) -> None:
        make_nominal(unit=unit, pnc_id=pnc(98, 123456))
        assert check(outsider, pnc_id=pnc(98, 123456)) == []

    def test_the_whole_force_is_checked_not_just_the_users_unit(
        self, sibling_unit, manager
    ) -> None:
        nominal = make_nominal(unit=sibling_unit)
        assert refs(check(manager)) == [nominal.reference]

    def test_the_record_being_checked_can_be_left_out(self, unit, manager) -> None:
        nominal = make_nominal(unit=unit)
        assert check(manager, exclude_reference=nominal.reference) == []

    @pytest.mark.parametrize("count", [5, 50])
    def test_the_queries_do_not_grow_with_the_candidates(
        self, count, unit, manager, django_assert_num_queries
    ) -> None:
        for i in range(count):
            make_nominal(
                unit=unit,
                forename="John",
                surname="Smyth" if i % 2 else "Smith",
                aliases=[("Johnny", "Smith")],
                other_dates_of_birth=[dt.date(1980, 4, 3)],
                pnc_id=pnc(1, 100 + i),
            )
        # Names, identifiers and dates of birth, the records, their aliases, their dates.
        with django_assert_num_queries(5):
            found = check(manager, pnc_id=pnc(1, 100), aliases=[("Jon", "Smith")])
        assert len(found) == count

    def test_when_there_are_too_many_candidates_the_best_named_are_kept(
        self, unit, manager, monkeypatch
    ) -> None:
        monkeypatch.setattr(search, "CANDIDATE_CAP", 5)
        for _ in range(8):
            make_nominal(
                unit=unit, forename="Margaret", surname="Smith", date_of_birth=dt.date(1950, 1, 1)
            )
        john = make_nominal(
            unit=unit, forename="John", surname="Smith", date_of_birth=dt.date(1966, 6, 6)
        )
        assert refs(check(manager)) == [john.reference]


def test_the_partial_shows_each_possible_match_with_its_reasons_and_a_link(
    db, unit, manager
) -> None:
    nominal = make_nominal(
        unit=unit, forename="Peter", surname="Hargreaves", aliases=[("Danny", "Rourke")]
    )
    html = render_to_string(
        "nominals/_duplicates.html", {"duplicates": check(manager, "Danny", "Rourke")}
    )
    assert "govuk-warning-text" in html
    assert "1 record is already on your force's register" in html
    assert "HARGREAVES, Peter" in html
    assert "Matched on this record&#x27;s alias Danny Rourke" in html
    assert f'href="/nominals/{nominal.reference}/"' in html
    assert "Open record" in html
    assert "Likely" in html


def test_the_partial_shows_nothing_when_there_are_no_duplicates() -> None:
    assert render_to_string("nominals/_duplicates.html", {"duplicates": []}).strip() == ""


# --- The date-of-birth pre-filter agrees with the rule -------------------------------------

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31))


@given(dates, st.sampled_from(["transposed", "one_digit", "swap", "year", "near"]), st.data())
def test_every_date_the_rule_calls_close_is_among_the_variants(a, how, data) -> None:
    """dob_variants must fetch every record score_candidate could match on date of birth."""
    digits = a.strftime("%d%m") + f"{a.year:04d}"
    if how == "transposed":
        texts = [a.strftime("%m%d") + f"{a.year:04d}"]
    elif how == "one_digit":
        i = data.draw(st.integers(0, 7))
        texts = [digits[:i] + d + digits[i + 1 :] for d in "0123456789"]
    elif how == "swap":
        i = data.draw(st.integers(0, 6))
        texts = [digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]]
    elif how == "year":
        texts = [digits[:4] + f"{a.year + data.draw(st.sampled_from([-1, 1])):04d}"]
    else:
        b = a + dt.timedelta(days=data.draw(st.integers(-7, 7)))
        texts = [b.strftime("%d%m") + f"{b.year:04d}"]
    variants = dob_variants(a)
    for text in texts:
        try:
            b = dt.date(int(text[4:]), int(text[2:4]), int(text[:2]))
        except ValueError:
            continue
        kind = matching.dob_closeness(a, b).kind
        assert kind is not DobKind.DIFFERENT
        assert b in variants, (a, b, kind)


def test_the_variants_of_a_date_are_few() -> None:
    assert len(dob_variants(BORN)) < 80
    assert dt.date(1980, 4, 3) in dob_variants(BORN)
    assert dt.date(1979, 3, 4) in dob_variants(BORN)
    assert dt.date(1981, 3, 4) in dob_variants(BORN)
