"""The notification calculator's URL, for ``vigil.registration.urls`` to include.

No ``app_name`` here: included inside the "registration" namespace, the name is
``registration:calculator``.
"""

from __future__ import annotations

from django.urls import path

from vigil.registration import views_calculator

urlpatterns = [
    path("calculators/notification/", views_calculator.calculator, name="calculator"),
]
