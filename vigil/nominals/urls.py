from django.urls import include, path

from vigil.nominals import views

app_name = "nominals"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("unit/", views.unit_list, name="unit"),
    path("nominals/new/", views.nominal_create, name="create"),
    path("", include("vigil.nominals.urls_search")),
    path("", include("vigil.nominals.urls_photos")),
    path("nominals/<str:reference>/", views.nominal_detail, name="detail"),
    path("nominals/<str:reference>/history/", views.nominal_history, name="history"),
    path("nominals/<str:reference>/<slug:slug>/", views.section_edit, name="section"),
    path("nominals/<str:reference>/<slug:slug>/<int:pk>/", views.section_edit, name="section-row"),
]
