"""The calculator page's URL, included by ``vigil.risk.urls`` inside the "risk" namespace.

No ``app_name`` here: the name is ``risk:rm2000-calculator`` once included there.
"""

from __future__ import annotations

from django.urls import path

from vigil.risk import views_calculator

urlpatterns = [
    path("calculators/rm2000/", views_calculator.calculator, name="rm2000-calculator"),
]
