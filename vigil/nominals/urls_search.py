"""The search route; included by ``vigil/nominals/urls.py`` into the "nominals" namespace.

Included before ``nominals/<reference>/``, or "search" would be read as a reference.
"""

from __future__ import annotations

from django.urls import path

from vigil.nominals import views_search

urlpatterns = [
    path("nominals/search/", views_search.search, name="search"),
]
