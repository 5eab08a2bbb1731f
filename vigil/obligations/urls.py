from django.urls import path

from vigil.obligations import views

app_name = "obligations"

urlpatterns = [
    path("visit-and-review-policy/", views.cadence_policy, name="cadence-policy"),
    path("visit-and-review-policy/new/", views.cadence_policy_new, name="cadence-policy-new"),
]
