"""``manage.py schedule3_check``: is a conviction, finding or caution notifiable (Schedule 3)?

The rules are ``vigil.policy.schedule3``; reading the options and wording the answer is
``vigil.registration.calculator``, shared with the calculator page. Exit status 0 with an
answer (notifiable or not), 2 when the options are missing, malformed or impossible.
"""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)
from django.utils import timezone

from vigil.policy import schedule3
from vigil.policy.schedule3 import Purpose, Secondary
from vigil.policy.sentence import Custody, Disposal
from vigil.registration import calculator as calc

DESCRIPTION = """\
Decide whether an offence makes the offender subject to the notification requirements of
the Sexual Offences Act 2003 Part 2 (s.80 and Schedule 3), and say why, citing the paragraph.

Examples:
  manage.py schedule3_check --offence SOA2003-s3 --offender-age 25 --victim-age 15 \\
      --disposal fine --json
  {"notifiable": true, "paragraph": "para 18(b)(i)", "reason": "...", ...}

  manage.py schedule3_check --offence SOA2003-s7 --offender-age 17 --victim-age 12 \\
      --disposal imprisonment --custody dto --term 24m
  manage.py schedule3_check --list-offences "sexual assault"
"""

EPILOG = """\
Offence codes: SOA2003-s<section> (e.g. SOA2003-s66A, SOA2003-s66B(3)), SOA1956-s<n>,
PCA1978-s1, CJA1988-s160, CJA2009-s62, SCA2015-s69, ICA1960-s1 and others; use
--list-offences to see them all. An offence the schedule does not list is "not notifiable"
(exit status 0), with the reason. An unknown code is refused with the closest known codes.

Output: without --json, a readable answer citing the law. With --json, one line of JSON:
"notifiable" (true/false), "paragraph" (the limb met, e.g. "para 18(b)(i)", or null),
"reason", and also "offence", "title", "citation", "listed_in", "via",
"sentencing_condition_only" (s.132: the period runs from the sentence), "relevant_date"
and "notes".

Exit status: 0 with an answer; 2 when an option is missing, malformed or impossible (a
negative term, an age under 10, a date in the future) or when the answer depends on a fact
not given (the message names the option to add).
"""


class _Formatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, with the description and epilog kept as written."""


_NEGATIVE = re.compile(r"-\d")


class _Parser(CommandParser):
    """Reads ``--term -3m`` as a (refused) negative term, not as a missing value.

    argparse takes any argument starting with "-" for an option unless it is a plain
    negative number, so ``--term -3m`` would fail with "expected one argument". Attaching
    the value (``--term=-3m``) lets the calculator refuse it with its reason.
    """

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        if args is not None:
            args = list(args)
            joined: list[str] = []
            i = 0
            while i < len(args):
                arg = str(args[i])
                nxt = str(args[i + 1]) if i + 1 < len(args) else ""
                if arg.startswith("--") and "=" not in arg and _NEGATIVE.match(nxt):
                    joined.append(f"{arg}={nxt}")
                    i += 2
                else:
                    joined.append(arg)
                    i += 1
            args = joined
        return super().parse_args(args, namespace)


def tool_parser(parser: CommandParser, epilog: str) -> CommandParser:
    """Both tools' parser: help laid out as written, negative values read as values."""
    parser.__class__ = _Parser
    parser.formatter_class = _Formatter
    parser.epilog = epilog
    return parser


def add_sentence_arguments(parser: CommandParser, *, several_terms: bool) -> None:
    """The sentence options both tools share."""
    parser.add_argument(
        "--disposal",
        metavar="DISPOSAL",
        help="how the offender was dealt with: " + ", ".join(d.value for d in Disposal),
    )
    parser.add_argument(
        "--term",
        metavar="DURATION",
        action="append",
        help=(
            "the custodial term (imprisonment) or the length of the community order, "
            f"{calc.TERM_EXAMPLES}; for a suspended sentence, the custodial term, not the "
            "operational period; for a DTO, the whole order"
            + (
                ". Repeat it for several Schedule 3 offences dealt with together"
                if several_terms
                else ""
            )
        ),
    )
    parser.add_argument(
        "--suspended",
        action="store_true",
        help="the sentence of imprisonment was suspended (it counts as imprisonment of its "
        "term: Sentencing Code s.289)",
    )
    parser.add_argument(
        "--custody",
        metavar="KIND",
        help="for imprisonment, the kind of custody: "
        + ", ".join(c.value for c in Custody)
        + " (default imprisonment; for a DTO only the detention half counts, s.131(a))",
    )
    parser.add_argument(
        "--discharge",
        metavar="DURATION",
        help="the length of a conditional discharge, e.g. 12m or 2y",
    )


def sentence_facts(
    options: dict[str, Any], problems: list[calc.Problem], *, several_terms: bool
) -> calc.SentenceFacts:
    """Read the shared sentence options; problems are collected, not raised."""

    def attempt(make: Any) -> Any:
        try:
            return make()
        except calc.InputError as exc:
            problems.extend(exc.problems)
            return None

    disposal = None
    if options.get("disposal"):
        disposal = attempt(
            lambda: calc.parse_choice(options["disposal"], Disposal, field="disposal")
        )
    custody = Custody.IMPRISONMENT
    if options.get("custody"):
        custody = (
            attempt(lambda: calc.parse_choice(options["custody"], Custody, field="custody"))
            or Custody.IMPRISONMENT
        )
    raw_terms: list[str] = options.get("term") or []
    if len(raw_terms) > 1 and not several_terms:
        problems.append(
            calc.Problem(
                "term",
                "give one {term}: this tool decides one offence (use notification_period to "
                "combine the terms for several offences)",
            )
        )
    terms = [attempt(lambda t=t: calc.parse_duration(t, field="term")) for t in raw_terms]
    discharge = None
    if options.get("discharge"):
        discharge = attempt(lambda: calc.parse_duration(options["discharge"], field="discharge"))
    overlap = None
    if options.get("overlap"):
        overlap = attempt(lambda: calc.parse_duration(options["overlap"], field="overlap"))
    return calc.SentenceFacts(
        disposal=disposal,
        terms=tuple(t for t in terms if t is not None),
        suspended=bool(options.get("suspended")),
        custody=custody,
        discharge=discharge,
        consecutive=bool(options.get("consecutive")),
        overlap=overlap,
    )


def merge(read: list[calc.Problem], found: list[calc.Problem]) -> list[calc.Problem]:
    """Problems reading the options, then the rules' problems with inputs that were read.

    An option that could not be read is missing to the rules; saying so again would confuse.
    """
    unreadable = {p.field for p in read}
    return read + [p for p in found if p.field not in unreadable]


def refuse(problems: list[calc.Problem]) -> CommandError:
    """The error that ends the command with exit status 2 and says what to give."""
    return CommandError(calc.cli_message(calc.InputError(problems)), returncode=2)


class Command(BaseCommand):
    help = DESCRIPTION
    requires_system_checks: list[str] = []  # pure arithmetic: no database, no checks

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return tool_parser(super().create_parser(prog_name, subcommand, **kwargs), EPILOG)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--offence",
            metavar="CODE",
            help="the offence code, e.g. SOA2003-s3, SOA2003-s66B(3), SOA1956-s14, PCA1978-s1",
        )
        parser.add_argument(
            "--offender-age",
            metavar="YEARS",
            help="the offender's age at the time of the offence, in whole years (para 95(b))",
        )
        parser.add_argument(
            "--victim-age",
            metavar="YEARS",
            help="the victim's (or, for older offences, other party's) age at the time of the "
            "offence; asked for when the answer depends on it",
        )
        add_sentence_arguments(parser, several_terms=False)
        parser.add_argument(
            "--conviction-date",
            metavar="YYYY-MM-DD",
            help="the date of the conviction, finding or caution; needed for image offences "
            "before 1 May 2004 (paras 13-15) and for paragraphs added later (s.130(2))",
        )
        parser.add_argument(
            "--offence-date",
            metavar="YYYY-MM-DD",
            help="the date of the offence; settles s.130(2) when the conviction date is not given",
        )
        parser.add_argument(
            "--secondary",
            metavar="KIND",
            help="secondary or inchoate liability (paras 94, 94A): "
            + ", ".join(s.value for s in Secondary),
        )
        parser.add_argument(
            "--purpose",
            metavar="PURPOSE",
            help="for voyeurism s.67A (para 34A): " + ", ".join(p.value for p in Purpose),
        )
        parser.add_argument(
            "--image-subject-age",
            metavar="YEARS",
            help="for image offences (paras 13-15): the age of the youngest person shown, when "
            "the photograph was taken (para 95(a))",
        )
        parser.add_argument(
            "--intended-victim-age",
            metavar="YEARS",
            help="for ss.62-63 (para 31): the age of the intended offence's victim",
        )
        parser.add_argument(
            "--list-offences",
            metavar="WORDS",
            nargs="?",
            const="",
            help="list the known offence codes (those matching WORDS, if given) and stop",
        )
        parser.add_argument("--json", action="store_true", help="print the answer as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list_offences"] is not None:
            self._list(options["list_offences"], as_json=options["json"])
            return
        problems: list[calc.Problem] = []
        facts = self._facts(options, problems)
        try:
            answer = calc.check_offence(facts, today=timezone.localdate())
        except calc.InputError as exc:
            raise refuse(merge(problems, exc.problems)) from None
        if problems:
            raise refuse(problems)
        if options["json"]:
            self.stdout.write(json.dumps(answer.as_json()))
        else:
            self.stdout.write(answer.text())

    def _facts(self, options: dict[str, Any], problems: list[calc.Problem]) -> calc.OffenceFacts:
        def attempt(make: Any) -> Any:
            try:
                return make()
            except calc.InputError as exc:
                problems.extend(exc.problems)
                return None

        def age(name: str) -> int | None:
            text = options.get(name)
            if text is None:
                return None
            return attempt(lambda: calc.parse_whole_years(text, field=name))

        def day(name: str) -> Any:
            text = options.get(name)
            return None if text is None else attempt(lambda: calc.parse_iso_date(text, field=name))

        def choice(name: str, kind: Any) -> Any:
            text = options.get(name)
            return (
                None if text is None else attempt(lambda: calc.parse_choice(text, kind, field=name))
            )

        return calc.OffenceFacts(
            offence=options.get("offence") or "",
            offender_age=age("offender_age"),
            victim_age=age("victim_age"),
            sentence=sentence_facts(options, problems, several_terms=False),
            conviction_date=day("conviction_date"),
            offence_date=day("offence_date"),
            secondary=choice("secondary", Secondary),
            purpose=choice("purpose", Purpose),
            image_subject_age=age("image_subject_age"),
            intended_victim_age=age("intended_victim_age"),
        )

    def _list(self, words: str, *, as_json: bool) -> None:
        found = schedule3.search_offences(words, limit=1000) if words else schedule3.all_offences()
        if as_json:
            self.stdout.write(
                json.dumps(
                    [{"code": o.code, "title": o.title, "paragraph": o.paragraph} for o in found]
                )
            )
            return
        if not found:
            self.stdout.write(f"No known offence matches {words!r}.")
            return
        width = max(len(o.code) for o in found)
        for o in found:
            where = f"Sch 3 para {o.paragraph}" if o.paragraph else "not in Schedule 3"
            self.stdout.write(f"{o.code:<{width}}  {o.title} ({where})")
