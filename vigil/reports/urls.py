from django.urls import path

from vigil.reports import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/overdue/<slug:what>/", views.overdue_list, name="dashboard-overdue"),
    path("dashboard/approvals/", views.approvals_list, name="dashboard-approvals"),
    path("dashboard/caseload/", views.caseload_list, name="dashboard-caseload"),
    path("reports/late-visits/", views.late_visits, name="late-visits"),
    path("reports/late-visits.xlsx", views.late_visits_xlsx, name="late-visits-xlsx"),
]
