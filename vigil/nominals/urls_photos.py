"""Photograph routes; included by ``vigil/nominals/urls.py`` into the "nominals" namespace."""

from __future__ import annotations

from django.urls import path

from vigil.nominals import views_photos

urlpatterns = [
    path("nominals/<str:reference>/photos/add/", views_photos.photo_add, name="photo-add"),
    path("nominals/<str:reference>/photos/<int:pk>/", views_photos.photo_image, name="photo-image"),
    path(
        "nominals/<str:reference>/photos/<int:pk>/thumbnail/",
        views_photos.photo_thumbnail,
        name="photo-thumbnail",
    ),
]
