from django.urls import include, path

from vigil import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("calculators/", views.calculators, name="calculators"),
    path("", include("vigil.accounts.urls")),
    path("audit/", include("vigil.audit.urls")),
    path("", include("vigil.registration.urls")),
    path("", include("vigil.risk.urls")),
    path("", include("vigil.visits.urls")),
    path("", include("vigil.reactive.urls")),
    path("", include("vigil.reports.urls")),
    path("", include("vigil.obligations.urls")),
    path("", include("vigil.nominals.urls")),
]

handler400 = "vigil.views.bad_request"
handler403 = "vigil.views.permission_denied"
handler404 = "vigil.views.page_not_found"
handler500 = "vigil.views.server_error"
