from __future__ import annotations

from django.urls import include, path

from vigil.risk import views

app_name = "risk"

_N = "nominals/<str:reference>/risk/"
_P = _N + "plans/<int:number>/"

urlpatterns = [
    path("approvals/", views.approvals, name="approvals"),
    path(_N, views.risk_record, name="record"),
    path(_N + "rm2000/", views.rm2000_score, name="rm2000"),
    path(_N + "scores/<int:pk>/", views.score_detail, name="score"),
    path(_N + "arms/", views.arms_new, name="arms"),
    path(_N + "arms/<int:pk>/", views.arms_detail, name="arms-detail"),
    path(_N + "level/", views.level_propose, name="level"),
    path(_N + "level/<int:pk>/decide/", views.level_decide, name="level-decide"),
    path(_N + "plans/", views.plan_versions, name="plans"),
    path(_N + "plans/new/", views.plan_new, name="plan-new"),
    path(_P, views.plan_detail, name="plan"),
    path(_P + "edit/", views.plan_edit, name="plan-edit"),
    path(_P + "objectives/add/", views.objective_edit, name="objective-add"),
    path(_P + "objectives/<int:pk>/", views.objective_edit, name="objective"),
    path(_P + "actions/add/", views.action_edit, name="action-add"),
    path(_P + "actions/<int:pk>/", views.action_edit, name="action"),
    path(_P + "submit/", views.plan_submit, name="plan-submit"),
    path(_P + "decide/", views.plan_decide, name="plan-decide"),
    path(_P + "pdf/", views.plan_pdf, name="plan-pdf"),
    path("", include("vigil.risk.urls_calculator")),
]
