from __future__ import annotations

from django.urls import path

from vigil.reactive import views

app_name = "reactive"

_N = "nominals/<str:reference>/reactive/"

urlpatterns = [
    path("reactive/approvals/", views.approvals, name="approvals"),
    path(_N, views.record, name="record"),
    path(_N + "propose/", views.propose, name="propose"),
    path(_N + "<int:pk>/decide/", views.decide, name="decide"),
    path(_N + "<int:pk>/end/", views.end, name="end"),
    path(_N + "<int:pk>/review/", views.review, name="review"),
]
