"""``manage.py notification_period``: how long the notification requirements last (s.82).

The rules are ``vigil.policy.soa2003`` and ``vigil.policy.deadlines`` (the s.91B review date);
reading the options and wording the answer is ``vigil.registration.calculator``, shared with
the calculator page. Exit status 0 with an answer, 2 when the options are missing, malformed
or impossible.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from vigil.registration import calculator as calc
from vigil.registration.management.commands.schedule3_check import (
    add_sentence_arguments,
    merge,
    refuse,
    sentence_facts,
    tool_parser,
)

DESCRIPTION = """\
Work out the notification period under the Sexual Offences Act 2003 s.82: whether it is
indefinite, its length, its first day (the relevant date, which it begins with) and its last
day, each with the reason; and for an indefinite period the date an application for review may
first be made (s.91B).

Examples:
  manage.py notification_period --relevant-date 2024-03-01 --age 17 \\
      --disposal imprisonment --term 24m --json
  {"indefinite": false, "months": 60, "first_day": "2024-03-01", "last_day": "2029-02-28", ...}

  manage.py notification_period --relevant-date 2023-06-12 --age 34 \\
      --disposal imprisonment --term 18m --term 18m --consecutive
  manage.py notification_period --relevant-date 2023-06-12 --age 34 \\
      --disposal imprisonment --term 2y --term 1y --overlap 6m
  manage.py notification_period --relevant-date 2024-01-15 --age 40 \\
      --disposal conditional_discharge --discharge 18m
"""

EPILOG = """\
The relevant date is the date of the conviction, finding or caution (s.82(6)); where the
offence is notifiable only because of the sentence, it is the date of sentence (s.132(3)).
schedule3_check says which applies. Give the terms of Schedule 3 offences only (s.82(3)).
Without --consecutive or --overlap, several terms are taken as wholly concurrent: each gives
its own period and the longest applies.

Output: without --json, a readable answer citing the law. With --json, one line of JSON:
"indefinite" (true/false), "months" (the fixed period in months, or null), "first_day" and
"last_day" (ISO dates; last_day null if indefinite), and also "length" (e.g. "5y", "1y6m"),
"halved" (s.82(2)), "row" (the s.82(1) row), "reason", and for an indefinite period
"review_qualifying_date", "review_date_exact" and "review_reason".

Exit status: 0 with an answer; 2 when an option is missing, malformed or impossible (a
negative term, an age under 10, a relevant date in the future); the message says what to give.
"""


class Command(BaseCommand):
    help = DESCRIPTION
    requires_system_checks: list[str] = []  # pure arithmetic: no database, no checks

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return tool_parser(super().create_parser(prog_name, subcommand, **kwargs), EPILOG)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--relevant-date",
            metavar="YYYY-MM-DD",
            help="the date of the conviction, finding or caution (s.82(6)), or of sentence "
            "where s.132 applies; not in the future",
        )
        parser.add_argument(
            "--age",
            metavar="YEARS",
            help="the offender's age on the relevant date, in whole years (under 18 halves "
            "the fixed periods, s.82(2))",
        )
        add_sentence_arguments(parser, several_terms=True)
        parser.add_argument(
            "--consecutive",
            action="store_true",
            help="the terms were consecutive: they count as one term of their total "
            "(s.82(3), (4)(a))",
        )
        parser.add_argument(
            "--overlap",
            metavar="DURATION",
            help="the terms were partly concurrent, overlapping by DURATION: they count as "
            "one term of their total less the overlap (s.82(4)(b))",
        )
        parser.add_argument(
            "--relevant-notification",
            metavar="YYYY-MM-DD",
            help="for an indefinite period, the date of the first notification after release "
            "(the s.91B(2) 'relevant notification'); without it the review date shown is the "
            "earliest possible",
        )
        parser.add_argument("--json", action="store_true", help="print the answer as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[calc.Problem] = []
        facts = self._facts(options, problems)
        try:
            answer = calc.work_out_period(facts, today=timezone.localdate())
        except calc.InputError as exc:
            raise refuse(merge(problems, exc.problems)) from None
        if problems:
            raise refuse(problems)
        if options["json"]:
            self.stdout.write(json.dumps(answer.as_json()))
        else:
            self.stdout.write(answer.text())

    def _facts(self, options: dict[str, Any], problems: list[calc.Problem]) -> calc.PeriodFacts:
        def attempt(make: Any) -> Any:
            try:
                return make()
            except calc.InputError as exc:
                problems.extend(exc.problems)
                return None

        def day(name: str) -> Any:
            text = options.get(name)
            if text is None:
                return None
            return attempt(lambda: calc.parse_iso_date(text, field=name))

        age = None
        if options.get("age") is not None:
            age = attempt(lambda: calc.parse_whole_years(options["age"], field="age"))
        sentence = sentence_facts(options, problems, several_terms=True)
        return calc.PeriodFacts(
            relevant_date=day("relevant_date"),
            age=age,
            sentence=sentence,
            relevant_notification=day("relevant_notification"),
        )
