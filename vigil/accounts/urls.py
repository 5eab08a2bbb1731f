from django.urls import path

from vigil.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<str:username>/", views.user_edit, name="user-edit"),
    path("users/<str:username>/disable/", views.user_disable, name="user-disable"),
    path("users/<str:username>/enable/", views.user_enable, name="user-enable"),
    path(
        "users/<str:username>/reset-two-factor/",
        views.user_reset_two_factor,
        name="user-reset-two-factor",
    ),
    path("forces/", views.force_list, name="force-list"),
    path("forces/new/", views.force_create, name="force-create"),
    path("forces/units/new/", views.unit_create, name="unit-create"),
]
