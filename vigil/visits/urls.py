from django.urls import path, re_path

from vigil.visits import views

app_name = "visits"

urlpatterns = [
    path("diary/", views.diary, name="diary"),
    path("diary/plan/", views.diary_plan, name="diary-plan"),
    path("diary/feed/", views.feed_settings, name="feed"),
    # The calendar feed: no sign-in, the token is the credential (views.feed).
    re_path(r"^diary/feed/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$", views.feed, name="feed-ics"),
    path("nominals/<str:reference>/visits/", views.visit_list, name="list"),
    path("nominals/<str:reference>/visits/plan/", views.plan, name="plan"),
    path("nominals/<str:reference>/visits/record/", views.record, name="record"),
    path("nominals/<str:reference>/visits/<int:pk>/", views.visit_detail, name="detail"),
    path("nominals/<str:reference>/visits/<int:pk>/record/", views.record, name="record-planned"),
    path("nominals/<str:reference>/visits/<int:pk>/move/", views.move, name="move"),
    path("nominals/<str:reference>/visits/<int:pk>/cancel/", views.cancel, name="cancel"),
    path(
        "nominals/<str:reference>/visits/<int:pk>/referral/",
        views.referral_add,
        name="referral-add",
    ),
]
