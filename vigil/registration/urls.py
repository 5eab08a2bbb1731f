from django.urls import URLPattern, URLResolver, include, path

from vigil.registration import views

app_name = "registration"

N = "nominals/<str:reference>"

urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{N}/notification-requirements/", views.requirements, name="requirements"),
    path(f"{N}/convictions/new/", views.conviction_edit, name="conviction-add"),
    path(f"{N}/convictions/<int:pk>/", views.conviction_edit, name="conviction-edit"),
    path(f"{N}/convictions/<int:pk>/offences/new/", views.offence_edit, name="offence-add"),
    path(
        f"{N}/convictions/<int:pk>/offences/<int:offence>/",
        views.offence_edit,
        name="offence-edit",
    ),
    path(f"{N}/period-override/", views.override_add, name="override-add"),
    path(f"{N}/notifications/new/", views.notification_start, name="notification-start"),
    path(
        f"{N}/notifications/new/<str:kind>/",
        views.notification_record,
        name="notification-record",
    ),
    path(f"{N}/notifications/<int:pk>/", views.notification_detail, name="notification-detail"),
    path(
        f"{N}/notifications/<int:pk>/acknowledgement.pdf",
        views.acknowledgement,
        name="acknowledgement",
    ),
    path(f"{N}/breaches/new/", views.breach_add, name="breach-add"),
    path(f"{N}/breaches/<int:pk>/", views.breach_detail, name="breach-detail"),
    path(f"{N}/period-end/", views.period_end, name="period-end"),
    path(f"{N}/reviews/new/", views.review_add, name="review-add"),
    path(f"{N}/reviews/<int:pk>/", views.review_detail, name="review-detail"),
    path(
        f"{N}/reviews/<int:pk>/information/",
        views.review_information,
        name="review-information",
    ),
    path(
        f"{N}/reviews/<int:pk>/determination/",
        views.review_determination,
        name="review-determination",
    ),
    path(f"{N}/reviews/<int:pk>/appeal/", views.review_appeal, name="review-appeal"),
    # The notification calculator (registration:calculator), built alongside.
    path("", include("vigil.registration.urls_calculator")),
]
