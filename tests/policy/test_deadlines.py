"""Worked cases and properties for notification deadlines (RULES.md §1.4, §2)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.policy import deadlines as dl
from vigil.policy.dates import last_day_of_period
from vigil.policy.deadlines import (
    DueState,
    NotificationKind,
    ReviewStep,
    TravelClock,
    TravelRule,
    advance_notice_outcome,
    change_due,
    initial_notification_due,
    next_periodic_due,
    qualifying_period_ends_on,
    relevant_notification_on,
    resets_periodic_clock,
    review_appeal_due,
    review_determination_due,
    review_eligibility,
    review_qualifying_date,
    status,
    travel_notice_check,
    travel_return_due,
)
from vigil.policy.values import REGISTRY, PolicyValue

D = dt.date
K = NotificationKind
UK = ZoneInfo("Europe/London")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A UK wall-clock time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=UK)


# --------------------------------------------------------------------------------------
# s.83: initial notification
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relevant_date", "disregard", "due"),
    [
        # s.83(1): 3 days beginning with the relevant date, which counts as day 1.
        pytest.param(D(2025, 11, 24), [], D(2025, 11, 26), id="s83-monday-to-wednesday"),
        pytest.param(D(2025, 11, 28), [], D(2025, 11, 30), id="s83-weekend-days-count"),
        pytest.param(D(2025, 12, 30), [], D(2026, 1, 1), id="s83-across-new-year"),
        pytest.param(D(2024, 2, 27), [], D(2024, 2, 29), id="s83-leap-day-counts"),
        pytest.param(D(2025, 2, 27), [], D(2025, 3, 1), id="s83-no-leap-day"),
        pytest.param(D(2025, 1, 31), [], D(2025, 2, 2), id="s83-month-end"),
        # s.83(1): "or, if later, the commencement of this Part" (1 May 2004).
        pytest.param(D(2000, 1, 1), [], D(2004, 5, 3), id="s83-pre-commencement"),
        # s.83(6): sentenced to custody on the day of conviction; day of release counts.
        pytest.param(
            D(2025, 3, 10), [(D(2025, 3, 10), D(2025, 3, 20))], D(2025, 3, 22), id="s83(6)-custody"
        ),
        # s.83(6): day 1 at liberty, then remanded; the count resumes on release.
        pytest.param(
            D(2025, 3, 10), [(D(2025, 3, 11), D(2025, 3, 20))], D(2025, 3, 21), id="s83(6)-remand"
        ),
        # s.83(6): overlapping hospital and custody spells are disregarded once.
        pytest.param(
            D(2025, 3, 10),
            [(D(2025, 3, 13), D(2025, 3, 20)), (D(2025, 3, 11), D(2025, 3, 15))],
            D(2025, 3, 21),
            id="s83(6)-overlapping",
        ),
        # s.83(6): discharged from hospital and abroad the same day: one continuous absence.
        pytest.param(
            D(2025, 3, 10),
            [(D(2025, 3, 11), D(2025, 3, 15)), (D(2025, 3, 15), D(2025, 3, 20))],
            D(2025, 3, 21),
            id="s83(6)-touching",
        ),
        # s.83(6): abroad across the deadline: days 1-2 before leaving, day 3 on return.
        pytest.param(
            D(2025, 3, 10), [(D(2025, 3, 12), D(2025, 4, 1))], D(2025, 4, 1), id="s83(6)-abroad"
        ),
        # Remanded and released the same day: no whole day to disregard.
        pytest.param(
            D(2025, 3, 10), [(D(2025, 3, 11), D(2025, 3, 11))], D(2025, 3, 12), id="same-day"
        ),
        # Absences wholly before or after the period change nothing.
        pytest.param(
            D(2025, 3, 10),
            [(D(2025, 1, 1), D(2025, 3, 10)), (D(2025, 3, 13), D(2025, 4, 1))],
            D(2025, 3, 12),
            id="s83(6)-outside-the-period",
        ),
    ],
)
def test_initial_notification_is_due_within_three_days_beginning_with_the_relevant_date(
    relevant_date: dt.date, disregard: list[dl.Absence], due: dt.date
) -> None:
    deadline = initial_notification_due(relevant_date=relevant_date, disregard=disregard)
    assert deadline.due == due
    assert deadline.kind is K.INITIAL
    assert "s.83(1)" in deadline.reason


def test_initial_notification_reports_how_many_days_were_disregarded() -> None:
    deadline = initial_notification_due(
        relevant_date=D(2025, 3, 10), disregard=[(D(2025, 3, 10), D(2025, 3, 20))]
    )
    assert deadline.days_disregarded == 10
    assert "10 days in custody, in hospital or outside the UK are disregarded" in deadline.reason
    assert "s.83(6)" in deadline.reason


def test_an_absence_that_ends_before_it_starts_is_rejected() -> None:
    with pytest.raises(ValueError, match="cannot end"):
        initial_notification_due(
            relevant_date=D(2025, 3, 10), disregard=[(D(2025, 3, 20), D(2025, 3, 11))]
        )


# --------------------------------------------------------------------------------------
# s.84: changes and the 2012 prescribed changes
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "provision"),
    [
        pytest.param(K.CHANGE_NAME, "s.84(1)(a)", id="s84(1)(a)-name"),
        pytest.param(K.CHANGE_HOME_ADDRESS, "s.84(1)(b)", id="s84(1)(b)-home-address"),
        pytest.param(K.OTHER_ADDRESS, "s.84(1)(c)", id="s84(1)(c)-other-address"),
        pytest.param(K.RELEASE, "s.84(1)(d)", id="s84(1)(d)-release"),
        pytest.param(K.BANK_CARD, "SI 2012/1876", id="si2012-bank-card"),
        pytest.param(K.IDENTITY_DOCUMENT, "SI 2012/1876", id="si2012-identity-document"),
        pytest.param(K.CHILD_HOUSEHOLD, "reg 10", id="si2012-reg10-child-household"),
    ],
)
def test_every_change_is_due_within_three_days_beginning_with_the_change(
    kind: NotificationKind, provision: str
) -> None:
    # 28 Feb 2025 + 2 days: across the end of a non-leap February.
    deadline = change_due(kind=kind, event_on=D(2025, 2, 28))
    assert deadline.due == D(2025, 3, 2)
    assert deadline.kind is kind
    assert deadline.trigger == D(2025, 2, 28)
    assert provision in deadline.reason


@pytest.mark.parametrize("kind", [K.BANK_CARD, K.IDENTITY_DOCUMENT, K.CHILD_HOUSEHOLD])
def test_the_2012_items_flag_their_unconfirmed_three_day_period(kind: NotificationKind) -> None:
    assert "[M" in change_due(kind=kind, event_on=D(2025, 2, 28)).reason


def test_release_is_due_three_days_from_release_even_when_the_custody_spell_is_passed_too() -> None:
    """s.84(1)(d): the day of release counts, so passing the spell (in, out) changes nothing."""
    deadline = change_due(
        kind=K.RELEASE, event_on=D(2025, 6, 13), disregard=[(D(2024, 1, 5), D(2025, 6, 13))]
    )
    assert deadline.due == D(2025, 6, 15)
    assert deadline.days_disregarded == 0


def test_a_change_followed_by_arrest_is_due_three_counted_days_after_release() -> None:
    """s.84(5) applies s.83(6): moved on the 1st, arrested on the 2nd, released on the 30th."""
    deadline = change_due(
        kind=K.CHANGE_HOME_ADDRESS,
        event_on=D(2025, 9, 1),
        disregard=[(D(2025, 9, 2), D(2025, 9, 30))],
    )
    assert deadline.due == D(2025, 10, 1)
    assert deadline.days_disregarded == 28


@pytest.mark.parametrize("kind", [K.INITIAL, K.PERIODIC, K.TRAVEL_DEPARTURE, K.WEEKLY])
def test_kinds_that_are_not_changes_have_no_change_deadline(kind: NotificationKind) -> None:
    with pytest.raises(ValueError, match="not a change"):
        change_due(kind=kind, event_on=D(2025, 2, 28))


def _days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(count)]


@pytest.mark.parametrize(
    ("stay_days", "ends_on"),
    [
        # s.84(6)(a): a period of 7 days, ending on its 7th day.
        pytest.param(_days(D(2025, 3, 1), 7), D(2025, 3, 7), id="s84(6)-seven-days"),
        pytest.param(_days(D(2025, 3, 1), 10), D(2025, 3, 7), id="s84(6)-longer-stay"),
        pytest.param(_days(D(2025, 3, 1), 6), None, id="s84(6)-six-days-is-not-enough"),
        # s.84(6)(b): two or more periods in 12 months totalling 7 days.
        pytest.param(
            _days(D(2025, 1, 10), 3) + _days(D(2025, 6, 1), 4), D(2025, 6, 4), id="s84(6)-two"
        ),
        pytest.param(
            [D(2025, m, 5) for m in (1, 2, 3, 4, 5, 6, 12)],
            D(2025, 12, 5),
            id="s84(6)-seven-single-days",
        ),
        # The 12-month period beginning 10 Jan 2024 ends 9 Jan 2025: the last day counts...
        pytest.param(
            _days(D(2024, 1, 10), 3) + _days(D(2025, 1, 6), 4), D(2025, 1, 9), id="12m-last-day"
        ),
        # ...and a day later does not.
        pytest.param(
            _days(D(2024, 1, 10), 3) + _days(D(2025, 1, 7), 4), None, id="12m-one-day-late"
        ),
        # The earliest qualifying 12-month period wins, whichever window reaches 7 first.
        pytest.param(
            _days(D(2024, 1, 1), 5) + _days(D(2024, 11, 1), 2) + _days(D(2025, 2, 1), 7),
            D(2024, 11, 2),
            id="earliest-window",
        ),
        # Days given twice count once.
        pytest.param(_days(D(2025, 3, 1), 4) * 2, None, id="duplicates-count-once"),
        pytest.param([], None, id="no-stay"),
    ],
)
def test_a_qualifying_period_ends_on_the_seventh_day_within_twelve_months(
    stay_days: list[dt.date], ends_on: dt.date | None
) -> None:
    assert qualifying_period_ends_on(stay_days=stay_days) == ends_on


def test_a_qualifying_stay_is_notified_within_three_days_of_its_seventh_day() -> None:
    ends_on = qualifying_period_ends_on(stay_days=_days(D(2025, 3, 1), 7))
    assert ends_on is not None
    assert change_due(kind=K.OTHER_ADDRESS, event_on=ends_on).due == D(2025, 3, 9)


# --------------------------------------------------------------------------------------
# s.84(2)-(4): advance notice
# --------------------------------------------------------------------------------------

NOTIFIED = D(2025, 3, 1)
EXPECTED = D(2025, 3, 10)


@pytest.mark.parametrize(
    ("occurred_on", "effective", "change_by", "non_occurrence_by"),
    [
        pytest.param(EXPECTED, True, None, None, id="s84(2)-on-the-day"),
        pytest.param(D(2025, 3, 8), True, None, None, id="s84(3)-two-days-early-still-counts"),
        pytest.param(D(2025, 3, 7), False, D(2025, 3, 9), None, id="s84(3)-three-days-early"),
        pytest.param(NOTIFIED, False, D(2025, 3, 3), None, id="s84(3)-same-day-as-notice"),
        pytest.param(D(2025, 3, 12), True, None, None, id="s84(4)-last-day-of-window"),
        pytest.param(
            D(2025, 3, 13), False, D(2025, 3, 15), D(2025, 3, 15), id="s84(4)-day-after-window"
        ),
        pytest.param(D(2025, 3, 20), False, D(2025, 3, 22), D(2025, 3, 15), id="s84(4)-much-later"),
        pytest.param(None, False, None, D(2025, 3, 15), id="s84(4)(b)-never-happened"),
    ],
)
def test_advance_notice_counts_only_from_two_days_before_to_two_days_after_the_date_given(
    occurred_on: dt.date | None,
    effective: bool,
    change_by: dt.date | None,
    non_occurrence_by: dt.date | None,
) -> None:
    outcome = advance_notice_outcome(
        kind=K.CHANGE_HOME_ADDRESS,
        notified_on=NOTIFIED,
        expected_on=EXPECTED,
        occurred_on=occurred_on,
    )
    assert outcome.effective is effective
    assert (outcome.change.due if outcome.change else None) == change_by
    assert (outcome.non_occurrence.due if outcome.non_occurrence else None) == non_occurrence_by
    if outcome.non_occurrence:
        assert outcome.non_occurrence.kind is K.CHANGE_NOT_OCCURRED
        assert "s.84(4)(b)" in outcome.non_occurrence.reason


def test_the_six_day_non_occurrence_period_disregards_custody() -> None:
    """s.84(5): the 6-day period of s.84(4)(b) is counted as s.83(6) says."""
    outcome = advance_notice_outcome(
        kind=K.CHANGE_NAME,
        notified_on=NOTIFIED,
        expected_on=EXPECTED,
        occurred_on=None,
        disregard=[(D(2025, 3, 11), D(2025, 4, 1))],
    )
    assert outcome.non_occurrence is not None
    # 10 March counted, 11-31 March disregarded, 1-5 April counted.
    assert outcome.non_occurrence.due == D(2025, 4, 5)


def test_the_three_day_window_for_the_change_itself_is_not_extended_by_custody() -> None:
    """s.84(5) extends the 3-day period of s.84(1) and the 6 days of s.84(4)(b), not s.84(4)."""
    outcome = advance_notice_outcome(
        kind=K.CHANGE_HOME_ADDRESS,
        notified_on=NOTIFIED,
        expected_on=EXPECTED,
        occurred_on=D(2025, 3, 20),
        disregard=[(D(2025, 3, 10), D(2025, 3, 19))],
    )
    assert outcome.effective is False


def test_a_qualifying_stay_can_be_notified_in_advance() -> None:
    outcome = advance_notice_outcome(
        kind=K.OTHER_ADDRESS, notified_on=NOTIFIED, expected_on=EXPECTED, occurred_on=EXPECTED
    )
    assert outcome.effective


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"kind": K.BANK_CARD}, "does not provide", id="not-an-s84(2)-change"),
        pytest.param({"kind": K.RELEASE}, "does not provide", id="release-is-not-foreseen"),
        pytest.param({"expected_on": D(2025, 2, 27)}, "earlier day", id="expected-before-notice"),
        pytest.param({"occurred_on": D(2025, 2, 27)}, "in advance", id="happened-before-notice"),
    ],
)
def test_advance_notices_that_cannot_be_are_rejected(
    kwargs: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {
        "kind": K.CHANGE_HOME_ADDRESS,
        "notified_on": NOTIFIED,
        "expected_on": EXPECTED,
        "occurred_on": None,
    } | kwargs
    with pytest.raises(ValueError, match=message):
        advance_notice_outcome(**arguments)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------
# s.85: periodic notification
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "resets"),
    [
        (K.INITIAL, True),  # s.85(2)(b): s.83(1)
        (K.CHANGE_NAME, True),  # s.85(2)(b): s.84(1)
        (K.CHANGE_HOME_ADDRESS, True),
        (K.OTHER_ADDRESS, True),
        (K.RELEASE, True),
        (K.PERIODIC, True),  # s.85(2)(c)
        (K.WEEKLY, True),
        (K.BANK_CARD, False),  # Home Office FAQ: the 2012 matters do not alter the annual date
        (K.IDENTITY_DOCUMENT, False),
        (K.CHILD_HOUSEHOLD, False),
        (K.TRAVEL_DEPARTURE, False),  # s.86, RULES.md §2.3
        (K.TRAVEL_RETURN, False),
        (K.CHANGE_NOT_OCCURRED, False),  # s.84(4)(b) is not a notification under s.84(1)
    ],
)
def test_only_notifications_under_s83_s84_1_and_s85_reset_the_periodic_clock(
    kind: NotificationKind, resets: bool
) -> None:
    assert resets_periodic_clock(kind) is resets


def test_every_notification_kind_has_a_reset_rule() -> None:
    """A new kind must be placed on one side of the s.85(2) line deliberately."""
    assert {k for k in K if resets_periodic_clock(k)} | {
        K.BANK_CARD,
        K.IDENTITY_DOCUMENT,
        K.CHILD_HOUSEHOLD,
        K.TRAVEL_DEPARTURE,
        K.TRAVEL_RETURN,
        K.CHANGE_NOT_OCCURRED,
    } == set(K)


RELEVANT = D(2020, 1, 1)


@pytest.mark.parametrize(
    ("notifications", "disregard", "no_fixed_abode", "due"),
    [
        # s.85(1): one year after the initial notification, on its anniversary.
        pytest.param([(D(2025, 3, 10), K.INITIAL)], [], False, D(2026, 3, 10), id="s85-annual"),
        # s.85(2)(b): a change of home address restarts the year.
        pytest.param(
            [(D(2025, 3, 10), K.INITIAL), (D(2025, 9, 1), K.CHANGE_HOME_ADDRESS)],
            [],
            False,
            D(2026, 9, 1),
            id="s85(2)(b)-change-resets",
        ),
        # The 2012 items and travel do not.
        pytest.param(
            [(D(2025, 3, 10), K.INITIAL), (D(2025, 9, 1), K.BANK_CARD)],
            [],
            False,
            D(2026, 3, 10),
            id="faq-bank-card-does-not-reset",
        ),
        pytest.param(
            [
                (D(2025, 3, 10), K.INITIAL),
                (D(2025, 5, 1), K.CHILD_HOUSEHOLD),
                (D(2025, 6, 1), K.IDENTITY_DOCUMENT),
                (D(2025, 7, 1), K.TRAVEL_DEPARTURE),
                (D(2025, 7, 14), K.TRAVEL_RETURN),
                (D(2025, 8, 1), K.CHANGE_NOT_OCCURRED),
            ],
            [],
            False,
            D(2026, 3, 10),
            id="none-of-these-reset",
        ),
        # s.85(2)(c): an early periodic notification restarts the year from that day.
        pytest.param(
            [(D(2024, 3, 10), K.INITIAL), (D(2025, 1, 20), K.PERIODIC)],
            [],
            False,
            D(2026, 1, 20),
            id="s85(2)(c)-early-periodic",
        ),
        # Order of the history does not matter.
        pytest.param(
            [(D(2025, 9, 1), K.RELEASE), (D(2025, 3, 10), K.INITIAL)],
            [],
            False,
            D(2026, 9, 1),
            id="unordered-history",
        ),
        # Leap years: the anniversary of 29 Feb is 28 Feb; of 28 Feb, 28 Feb.
        pytest.param([(D(2024, 2, 29), K.INITIAL)], [], False, D(2025, 2, 28), id="leap-29-feb"),
        pytest.param([(D(2023, 2, 28), K.INITIAL)], [], False, D(2024, 2, 28), id="leap-28-feb"),
        pytest.param([(D(2023, 3, 1), K.INITIAL)], [], False, D(2024, 3, 1), id="leap-1-mar"),
        pytest.param([(D(2025, 12, 31), K.INITIAL)], [], False, D(2026, 12, 31), id="year-end"),
        # s.85(5)(a), (6): no sole or main residence, weekly: Monday to Monday.
        pytest.param([(D(2025, 12, 1), K.WEEKLY)], [], True, D(2025, 12, 8), id="s85(6)-weekly"),
        pytest.param(
            [(D(2025, 3, 10), K.INITIAL), (D(2025, 12, 29), K.CHANGE_HOME_ADDRESS)],
            [],
            True,
            D(2026, 1, 5),
            id="s85(6)-weekly-from-change",
        ),
        # s.85(3)-(4): due while in custody; runs to 3 days beginning with release.
        pytest.param(
            [(D(2025, 3, 10), K.INITIAL)],
            [(D(2026, 3, 1), D(2026, 3, 20))],
            False,
            D(2026, 3, 22),
            id="s85(3)-custody-over-due-date",
        ),
        # s.85(3): due on the day of leaving the UK: the whole day is disregarded.
        pytest.param(
            [(D(2025, 3, 10), K.INITIAL)],
            [(D(2026, 3, 10), D(2026, 3, 24))],
            False,
            D(2026, 3, 26),
            id="s85(3)-abroad-from-due-date",
        ),
        # s.85(3): released on the due date: the period ends when he is free; no extension.
        pytest.param(
            [(D(2025, 3, 10), K.INITIAL)],
            [(D(2026, 2, 1), D(2026, 3, 10))],
            False,
            D(2026, 3, 10),
            id="s85(3)-released-on-due-date",
        ),
        # Time away that ends before the due date does not move it: the clock is not paused.
        pytest.param(
            [(D(2025, 3, 10), K.INITIAL)],
            [(D(2025, 6, 1), D(2025, 12, 1))],
            False,
            D(2026, 3, 10),
            id="s85-clock-not-paused",
        ),
        # Re-detained within the 3 days after release: extended again from the next release.
        pytest.param(
            [(D(2025, 3, 10), K.INITIAL)],
            [(D(2026, 3, 1), D(2026, 3, 20)), (D(2026, 3, 21), D(2026, 3, 30))],
            False,
            D(2026, 4, 1),
            id="s85(3)-chained-absences",
        ),
        # s.85(3) applies to the weekly period too.
        pytest.param(
            [(D(2025, 12, 1), K.WEEKLY)],
            [(D(2025, 12, 5), D(2025, 12, 12))],
            True,
            D(2025, 12, 14),
            id="s85(3)-weekly-in-custody",
        ),
        # s.85(2)(a): subject to Part 2 from commencement, never notified since.
        pytest.param([], [], False, D(2005, 5, 1), id="s85(2)(a)-commencement"),
    ],
)
def test_the_next_periodic_notification_is_due_a_year_after_the_last_full_notification(
    notifications: list[tuple[dt.date, NotificationKind]],
    disregard: list[dl.Absence],
    no_fixed_abode: bool,
    due: dt.date,
) -> None:
    relevant_date = D(2000, 1, 1) if not notifications else RELEVANT
    deadline = next_periodic_due(
        relevant_date=relevant_date,
        notifications=notifications,
        disregard=disregard,
        no_fixed_abode=no_fixed_abode,
    )
    assert deadline.due == due
    assert deadline.kind is (K.WEEKLY if no_fixed_abode else K.PERIODIC)
    assert "s.85(1)" in deadline.reason


def test_the_periodic_reason_explains_an_extension_for_custody() -> None:
    deadline = next_periodic_due(
        relevant_date=RELEVANT,
        notifications=[(D(2025, 3, 10), K.INITIAL)],
        disregard=[(D(2026, 3, 1), D(2026, 3, 20))],
    )
    assert deadline.days_disregarded == 12
    assert "s.85(3)-(4)" in deadline.reason
    assert "10 March 2026" in deadline.reason and "22 March 2026" in deadline.reason


def test_a_back_dated_change_can_end_the_year_on_the_day_of_release() -> None:
    """s.85(1) counts from the latest event only, so s.85(3) may no longer reach.

    Initial on 1 Jan 2020: due 1 Jan 2021, in custody, so extended to 7 Jan 2021. A change
    notified on 5 Jan 2020 discharges that duty ("unless within that period he has given a
    notification under section 84(1)") and starts a year ending 5 Jan 2021: the day of
    release, when he is free at the end of the period, so s.85(3) does not apply. The law
    gives the earlier date; only a history entered after the custody was known shows it.
    """
    custody = [(D(2020, 12, 1), D(2021, 1, 5))]
    before = next_periodic_due(
        relevant_date=RELEVANT, notifications=[(D(2020, 1, 1), K.INITIAL)], disregard=custody
    )
    after = next_periodic_due(
        relevant_date=RELEVANT,
        notifications=[(D(2020, 1, 1), K.INITIAL), (D(2020, 1, 5), K.CHANGE_NAME)],
        disregard=custody,
    )
    assert (before.due, after.due) == (D(2021, 1, 7), D(2021, 1, 5))


def test_a_notification_before_the_relevant_date_is_rejected() -> None:
    with pytest.raises(ValueError, match="before the relevant date"):
        next_periodic_due(relevant_date=RELEVANT, notifications=[(D(2019, 12, 31), K.INITIAL)])


def test_there_is_no_periodic_date_before_the_first_full_notification() -> None:
    with pytest.raises(ValueError, match="initial notification is due first"):
        next_periodic_due(relevant_date=RELEVANT, notifications=[(D(2020, 1, 2), K.BANK_CARD)])


# --------------------------------------------------------------------------------------
# status
# --------------------------------------------------------------------------------------

ANNUAL = next_periodic_due(relevant_date=RELEVANT, notifications=[(D(2025, 3, 10), K.INITIAL)])


@pytest.mark.parametrize(
    ("today", "state", "days_remaining", "days_overdue"),
    [
        pytest.param(D(2025, 6, 1), DueState.NOT_YET_DUE, 282, 0, id="months-away"),
        pytest.param(D(2026, 2, 23), DueState.NOT_YET_DUE, 15, 0, id="fifteen-days-away"),
        pytest.param(D(2026, 2, 24), DueState.DUE_SOON, 14, 0, id="fourteen-days-away"),
        pytest.param(D(2026, 3, 10), DueState.DUE_SOON, 0, 0, id="due-today"),
        # s.91(3): the offence is committed on the first day of failure.
        pytest.param(D(2026, 3, 11), DueState.OVERDUE, 0, 1, id="s91(3)-day-after"),
        pytest.param(D(2027, 3, 10), DueState.OVERDUE, 0, 365, id="a-year-overdue"),
    ],
)
def test_status_says_whether_a_deadline_is_overdue_due_soon_or_not_yet_due(
    today: dt.date, state: DueState, days_remaining: int, days_overdue: int
) -> None:
    result = status(deadline=ANNUAL, today=today)
    assert (result.state, result.days_remaining, result.days_overdue) == (
        state,
        days_remaining,
        days_overdue,
    )
    assert result.due == D(2026, 3, 10)


def test_a_deadline_is_suspended_while_an_absence_that_began_before_it_goes_on() -> None:
    """s.85(3): in custody since before the due date, with no release date yet."""
    result = status(deadline=ANNUAL, today=D(2026, 4, 1), absent_since=D(2026, 3, 1))
    assert result.state is DueState.SUSPENDED


def test_a_failure_before_custody_began_stays_overdue() -> None:
    result = status(deadline=ANNUAL, today=D(2026, 4, 1), absent_since=D(2026, 3, 20))
    assert result.state is DueState.OVERDUE
    assert result.days_overdue == 22


def test_the_due_soon_window_can_be_set_by_the_force() -> None:
    assert status(deadline=ANNUAL, today=D(2026, 3, 3), due_soon_days=7).state is DueState.DUE_SOON
    assert status(deadline=ANNUAL, today=D(2026, 3, 2), due_soon_days=7).state is (
        DueState.NOT_YET_DUE
    )


def test_an_absence_cannot_have_started_after_today() -> None:
    with pytest.raises(ValueError, match="cannot start later"):
        status(deadline=ANNUAL, today=D(2026, 3, 1), absent_since=D(2026, 3, 2))


# --------------------------------------------------------------------------------------
# s.86: foreign travel
# --------------------------------------------------------------------------------------

DEPARTS = at(2025, 8, 15, 9, 0)  # Friday 15 August 2025, 09:00 BST


KNOWN_EARLY = D(2025, 7, 1)  # more than 7 days before the departure date
KNOWN_LATE = D(2025, 8, 10)  # 5 days before
SEVEN, EXCUSE = TravelRule.SEVEN_DAYS, TravelRule.REASONABLE_EXCUSE
NOT_KNOWN, CHANGED = TravelRule.NOT_KNOWN_SEVEN_DAYS_AHEAD, TravelRule.CHANGED_DETAILS


@pytest.mark.parametrize(
    ("notified_at", "known_on", "situation", "verdict", "rule", "due"),
    [
        # SI 2004/1220 as amended 2012: known early, not less than 7 days before the date.
        (at(2025, 8, 1, 10, 0), KNOWN_EARLY, "", "in time", SEVEN, D(2025, 8, 8)),
        (at(2025, 8, 8, 23, 59), KNOWN_EARLY, "", "in time", SEVEN, D(2025, 8, 8)),
        (at(2025, 8, 9, 0, 0), KNOWN_EARLY, "", "late", SEVEN, D(2025, 8, 8)),
        # In time for 7 days: a reasonable excuse changes nothing.
        (at(2025, 8, 1, 10, 0), KNOWN_EARLY, "excuse", "in time", SEVEN, D(2025, 8, 8)),
        # Known early with a reasonable excuse: not less than 24 hours before departure [M].
        (at(2025, 8, 14, 9, 0), KNOWN_EARLY, "excuse", "in time", EXCUSE, D(2025, 8, 14)),
        (at(2025, 8, 14, 10, 0), KNOWN_EARLY, "excuse", "late", EXCUSE, D(2025, 8, 14)),
        # Not known more than 7 days before the date of departure: 12 hours [M].
        (at(2025, 8, 14, 21, 0), KNOWN_LATE, "", "in time", NOT_KNOWN, D(2025, 8, 14)),
        (at(2025, 8, 14, 21, 30), KNOWN_LATE, "", "late", NOT_KNOWN, D(2025, 8, 14)),
        (at(2025, 8, 15, 10, 0), KNOWN_LATE, "", "late", NOT_KNOWN, D(2025, 8, 14)),
        # Known exactly 7 days before is not "more than seven days": the 12-hour rule.
        (at(2025, 8, 14, 20, 0), D(2025, 8, 8), "", "in time", NOT_KNOWN, D(2025, 8, 14)),
        # A fresh notice changing notified details: at least 24 hours before departure.
        (at(2025, 8, 13, 18, 0), KNOWN_EARLY, "change", "in time", CHANGED, D(2025, 8, 14)),
        (at(2025, 8, 14, 18, 0), KNOWN_EARLY, "change", "late", CHANGED, D(2025, 8, 14)),
    ],
)
def test_travel_notice_is_checked_against_the_rule_that_applies(
    notified_at: dt.datetime,
    known_on: dt.date,
    situation: str,
    verdict: str,
    rule: TravelRule,
    due: dt.date,
) -> None:
    check = travel_notice_check(
        departs_at=DEPARTS,
        notified_at=notified_at,
        details_known_on=known_on,
        reasonable_excuse=situation == "excuse",
        changes_earlier_notice=situation == "change",
    )
    assert (check.in_time, check.rule, check.due) == (verdict == "in time", rule, due)
    assert "s.86" in check.reason
    assert f": {verdict}." in check.reason


def test_hours_before_departure_are_real_hours_across_a_clock_change() -> None:
    """Clocks go forward at 01:00 GMT on 30 March 2025: 10:00 BST is 09:00 GMT."""
    check = travel_notice_check(
        departs_at=at(2025, 3, 30, 10, 0),
        notified_at=at(2025, 3, 29, 21, 30),  # 11.5 real hours before departure
        details_known_on=D(2025, 3, 28),
    )
    assert check.latest_at == dt.datetime(2025, 3, 29, 21, 0, tzinfo=dt.UTC)
    assert not check.in_time


def test_travel_times_in_other_zones_are_judged_by_the_uk_date() -> None:
    """00:30 UTC on 9 August is 01:30 BST: a day late for a 15 August departure."""
    check = travel_notice_check(
        departs_at=DEPARTS,
        notified_at=dt.datetime(2025, 8, 8, 23, 30, tzinfo=dt.UTC),
        details_known_on=D(2025, 7, 1),
    )
    assert not check.in_time


def test_the_hour_limits_can_be_counted_from_the_start_of_the_departure_date() -> None:
    """The [M] reading of the NI text 'not less than 12 hours before that date'."""
    check = travel_notice_check(
        departs_at=DEPARTS,
        notified_at=at(2025, 8, 14, 20, 0),  # 13 hours before the flight
        details_known_on=D(2025, 8, 10),
        hours_measured_to=TravelClock.START_OF_DEPARTURE_DATE,
    )
    assert check.latest_at == at(2025, 8, 14, 12, 0)
    assert not check.in_time


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param(
            {"departs_at": dt.datetime(2025, 8, 15, 9)}, "timezone-aware", id="naive-departure"
        ),
        pytest.param(
            {"notified_at": dt.datetime(2025, 8, 1, 9)}, "timezone-aware", id="naive-notice"
        ),
        pytest.param({"details_known_on": D(2025, 8, 16)}, "after the departure", id="known-late"),
        pytest.param({"details_known_on": D(2025, 8, 2)}, "first known", id="notified-first"),
    ],
)
def test_travel_notices_that_cannot_be_are_rejected(
    kwargs: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {
        "departs_at": DEPARTS,
        "notified_at": at(2025, 8, 1, 9),
        "details_known_on": D(2025, 7, 1),
    } | kwargs
    with pytest.raises(ValueError, match=message):
        travel_notice_check(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("returned_on", "notified", "disregard", "due"),
    [
        pytest.param(D(2025, 8, 22), False, [], D(2025, 8, 24), id="return-not-notified"),
        pytest.param(D(2025, 8, 22), True, [], None, id="return-notified-in-advance"),
        pytest.param(D(2025, 8, 15), False, [], D(2025, 8, 17), id="same-day-return"),
        pytest.param(
            D(2025, 8, 22),
            False,
            [(D(2025, 8, 22), D(2025, 8, 30))],
            D(2025, 9, 1),
            id="arrested-at-the-airport",
        ),
    ],
)
def test_a_return_not_notified_in_advance_is_due_within_three_days(
    returned_on: dt.date, notified: bool, disregard: list[dl.Absence], due: dt.date | None
) -> None:
    deadline = travel_return_due(
        departed_on=D(2025, 8, 15),
        returned_on=returned_on,
        return_details_notified=notified,
        disregard=disregard,
    )
    assert (deadline.due if deadline else None) == due
    if deadline:
        assert deadline.kind is K.TRAVEL_RETURN


def test_a_return_before_the_departure_is_rejected() -> None:
    with pytest.raises(ValueError, match="before the departure"):
        travel_return_due(
            departed_on=D(2025, 8, 15), returned_on=D(2025, 8, 14), return_details_notified=False
        )


# --------------------------------------------------------------------------------------
# ss.91A-91F: review of indefinite notification
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notified_on", "under_18", "qualifying", "years"),
    [
        # s.91B(2)(a): the 15 years beginning 1 Sep 2012 end 31 Aug 2027.
        pytest.param(D(2012, 9, 1), False, D(2027, 9, 1), 15, id="s91B(2)(a)-adult"),
        # s.91B(2)(b): 8 years for an offender under 18 on the relevant date.
        pytest.param(D(2012, 9, 1), True, D(2020, 9, 1), 8, id="s91B(2)(b)-juvenile"),
        pytest.param(D(2010, 1, 1), False, D(2025, 1, 1), 15, id="s91B(2)(a)-new-year"),
        pytest.param(D(2016, 2, 29), True, D(2024, 2, 29), 8, id="s91B(2)(b)-leap-to-leap"),
        # A period beginning 29 Feb has no corresponding date in a non-leap year: it runs
        # to the end of February (dates.py), so the qualifying date is 1 March.
        pytest.param(D(2012, 2, 29), False, D(2027, 3, 1), 15, id="s91B(2)(a)-29-feb"),
    ],
)
def test_the_qualifying_date_is_the_day_after_the_review_period(
    notified_on: dt.date, under_18: bool, qualifying: dt.date, years: int
) -> None:
    result = review_qualifying_date(
        relevant_notification_on=notified_on, under_18_on_relevant_date=under_18
    )
    assert (result.qualifying_date, result.years, result.period_start) == (
        qualifying,
        years,
        notified_on,
    )
    assert "s.91B(2)" in result.reason


@pytest.mark.parametrize(
    ("determination_on", "further_years", "qualifying"),
    [
        # s.91B(3): 8 years beginning with a determination to keep the requirements.
        pytest.param(D(2027, 10, 15), None, D(2035, 10, 15), id="s91B(3)-after-refusal"),
        pytest.param(D(2027, 10, 15), 8, D(2035, 10, 15), id="s91B(3)-eight-given"),
        # s.91B(4)-(6): the chief officer may set longer, up to 15 years [M].
        pytest.param(D(2027, 10, 15), 12, D(2039, 10, 15), id="s91B(4)-twelve"),
        pytest.param(D(2027, 10, 15), 15, D(2042, 10, 15), id="s91B(4)-fifteen"),
    ],
)
def test_after_a_refusal_the_further_qualifying_date_runs_from_the_determination(
    determination_on: dt.date, further_years: int | None, qualifying: dt.date
) -> None:
    result = review_qualifying_date(
        relevant_notification_on=D(2012, 9, 1),
        under_18_on_relevant_date=False,
        determination_on=determination_on,
        further_review_years=further_years,
    )
    assert result.qualifying_date == qualifying
    assert result.period_start == determination_on


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"further_review_years": 16}, "between 8 and 15", id="more-than-15"),
        pytest.param({"further_review_years": 7}, "between 8 and 15", id="less-than-8"),
        pytest.param(
            {"determination_on": D(2027, 8, 31), "further_review_years": None},
            "cannot precede",
            id="determined-before-qualifying",
        ),
        pytest.param(
            {"determination_on": None, "further_review_years": 10},
            "only after",
            id="further-period-without-determination",
        ),
    ],
)
def test_review_periods_that_cannot_be_are_rejected(
    kwargs: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {
        "relevant_notification_on": D(2012, 9, 1),
        "under_18_on_relevant_date": False,
        "determination_on": D(2027, 10, 15),
    } | kwargs
    with pytest.raises(ValueError, match=message):
        review_qualifying_date(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("indefinite", "order", "applied_on", "eligible", "cited"),
    [
        pytest.param(True, False, D(2027, 9, 1), True, "s.91A", id="s91A-on-qualifying-date"),
        pytest.param(True, False, D(2027, 8, 31), False, "s.91B(1)", id="s91B(1)-a-day-early"),
        pytest.param(False, False, D(2030, 1, 1), False, "s.91A(2)(a)", id="s91A-fixed-term"),
        pytest.param(True, True, D(2030, 1, 1), False, "s.91A(2)(b)", id="s91A-subject-to-shpo"),
    ],
)
def test_only_an_indefinite_offender_without_an_order_may_apply_from_the_qualifying_date(
    indefinite: bool, order: bool, applied_on: dt.date, eligible: bool, cited: str
) -> None:
    result = review_eligibility(
        indefinite=indefinite,
        subject_to_prevention_order=order,
        qualifying_date=D(2027, 9, 1),
        applied_on=applied_on,
    )
    assert result.eligible is eligible
    assert any(cited in reason for reason in result.reasons)


def test_every_reason_an_offender_may_not_apply_is_given() -> None:
    result = review_eligibility(
        indefinite=False,
        subject_to_prevention_order=True,
        qualifying_date=D(2027, 9, 1),
        applied_on=D(2020, 1, 1),
    )
    assert len(result.reasons) == 3


@pytest.mark.parametrize(
    ("released_on", "notifications", "relevant_notification"),
    [
        # [M] the first full notification on or after release.
        pytest.param(
            D(2014, 5, 6),
            [
                (D(2010, 1, 1), K.INITIAL),
                (D(2014, 5, 6), K.BANK_CARD),
                (D(2014, 5, 7), K.RELEASE),
                (D(2015, 5, 7), K.PERIODIC),
            ],
            D(2014, 5, 7),
            id="first-after-release",
        ),
        # Never in custody: the initial notification.
        pytest.param(
            None,
            [(D(2010, 1, 3), K.INITIAL), (D(2011, 1, 3), K.PERIODIC)],
            D(2010, 1, 3),
            id="no-custody",
        ),
    ],
)
def test_the_relevant_notification_is_the_first_full_one_after_release(
    released_on: dt.date | None,
    notifications: list[tuple[dt.date, NotificationKind]],
    relevant_notification: dt.date,
) -> None:
    assert (
        relevant_notification_on(
            relevant_date=D(2010, 1, 1), notifications=notifications, released_on=released_on
        )
        == relevant_notification
    )


def test_there_is_no_relevant_notification_until_one_is_given_after_release() -> None:
    with pytest.raises(ValueError, match="since release"):
        relevant_notification_on(
            relevant_date=D(2010, 1, 1),
            notifications=[(D(2010, 1, 1), K.INITIAL)],
            released_on=D(2014, 5, 6),
        )


@pytest.mark.parametrize(
    ("awaiting", "due"),
    [
        pytest.param(False, D(2025, 8, 11), id="s91C-six-weeks"),  # [M]
        pytest.param(True, D(2025, 9, 22), id="s91C-twelve-weeks-awaiting-information"),  # [M]
    ],
)
def test_the_chief_officer_must_determine_within_six_weeks_or_twelve_when_waiting(
    awaiting: bool, due: dt.date
) -> None:
    deadline = review_determination_due(
        received_on=D(2025, 7, 1), awaiting_responsible_bodies=awaiting
    )
    assert deadline.due == due
    assert deadline.kind is ReviewStep.DETERMINATION
    assert "[M]" in deadline.reason


def test_an_appeal_is_due_within_21_days_beginning_with_receipt_of_the_notice() -> None:
    deadline = review_appeal_due(notice_received_on=D(2025, 7, 1))
    assert deadline.due == D(2025, 7, 21)
    assert deadline.kind is ReviewStep.APPEAL
    assert status(deadline=deadline, today=D(2025, 7, 22)).state is DueState.OVERDUE


# --------------------------------------------------------------------------------------
# Policy values
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "mark"),
    [
        ("soa2003.s91c.determination_weeks", 6, "M"),
        ("soa2003.s91c.determination_extended_weeks", 12, "M"),
        ("soa2003.s91e.appeal_days", 21, "M"),
        ("soa2003.s91b.relevant_notification", "first_after_release", "M"),
        ("soa2003.s91b.max_further_years", 15, "M"),
        ("si2012_1876.prescribed_change_days", 3, "M"),
        ("si2004_1220.not_known_hours", 12, "M"),
        ("si2004_1220.reasonable_excuse_hours", 24, "M"),
        ("si2004_1220.return_days", 3, "M"),
        ("si2004_1220.hours_measured_to", TravelClock.DEPARTURE_TIME, "M"),
        ("soa2003.s83.initial_notification_days", 3, "C"),
        ("soa2003.s85.periodic_months", 12, "C"),
    ],
)
def test_the_values_the_deadlines_depend_on_are_declared_with_their_mark(
    name: str, value: object, mark: str
) -> None:
    declared = REGISTRY[name]
    assert (declared.value, declared.mark) == (value, mark)
    assert declared.source


def test_every_value_this_module_declares_cites_a_source_and_unsure_ones_say_why() -> None:
    mine = [v for v in vars(dl).values() if isinstance(v, PolicyValue)]
    assert len(mine) >= 25
    for value in mine:
        assert REGISTRY[value.name] is value
        assert value.source
        assert value.mark in {"C", "M"}


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------

START, END = D(2019, 1, 1), D(2031, 12, 31)
days = st.dates(min_value=START, max_value=END)


@st.composite
def absences(draw: st.DrawFn, max_size: int = 4) -> list[dl.Absence]:
    spells = []
    for _ in range(draw(st.integers(0, max_size))):
        start = draw(days)
        length = draw(st.integers(0, 400))
        spells.append((start, start + dt.timedelta(days=length)))
    return spells


kinds = st.sampled_from(list(K))
change_kinds = st.sampled_from(
    [
        K.CHANGE_NAME,
        K.CHANGE_HOME_ADDRESS,
        K.OTHER_ADDRESS,
        K.RELEASE,
        K.BANK_CARD,
        K.IDENTITY_DOCUMENT,
        K.CHILD_HOUSEHOLD,
    ]
)
histories = st.lists(st.tuples(days, kinds), max_size=8)


def _disregarded(day: dt.date, spells: list[dl.Absence]) -> bool:
    return any(start <= day < end for start, end in spells)


def _counted_days(first: dt.date, last: dt.date, spells: list[dl.Absence]) -> int:
    span = (last - first).days + 1
    return sum(not _disregarded(first + dt.timedelta(days=i), spells) for i in range(max(span, 0)))


@given(event_on=days, kind=change_kinds, spells=absences())
def test_a_three_day_deadline_is_never_before_its_trigger_and_counts_exactly_three_days(
    event_on: dt.date, kind: NotificationKind, spells: list[dl.Absence]
) -> None:
    deadline = change_due(kind=kind, event_on=event_on, disregard=spells)
    assert deadline.due >= event_on
    assert not _disregarded(deadline.due, spells)
    assert _counted_days(event_on, deadline.due, spells) == 3
    assert deadline.days_disregarded == (deadline.due - event_on).days - 2


@given(relevant_date=days, spells=absences(), extra=absences(max_size=2))
def test_disregarded_time_never_makes_the_initial_deadline_earlier(
    relevant_date: dt.date, spells: list[dl.Absence], extra: list[dl.Absence]
) -> None:
    plain = initial_notification_due(relevant_date=relevant_date)
    some = initial_notification_due(relevant_date=relevant_date, disregard=spells)
    more = initial_notification_due(relevant_date=relevant_date, disregard=spells + extra)
    assert relevant_date <= plain.due <= some.due <= more.due


@given(
    relevant_date=st.dates(min_value=START, max_value=D(2020, 1, 1)),
    history=histories,
    spells=absences(),
    extra=absences(max_size=2),
    no_fixed_abode=st.booleans(),
)
def test_disregarded_time_never_makes_the_periodic_deadline_earlier_or_falls_in_custody(
    relevant_date: dt.date,
    history: list[tuple[dt.date, NotificationKind]],
    spells: list[dl.Absence],
    extra: list[dl.Absence],
    no_fixed_abode: bool,
) -> None:
    history = [(max(day, relevant_date), kind) for day, kind in history]
    history.append((relevant_date, K.INITIAL))

    def due(disregard: list[dl.Absence]) -> dt.date:
        return next_periodic_due(
            relevant_date=relevant_date,
            notifications=history,
            disregard=disregard,
            no_fixed_abode=no_fixed_abode,
        ).due

    assert due([]) <= due(spells) <= due(spells + extra)
    assert not _disregarded(due(spells), spells)
    assert due(spells) > max(day for day, kind in history if resets_periodic_clock(kind))


@given(
    relevant_date=st.dates(min_value=START, max_value=D(2020, 1, 1)),
    history=histories,
    new_day=days,
    new_kind=kinds,
    no_fixed_abode=st.booleans(),
)
def test_a_notification_never_makes_the_next_periodic_date_earlier(
    relevant_date: dt.date,
    history: list[tuple[dt.date, NotificationKind]],
    new_day: dt.date,
    new_kind: NotificationKind,
    no_fixed_abode: bool,
) -> None:
    """Without time away, any notification, of any kind, on any day."""
    history = [(max(day, relevant_date), kind) for day, kind in history]
    history.append((relevant_date, K.INITIAL))
    new_day = max(new_day, relevant_date)

    def due(notifications: list[tuple[dt.date, NotificationKind]]) -> dt.date:
        return next_periodic_due(
            relevant_date=relevant_date, notifications=notifications, no_fixed_abode=no_fixed_abode
        ).due

    assert due([*history, (new_day, new_kind)]) >= due(history)


@settings(max_examples=300)
@given(
    relevant_date=st.dates(min_value=START, max_value=D(2020, 1, 1)),
    history=histories,
    spells=absences(),
    gap=st.integers(0, 800),
    new_kind=kinds,
    no_fixed_abode=st.booleans(),
)
def test_a_notification_recorded_as_it_happens_never_makes_the_next_periodic_date_earlier(
    relevant_date: dt.date,
    history: list[tuple[dt.date, NotificationKind]],
    spells: list[dl.Absence],
    gap: int,
    new_kind: NotificationKind,
    no_fixed_abode: bool,
) -> None:
    """With time away: a notification given in person (so not while away), no earlier than
    the history, and with only the absences that had begun by then known. See
    test_a_back_dated_change_can_end_the_year_on_the_day_of_release for why the law needs
    those conditions."""
    history = [(max(day, relevant_date), kind) for day, kind in history]
    history.append((relevant_date, K.INITIAL))
    new_day = max(day for day, _ in history) + dt.timedelta(days=gap)
    known = [(start, end) for start, end in spells if start <= new_day]
    if _disregarded(new_day, known):
        return  # cannot attend a police station on a day spent in custody or abroad

    def due(notifications: list[tuple[dt.date, NotificationKind]]) -> dt.date:
        return next_periodic_due(
            relevant_date=relevant_date,
            notifications=notifications,
            disregard=known,
            no_fixed_abode=no_fixed_abode,
        ).due

    assert due([*history, (new_day, new_kind)]) >= due(history)


@given(
    kind=st.sampled_from([K.CHANGE_NAME, K.CHANGE_HOME_ADDRESS, K.OTHER_ADDRESS]),
    notified_on=days,
    lead=st.integers(0, 30),
    offset=st.one_of(st.none(), st.integers(-30, 30)),
    spells=absences(),
)
def test_advance_notice_deadlines_are_never_before_their_triggers(
    kind: NotificationKind,
    notified_on: dt.date,
    lead: int,
    offset: int | None,
    spells: list[dl.Absence],
) -> None:
    expected_on = notified_on + dt.timedelta(days=lead)
    occurred_on = None if offset is None else expected_on + dt.timedelta(days=offset)
    if occurred_on is not None and occurred_on < notified_on:
        return
    outcome = advance_notice_outcome(
        kind=kind,
        notified_on=notified_on,
        expected_on=expected_on,
        occurred_on=occurred_on,
        disregard=spells,
    )
    for deadline in (outcome.change, outcome.non_occurrence):
        if deadline is not None:
            assert deadline.due >= deadline.trigger
    # Exactly one of: the notice counted, or something is still owed.
    assert outcome.effective is (outcome.change is None and outcome.non_occurrence is None)


@given(stay_days=st.lists(st.dates(min_value=START, max_value=D(2022, 12, 31)), max_size=20))
def test_a_qualifying_period_ends_on_a_stay_day_with_seven_stay_days_in_the_year_before_it(
    stay_days: list[dt.date],
) -> None:
    ends_on = qualifying_period_ends_on(stay_days=stay_days)
    unique = sorted(set(stay_days))
    if ends_on is None:
        # No 12-month period (beginning with a stay day) holds 7 stay days.
        for first in unique:
            window_end = last_day_of_period(first, months=12)
            assert sum(first <= d <= window_end for d in unique) < 7
        return
    assert ends_on in unique
    assert any(
        first <= ends_on <= last_day_of_period(first, months=12)
        and sum(first <= d <= ends_on for d in unique) >= 7
        for first in unique
    )
    earlier = [d for d in unique if d < ends_on]
    for first in earlier:
        window_end = last_day_of_period(first, months=12)
        assert sum(first <= d <= window_end and d < ends_on for d in unique) < 7
