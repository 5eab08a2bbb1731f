"""``manage.py rm2000``: score Risk Matrix 2000 from the command line.

For checking a score by hand and for integrations, so the option names and the JSON keys
are stable (issue 5)::

    python manage.py rm2000 --age 30 --sexual-appearances 2 --criminal-appearances 6 \\
        --violent-appearances 1 --burglary --male-victim --stranger-victim --non-contact \\
        --single --json

The options are generated from ``rm2000.FLAGS``, so the questions are worded once for
this command and the calculator page. A person the tool does not apply to, impossible
answers, and bad or missing options all end with exit status 2 and a message saying why.
Nothing is stored and nothing is read from the database.
"""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)

from vigil.policy.rm2000 import FLAGS, FieldSpec, Rm2000InvalidInput, Rm2000NotApplicable
from vigil.risk import calculator

USAGE_ERROR = 2
"""Exit status for every refusal, as argparse uses for bad options (issue 5)."""

NEGATIVE_FLAGS: dict[str, tuple[str, str]] = {
    "convicted_of_sexual_offence": (
        "--not-convicted",
        "The person has not been convicted of a sexual offence (cautioned or alleged "
        "only). The tool does not apply; the command says so.",
    ),
    "sexual_offence_at_16_or_over": (
        "--all-offences-under-16",
        "Every one of the person's sexual offences was committed under 16. The tool does "
        "not apply; the command says so.",
    ),
}
"""How to answer "no" to an eligibility question the command otherwise assumes is "yes"."""

EXAMPLE = (
    "example:\n"
    "  manage.py rm2000 --age 30 --sexual-appearances 2 --criminal-appearances 6 \\\n"
    "      --violent-appearances 1 --burglary --male-victim --stranger-victim \\\n"
    "      --non-contact --single --json\n"
    "\n"
    "Appearances are sentencing occasions, not offences. Exit status 0 with the answer; "
    "2 with a\nmessage if an option is bad or missing, the answers are impossible, or the "
    "tool does not\napply to the person."
)


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order; descriptions keep their line breaks (``_wrap`` wraps prose)."""


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=78)


def _help(spec: FieldSpec, extra: str = "") -> str:
    """The option's help: the question and its hint from FLAGS, then ``extra`` (argparse
    format, e.g. "%(default)s")."""
    # argparse formats help with "%": a literal one in the wording must be doubled.
    worded = f"{spec.label} {spec.help}".replace("%", "%%")
    return f"{worded} {extra}" if extra else worded


class Command(BaseCommand):
    help = _wrap(
        "Score Risk Matrix 2000 (RM2000/S, RM2000/V and RM2000/C) for one person, as "
        "RULES.md section 5.5 sets it out. The tool is for men aged 18 or over convicted of "
        "a sexual offence; the command assumes the person is one unless told otherwise, "
        "and refuses, saying why, if the tool does not apply."
    )
    missing_args_message = (
        "give the person's answers, at least --age, --sexual-appearances, "
        "--criminal-appearances and --violent-appearances (see manage.py rm2000 --help)"
    )
    # A pure calculation: no database, so no need to wait for the system checks.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = _HelpFormatter
        parser.epilog = EXAMPLE
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_argument_group(
            "who the tool applies to",
            _wrap(
                "Assumed to be a man convicted of a sexual offence, at least one committed "
                "aged 16 or over, unless an option here says otherwise."
            ),
        )
        numbers = parser.add_argument_group("age and appearances (required)", "Whole numbers.")
        flags = parser.add_argument_group(
            "convictions and circumstances", "Give a flag for yes; leave it out for no."
        )
        for spec in FLAGS:
            if spec.kind == "choice":
                who.add_argument(
                    spec.flag,
                    dest=spec.name,
                    choices=spec.choices,
                    default=calculator.ELIGIBILITY_DEFAULTS[spec.name],
                    help=_help(spec, "Default: %(default)s."),
                )
            elif spec.name in calculator.ELIGIBILITY:
                negative, negative_help = NEGATIVE_FLAGS[spec.name]
                pair = who.add_mutually_exclusive_group()
                pair.add_argument(
                    spec.flag,
                    dest=spec.name,
                    action="store_true",
                    default=True,
                    help=_help(spec, f"Assumed yes; give {negative} for no."),
                )
                pair.add_argument(
                    negative, dest=spec.name, action="store_false", default=True, help=negative_help
                )
            elif spec.kind == "int":
                numbers.add_argument(
                    spec.flag,
                    dest=spec.name,
                    type=int,
                    required=True,
                    metavar="YEARS" if spec.name == "age_at_commencement_of_risk" else "N",
                    help=_help(spec),
                )
            else:
                flags.add_argument(spec.flag, dest=spec.name, action="store_true", help=_help(spec))
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print the answer as one line of JSON with the keys s, v, c, tool and version.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        inp = calculator.build_input(options)
        try:
            result = calculator.calculate(inp)
        except (Rm2000NotApplicable, Rm2000InvalidInput) as refusal:
            raise CommandError(
                calculator.refusal_message(refusal), returncode=USAGE_ERROR
            ) from None
        if options["json"]:
            self.stdout.write(calculator.answer_json(result))
        else:
            self.stdout.write("\n".join(calculator.readable_lines(result)))
