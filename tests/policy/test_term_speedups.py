"""The fast paths in ``Term`` and the s.82 row choice give exactly what the exact
(``Fraction``) comparisons give: a speed-up, no change of meaning."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.policy import soa2003
from vigil.policy.sentence import DAYS_PER_MONTH, MAX_TERM_YEARS, Term

terms = st.builds(
    Term,
    years=st.integers(0, 30),
    months=st.integers(0, 400),
    weeks=st.integers(0, 600),
    days=st.integers(0, 4000),
)


@given(terms, st.integers(0, 800))
def test_compare_months_is_the_comparison_of_lengths(term: Term, months: int) -> None:
    mine, theirs = term.in_days(), months * DAYS_PER_MONTH.value
    assert term.compare_months(months) == (mine > theirs) - (mine < theirs)


@given(terms)
def test_the_row_for_a_term_is_the_row_for_its_length(term: Term) -> None:
    assert soa2003._row_for_term(term) is soa2003._row_for_imprisonment(term.in_days())


def test_the_longest_plausible_term_is_still_checked_exactly() -> None:
    Term(years=MAX_TERM_YEARS)
    Term(days=int(MAX_TERM_YEARS * Fraction(36525, 100)))
    with pytest.raises(ValueError, match="not plausible"):
        Term(years=MAX_TERM_YEARS, days=1)
    with pytest.raises(ValueError, match="not plausible"):
        Term(days=int(MAX_TERM_YEARS * Fraction(36525, 100)) + 1)
