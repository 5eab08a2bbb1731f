"""The standalone Risk Matrix 2000 calculator page (issue 5).

Score someone without opening or changing a record: for checking a score, for training,
or before a nominal's record exists. Answers are sent by GET, like a search, so the page
works without JavaScript and the browser's back button keeps them. Each use is audited
with the answers and the outcome; there is no name or reference to record.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vigil.accounts.access import require
from vigil.accounts.roles import Perm
from vigil.audit.actions import register
from vigil.audit.services import audit_log
from vigil.policy.rm2000 import FLAGS
from vigil.risk import calculator as calc
from vigil.risk.forms_calculator import Rm2000Form

USED = "calculator.rm2000.used"

# Registered here rather than in RiskConfig.ready so this page stands alone; registering
# the same code with the same sentence again is harmless.
register({USED: "used the Risk Matrix 2000 calculator"})


@require(Perm.USE_CALCULATORS)
def calculator(request: HttpRequest) -> HttpResponse:
    """Show the questions; once answered, score them (or say why not) and audit the use."""
    submitted = any(spec.name in request.GET for spec in FLAGS)
    form = Rm2000Form(request.GET if submitted else None)
    if submitted:
        form.is_valid()  # runs the rule once every question is answered
    if form.inp is not None:  # scored, or refused by the rule: a use to audit
        audit_log(
            actor=request.user,
            action=USED,
            detail=calc.audit_detail(form.inp, result=form.result, refusal=form.refusal),
        )
    result = form.result
    context = {
        "form": form,
        "result": result,
        "rows": calc.summary_rows(result) if result is not None else [],
    }
    return render(request, "risk/calculator.html", context)
