"""Adding a photograph, and the only way to see one.

Photographs are files under MEDIA_ROOT, which no URL maps to. These views are the only
route to their bytes, and each one loads the nominal through ``access_nominal`` (the same
404 for missing and not-yours) and then the photo *through that nominal*, so knowing a
photo's number gets nobody a photograph from a record they cannot see.

Auditing: every request for a full-size image writes ``nominal.photo.viewed``. Every
thumbnail request writes the same code too, marked ``"thumbnail": true`` in the detail.
The thumbnails are fetched by the overview page, which is itself audited, so these events
mostly repeat what is already known; they are kept anyway because a thumbnail is still a
picture of the person's face and its URL can be fetched on its own, without the page.
They are lighter only in meaning: the detail marks them, so a reader of the trail (or the
history page, folding them under the overview visit) can tell a glance at the overview
from deliberately opening the full photograph. Rate-limiting or de-duplicating them was
rejected: it would need state per session and leave gaps in the record.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout
from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from vigil.accounts.access import require
from vigil.accounts.roles import Perm
from vigil.audit.services import audit_log
from vigil.forms import DateInput
from vigil.nominals import photos
from vigil.nominals.access import access_nominal
from vigil.nominals.models import Nominal, Photo

logger = logging.getLogger(__name__)


class PhotoForm(forms.Form):
    """The upload form. Checking the picture *is* processing it, so ``clean_image`` does
    that once and hands the view a ``ProcessedPhoto``; every problem with the file, the
    date and the description is then shown together."""

    image = forms.FileField(
        label="Which photograph do you want to add?",
        help_text="A JPEG (.jpg) or PNG (.png) file smaller than 10 MB.",
        error_messages={
            "required": "Choose a photograph to upload",
            "empty": "The file is empty. Choose a photograph saved as .jpg or .png.",
            "invalid": "Choose a photograph to upload",
        },
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    taken_on = forms.DateField(
        label="When was the photograph taken?",
        help_text="For example, 2024-03-27. If you do not know the exact day, give your best "
        "estimate and say so in the description.",
        error_messages={
            "required": "Enter the date the photograph was taken",
            "invalid": "Enter the date as year-month-day, for example 2024-03-27",
        },
        widget=DateInput(),
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="For example, custody photograph, or taken at a home visit.",
        required=False,
        max_length=Photo._meta.get_field("description").max_length,
        error_messages={"max_length": "Description must be 200 characters or fewer"},
    )

    def __init__(
        self, *args: Any, nominal: Nominal, today: dt.date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.nominal = nominal
        self.today = today or timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's own <form> carries the enctype and token
        self.helper.layout = Layout(
            Field("image"),
            Field.text("taken_on", field_width=Fixed.TEN),
            Field.text("description", field_width=Fluid.TWO_THIRDS),
            Button.primary("submit", "Add photograph"),
        )

    def clean_image(self) -> photos.ProcessedPhoto:
        try:
            return photos.process_upload(self.cleaned_data["image"])
        except photos.PhotoError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_taken_on(self) -> dt.date:
        taken_on: dt.date = self.cleaned_data["taken_on"]
        if taken_on > self.today:
            raise forms.ValidationError(
                "The date the photograph was taken is in the future. Check the date."
            )
        if taken_on < self.nominal.date_of_birth:
            dob = self.nominal.date_of_birth
            born = f"{dob.day} {dob:%B %Y}"
            raise forms.ValidationError(
                f"The date is before they were born ({born}). Check the year."
            )
        return taken_on


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def photo_add(request: HttpRequest, reference: str) -> HttpResponse:
    nominal = access_nominal(request.user, reference)
    # Not ``request.POST or None``: a post holding only a file has an empty POST.
    posted = request.method == "POST"
    form = PhotoForm(
        request.POST if posted else None, request.FILES if posted else None, nominal=nominal
    )
    if posted and form.is_valid():
        try:
            photos.photo_add(
                actor=request.user,
                nominal=nominal,
                uploaded_file=form.cleaned_data["image"],
                taken_on=form.cleaned_data["taken_on"],
                description=form.cleaned_data["description"],
            )
        except photos.PhotoError as exc:
            form.add_error("image", str(exc))
        else:
            messages.success(request, "Photograph added.")
            return redirect(reverse("nominals:detail", args=[nominal.reference]) + "#photos")
    if not posted:
        # The page shows whose record it is: opening it is a view of the record.
        audit_log(
            actor=request.user,
            action="nominal.section.viewed",
            subject_type="nominal",
            subject_ref=nominal.reference,
            detail={"section": "photos"},
        )
    return render(request, "nominals/photo_form.html", {"form": form, "nominal": nominal})


def _serve(request: HttpRequest, reference: str, pk: int, *, thumbnail: bool) -> FileResponse:
    nominal = access_nominal(request.user, reference)
    photo = get_object_or_404(Photo, pk=pk, nominal=nominal)
    stored = photo.thumbnail if thumbnail else photo.image
    try:
        if not stored.name:
            raise FileNotFoundError
        handle = stored.storage.open(stored.name, "rb")
    except FileNotFoundError:
        # The row without its file means something was lost: say so loudly in the log.
        logger.error("photo %s of %s: file %s is missing", photo.pk, nominal.reference, stored.name)
        raise Http404("No such photograph") from None
    audit_log(
        actor=request.user,
        action="nominal.photo.viewed",
        subject_type="nominal",
        subject_ref=nominal.reference,
        detail={"photo": photo.pk, "thumbnail": True} if thumbnail else {"photo": photo.pk},
    )
    response = FileResponse(handle, content_type="image/jpeg")
    # Always our own re-encoded JPEG, shown in the page, never kept by a browser or proxy.
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require(Perm.VIEW_NOMINALS)
@require_safe
def photo_image(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    return _serve(request, reference, pk, thumbnail=False)


@require(Perm.VIEW_NOMINALS)
@require_safe
def photo_thumbnail(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    return _serve(request, reference, pk, thumbnail=True)
