"""Photographs: bad files refused with a reason, metadata stripped, served only to those
who may see the record, and every upload and viewing audited."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from pathlib import Path

import pytest
from django.contrib.auth.context_processors import PermWrapper
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image, ImageCms

from vigil.audit.models import AuditEvent
from vigil.nominals import photos
from vigil.nominals.models import Category, Gender, Nominal, Photo
from vigil.nominals.photos import PhotoError, process_upload

RED, BLUE = (220, 20, 20), (20, 20, 220)


# Pictures, made in memory ---------------------------------------------------------------


def _two_tone(size: tuple[int, int]) -> Image.Image:
    """Left half red, right half blue: shows which way up a picture ended up."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    return image


def jpeg_from_a_phone() -> bytes:
    """A 400x200 JPEG stored sideways (EXIF orientation 6), carrying GPS, the camera's
    make and serial number, an ICC profile, a comment and bytes hidden after the image."""
    image = _two_tone((400, 200))
    exif = image.getexif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Artist] = "Secret Owner"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-SECRET-42"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.5),
            ExifTags.GPS.GPSLongitudeRef: "W",
            ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
        }
    )
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, icc_profile=icc, comment=b"secret comment")
    return buffer.getvalue() + b"TRAILING-SECRET"


def png_with_transparency() -> bytes:
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))  # transparent black
    image.paste((20, 20, 220, 255), (150, 0, 300, 100))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def noisy_jpeg(size: tuple[int, int] = (300, 300)) -> bytes:
    """A JPEG with real entropy-coded data, so cutting it short really damages it."""
    return _encoded(Image.effect_noise(size, 64).convert("RGB"), "JPEG", quality=95)


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels, with almost no data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _close_to(pixel: float | tuple[int, ...] | None, colour: tuple[int, int, int]) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=False))


# Fixtures ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def nominal(unit, manager) -> Nominal:
    return Nominal.objects.create(
        category=Category.RSO,
        force=unit.force,
        unit=unit,
        offender_manager=manager,
        registered_on=dt.date(2020, 1, 1),
        forename="Alan",
        surname="Testperson",
        date_of_birth=dt.date(1980, 5, 17),
        gender=Gender.MALE,
    )


@pytest.fixture
def photo(nominal, manager) -> Photo:
    return photos.photo_add(
        actor=manager,
        nominal=nominal,
        uploaded_file=upload(jpeg_from_a_phone()),
        taken_on=dt.date(2024, 3, 27),
        description="Custody photograph",
    )


def _stored_files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


# Processing: what is refused ------------------------------------------------------------


def test_a_gif_is_refused_as_not_a_jpeg_or_png() -> None:
    gif = _encoded(_two_tone((50, 50)), "GIF")
    with pytest.raises(PhotoError) as refused:
        process_upload(upload(gif, "photo.jpg", "image/jpeg"))
    assert str(refused.value) == photos.NOT_A_PICTURE


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "WEBP"])
def test_other_picture_formats_are_refused_whatever_the_file_is_called(fmt: str) -> None:
    data = _encoded(_two_tone((50, 50)), fmt)
    with pytest.raises(PhotoError, match="not a JPEG or PNG"):
        process_upload(upload(data, "photo.png", "image/png"))


def test_a_text_file_renamed_jpg_is_refused() -> None:
    with pytest.raises(PhotoError) as refused:
        process_upload(upload(b"Dear sir, this is not a photograph.\n" * 20, "photo.jpg"))
    assert str(refused.value) == photos.NOT_A_PICTURE


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(PhotoError, match="not a JPEG or PNG"):
        process_upload(io.BytesIO(b""))


def test_a_truncated_jpeg_is_refused_as_damaged() -> None:
    data = noisy_jpeg()
    with pytest.raises(PhotoError) as refused:
        process_upload(upload(data[: len(data) // 2]))
    assert str(refused.value) == photos.UNREADABLE


def test_a_png_with_a_broken_checksum_is_refused_as_damaged() -> None:
    data = bytearray(png_with_transparency())
    data[-20] ^= 0xFF  # inside the image data, before the IEND chunk
    with pytest.raises(PhotoError, match="could not be read"):
        process_upload(upload(bytes(data), "photo.png", "image/png"))


def test_a_file_over_10_mb_is_refused_without_being_decoded() -> None:
    too_big = upload(b"\0" * (photos.MAX_BYTES + 1))
    with pytest.raises(PhotoError) as refused:
        process_upload(too_big)
    # Rounded up: one byte over the limit must not read as "10.0 MB".
    assert str(refused.value) == "The file is 10.1 MB. Choose a photograph smaller than 10 MB."


def test_the_size_message_gives_the_files_size() -> None:
    with pytest.raises(PhotoError) as refused:
        process_upload(upload(b"\0" * 13_000_000))
    assert str(refused.value) == "The file is 12.4 MB. Choose a photograph smaller than 10 MB."


def test_a_file_whose_size_is_not_known_is_still_limited() -> None:
    with pytest.raises(PhotoError) as refused:
        process_upload(io.BytesIO(b"\0" * (photos.MAX_BYTES + 1)))
    assert str(refused.value) == (
        "The file is larger than 10 MB. Choose a photograph smaller than 10 MB."
    )


def test_a_png_claiming_enormous_dimensions_is_refused_before_decoding() -> None:
    """100,000 x 100,000 pixels would need 30 GB of memory; Pillow refuses it as a bomb."""
    with pytest.raises(PhotoError, match="too large to process"):
        process_upload(upload(png_claiming(100_000, 100_000), "bomb.png", "image/png"))


def test_a_picture_over_our_own_pixel_limit_is_refused_from_its_header(monkeypatch) -> None:
    monkeypatch.setattr(photos, "MAX_PIXELS", 8_000_000)
    # 4,000 x 3,000 is under Pillow's own limit but over ours.
    with pytest.raises(PhotoError) as refused:
        process_upload(upload(png_claiming(4_000, 3_000), "big.png", "image/png"))
    assert str(refused.value) == (
        "The picture is 4,000 by 3,000 pixels, which is too large to process. "
        "Choose a photograph of at most 8 megapixels."
    )


def test_pillows_decompression_bomb_warning_is_treated_as_a_refusal(monkeypatch) -> None:
    """Between Pillow's warning and error thresholds it only warns; we refuse."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
    data = _encoded(_two_tone((50, 30)), "PNG")  # 1,500 pixels: warning, not error
    with pytest.warns(Image.DecompressionBombWarning), pytest.raises(PhotoError):
        process_upload(upload(data, "photo.png", "image/png"))


def test_pillows_decompression_bomb_error_is_a_refusal_not_a_crash(monkeypatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
    data = _encoded(_two_tone((100, 100)), "PNG")  # 10,000 pixels: over twice the limit
    with pytest.raises(PhotoError, match="too large to process"):
        process_upload(upload(data, "photo.png", "image/png"))


# Processing: what is kept ----------------------------------------------------------------


def test_a_phone_jpeg_is_turned_upright_and_every_piece_of_metadata_is_removed() -> None:
    original = jpeg_from_a_phone()
    assert b"Exif" in original and b"SN-SECRET-42" in original  # the test input is real

    processed = process_upload(upload(original))

    image = _reopen(processed.jpeg)
    assert image.format == "JPEG" and image.mode == "RGB"
    assert (processed.width, processed.height) == image.size == (200, 400)
    # Orientation 6 means "rotate 90° clockwise to view": the left (red) half is now on top.
    assert _close_to(image.getpixel((100, 50)), RED)
    assert _close_to(image.getpixel((100, 350)), BLUE)
    assert len(image.getexif()) == 0
    assert not {"exif", "icc_profile", "comment", "xmp"} & set(image.info)
    for secret in (
        b"Exif",
        b"GPS",
        b"PhoneCo",
        b"Secret Owner",
        b"SN-SECRET-42",
        b"secret comment",
        b"TRAILING-SECRET",
        b"ICC_PROFILE",
    ):
        assert secret not in processed.jpeg
        assert secret not in processed.thumbnail


def test_the_thumbnail_fits_in_240_pixels_and_keeps_the_shape() -> None:
    processed = process_upload(upload(jpeg_from_a_phone()))
    thumbnail = _reopen(processed.thumbnail)
    assert thumbnail.format == "JPEG"
    assert thumbnail.size == (120, 240)
    assert len(thumbnail.getexif()) == 0


def test_a_png_is_accepted_and_stored_as_jpeg_with_transparency_on_white() -> None:
    processed = process_upload(upload(png_with_transparency(), "photo.png", "image/png"))
    image = _reopen(processed.jpeg)
    assert image.format == "JPEG"
    assert image.size == (300, 100)
    assert _close_to(image.getpixel((10, 50)), (255, 255, 255))
    assert _reopen(processed.thumbnail).size == (240, 80)


def test_a_16_bit_greyscale_png_keeps_its_tones() -> None:
    data = _encoded(Image.new("I;16", (40, 40), 40_000), "PNG")
    image = _reopen(process_upload(upload(data, "scan.png", "image/png")).jpeg)
    assert _close_to(image.getpixel((20, 20)), (156, 156, 156))


def test_a_cmyk_jpeg_is_converted_to_rgb() -> None:
    data = _encoded(Image.new("CMYK", (40, 40), (0, 255, 255, 0)), "JPEG")
    image = _reopen(process_upload(upload(data)).jpeg)
    assert image.mode == "RGB"
    assert _close_to(image.getpixel((20, 20)), (255, 0, 0))


def test_a_multi_picture_jpeg_from_a_camera_is_accepted() -> None:
    """Many phones save JPEGs with extra frames (MPO); Pillow names them "MPO"."""
    data = _encoded(_two_tone((80, 40)), "MPO", save_all=True, append_images=[_two_tone((20, 10))])
    processed = process_upload(upload(data))
    assert (processed.width, processed.height) == (80, 40)


def test_the_extension_and_content_type_do_not_matter_for_a_good_picture() -> None:
    processed = process_upload(upload(png_with_transparency(), "notes.txt", "text/plain"))
    assert processed.width == 300


def test_processing_is_deterministic_so_the_hash_spots_a_repeat() -> None:
    first = process_upload(upload(jpeg_from_a_phone()))
    again = process_upload(upload(jpeg_from_a_phone()))
    assert first.sha256 == again.sha256
    assert len(first.sha256) == 64


# The service --------------------------------------------------------------------------------


def test_adding_a_photo_stores_clean_files_under_random_names_and_audits(
    photo, nominal, manager, media
) -> None:
    photo.refresh_from_db()
    assert photo.nominal == nominal
    assert photo.created_by == photo.modified_by == manager
    assert (photo.width, photo.height) == (200, 400)
    assert photo.taken_on == dt.date(2024, 3, 27)
    assert photo.image.name.startswith("photos/") and photo.image.name.endswith(".jpg")
    assert photo.thumbnail.name.startswith("photos/thumbs/")
    for stored in (photo.image, photo.thumbnail):
        assert (media / stored.name).is_file()
        assert nominal.surname not in stored.name and nominal.reference not in stored.name
    stored_image = _reopen((media / photo.image.name).read_bytes())
    assert len(stored_image.getexif()) == 0
    event = AuditEvent.objects.get(action="nominal.photo.added")
    assert event.actor == manager
    assert event.subject_type == "nominal" and event.subject_ref == nominal.reference
    assert event.detail == {"photo": photo.pk}


def test_the_same_photo_twice_on_one_record_is_refused(photo, nominal, manager, media) -> None:
    files_before = _stored_files(media)
    with pytest.raises(PhotoError, match="already on the record"):
        photos.photo_add(
            actor=manager,
            nominal=nominal,
            uploaded_file=upload(jpeg_from_a_phone()),
            taken_on=dt.date(2024, 3, 27),
            description="",
        )
    assert Photo.objects.count() == 1
    assert _stored_files(media) == files_before


def test_a_failed_save_leaves_no_files_behind(nominal, manager, media, monkeypatch) -> None:
    def broken_audit(**kwargs: object) -> None:
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(photos, "audit_log", broken_audit)
    with pytest.raises(RuntimeError):
        photos.photo_add(
            actor=manager,
            nominal=nominal,
            uploaded_file=upload(jpeg_from_a_phone()),
            taken_on=dt.date(2024, 3, 27),
            description="",
        )
    assert Photo.objects.count() == 0
    assert _stored_files(media) == []


# The upload page ----------------------------------------------------------------------------


def _add_url(nominal: Nominal) -> str:
    return reverse("nominals:photo-add", args=[nominal.reference])


def _form(data: bytes, name: str = "photo.jpg", **fields: str) -> dict[str, object]:
    return {
        "image": upload(data, name),
        "taken_on": "2024-03-27",
        "description": "Taken at home visit",
        **fields,
    }


def test_the_upload_page_asks_for_the_file_and_the_date(login_as, manager, nominal) -> None:
    response = login_as(manager).get(_add_url(nominal))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "When was the photograph taken?" in html
    assert 'type="file"' in html
    assert reverse("nominals:detail", args=[nominal.reference]) in html  # back link


def test_uploading_a_photo_saves_it_and_returns_to_the_record(
    login_as, manager, nominal, media
) -> None:
    response = login_as(manager).post(_add_url(nominal), _form(jpeg_from_a_phone()))
    assert response.status_code == 302
    assert response["Location"] == reverse("nominals:detail", args=[nominal.reference]) + (
        "#photos"
    )
    photo = Photo.objects.get(nominal=nominal)
    assert photo.description == "Taken at home visit"
    assert photo.created_by == manager
    assert len(_reopen((media / photo.image.name).read_bytes()).getexif()) == 0
    event = AuditEvent.objects.get(action="nominal.photo.added")
    assert event.detail == {"photo": photo.pk} and event.subject_ref == nominal.reference


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"not a picture at all", "photo.jpg", "The file is not a JPEG or PNG picture."),
        (_encoded(_two_tone((40, 40)), "GIF"), "photo.gif", "The file is not a JPEG or PNG"),
        (noisy_jpeg()[:4000], "photo.jpg", "The picture could not be read"),
        (b"\0" * (photos.MAX_BYTES + 1), "photo.jpg", "The file is 10.1 MB."),
    ],
    ids=["text", "gif", "truncated", "too-big"],
)
def test_a_bad_file_is_refused_on_the_form_and_nothing_is_saved(
    login_as, manager, nominal, media, data: bytes, name: str, message: str
) -> None:
    response = login_as(manager).post(_add_url(nominal), _form(data, name))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "govuk-error-summary" in html
    assert 'value="Taken at home visit"' in html  # what was typed is kept
    assert Photo.objects.count() == 0
    assert _stored_files(media) == []
    assert not AuditEvent.objects.filter(action="nominal.photo.added").exists()


def test_a_post_with_no_file_asks_for_one(login_as, manager, nominal) -> None:
    response = login_as(manager).post(_add_url(nominal), {"taken_on": "2024-03-27"})
    assert response.status_code == 200
    assert "Choose a photograph to upload" in response.content.decode()
    assert Photo.objects.count() == 0


def test_a_date_in_the_future_is_refused(login_as, manager, nominal) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = login_as(manager).post(
        _add_url(nominal), _form(jpeg_from_a_phone(), taken_on=tomorrow)
    )
    assert "The date the photograph was taken is in the future" in response.content.decode()
    assert Photo.objects.count() == 0


def test_a_date_before_the_person_was_born_is_refused(login_as, manager, nominal) -> None:
    response = login_as(manager).post(
        _add_url(nominal), _form(jpeg_from_a_phone(), taken_on="1980-05-16")
    )
    assert "The date is before they were born (17 May 1980)" in response.content.decode()
    assert Photo.objects.count() == 0


def test_a_badly_typed_date_says_how_to_write_it(login_as, manager, nominal) -> None:
    response = login_as(manager).post(
        _add_url(nominal), _form(jpeg_from_a_phone(), taken_on="last tuesday")
    )
    assert "Enter the date as year-month-day" in response.content.decode()


def test_file_and_date_problems_are_shown_together(login_as, manager, nominal) -> None:
    response = login_as(manager).post(
        _add_url(nominal), _form(b"not a picture", taken_on="2999-01-01")
    )
    html = response.content.decode()
    assert "The file is not a JPEG or PNG picture" in html
    assert "in the future" in html


def test_uploading_the_same_photo_again_is_refused_on_the_form(
    login_as, manager, nominal, photo
) -> None:
    response = login_as(manager).post(_add_url(nominal), _form(jpeg_from_a_phone()))
    assert response.status_code == 200
    assert "already on the record" in response.content.decode()
    assert Photo.objects.count() == 1


# Seeing a photograph ------------------------------------------------------------------------


def _image_url(photo: Photo, name: str = "nominals:photo-image") -> str:
    return reverse(name, args=[photo.nominal.reference, photo.pk])


def test_the_image_is_served_no_store_and_audited(login_as, manager, photo, media) -> None:
    response = login_as(manager).get(_image_url(photo))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (media / photo.image.name).read_bytes()
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    event = AuditEvent.objects.get(action="nominal.photo.viewed")
    assert event.actor == manager
    assert event.subject_ref == photo.nominal.reference
    assert event.detail == {"photo": photo.pk}


def test_the_thumbnail_is_served_no_store_and_audited_as_a_thumbnail(
    login_as, manager, photo, media
) -> None:
    response = login_as(manager).get(_image_url(photo, "nominals:photo-thumbnail"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == (media / photo.thumbnail.name).read_bytes()
    assert _reopen(body).size == (120, 240)
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="nominal.photo.viewed")
    assert event.detail == {"photo": photo.pk, "thumbnail": True}


@pytest.mark.parametrize("persona", ["colleague", "sibling_manager", "supervisor", "analyst"])
def test_anyone_who_can_see_the_record_can_see_its_photos(
    request, login_as, photo, persona: str
) -> None:
    client = login_as(request.getfixturevalue(persona))
    assert client.get(_image_url(photo)).status_code == 200
    assert client.get(_image_url(photo, "nominals:photo-thumbnail")).status_code == 200


def test_the_outsider_from_another_force_gets_404_everywhere(
    login_as, outsider, photo, nominal, media
) -> None:
    client = login_as(outsider)
    assert client.get(_image_url(photo)).status_code == 404
    assert client.get(_image_url(photo, "nominals:photo-thumbnail")).status_code == 404
    assert client.get(_add_url(nominal)).status_code == 404
    files_before = _stored_files(media)
    response = client.post(_add_url(nominal), _form(png_with_transparency(), "p.png"))
    assert response.status_code == 404
    assert Photo.objects.count() == 1 and _stored_files(media) == files_before
    assert not AuditEvent.objects.filter(action="nominal.photo.viewed").exists()


@pytest.mark.parametrize("persona", ["partner", "panel", "sysadmin"])
def test_roles_that_see_no_records_are_refused_photos_and_uploads(
    request, login_as, photo, nominal, persona: str
) -> None:
    client = login_as(request.getfixturevalue(persona))
    assert client.get(_image_url(photo)).status_code == 403
    assert client.get(_image_url(photo, "nominals:photo-thumbnail")).status_code == 403
    assert client.get(_add_url(nominal)).status_code == 403
    assert not AuditEvent.objects.filter(action="nominal.photo.viewed").exists()


def test_an_analyst_can_see_photos_but_not_add_them(login_as, analyst, nominal) -> None:
    response = login_as(analyst).post(_add_url(nominal), _form(jpeg_from_a_phone()))
    assert response.status_code == 403
    assert Photo.objects.count() == 0


def test_a_photo_cannot_be_reached_through_another_nominals_reference(
    login_as, manager, unit, photo
) -> None:
    """Both records are visible, but the photo belongs to only one of them."""
    other = Nominal.objects.create(
        category=Category.RSO,
        force=unit.force,
        unit=unit,
        registered_on=dt.date(2021, 1, 1),
        forename="Brian",
        surname="Otherperson",
        date_of_birth=dt.date(1970, 1, 1),
        gender=Gender.MALE,
    )
    url = reverse("nominals:photo-image", args=[other.reference, photo.pk])
    assert login_as(manager).get(url).status_code == 404


def test_someone_not_signed_in_is_sent_to_sign_in(client, photo) -> None:
    response = client.get(_image_url(photo))
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_a_photo_whose_file_is_lost_is_404_and_not_audited(login_as, manager, photo, media) -> None:
    (media / photo.image.name).unlink()
    assert login_as(manager).get(_image_url(photo)).status_code == 404
    assert not AuditEvent.objects.filter(action="nominal.photo.viewed").exists()


def test_the_stored_files_have_no_public_url(client, login_as, manager, photo) -> None:
    for path in (f"/{photo.image.name}", f"/media/{photo.image.name}"):
        assert login_as(manager).get(path).status_code == 404


# The photographs panel ------------------------------------------------------------------------


def _panel_html(user, nominal: Nominal) -> str:
    return render_to_string(
        "nominals/_photos.html",
        {"nominal": nominal, "photos": list(nominal.photo_set.all()), "perms": PermWrapper(user)},
    )


def test_the_panel_shows_thumbnails_through_the_audited_view(manager, nominal, photo) -> None:
    html = _panel_html(manager, nominal)
    assert f'src="{_image_url(photo, "nominals:photo-thumbnail")}"' in html
    assert f'href="{_image_url(photo)}"' in html
    assert 'alt="Photograph of Alan Testperson taken 27 March 2024"' in html
    assert photo.image.name not in html and photo.thumbnail.name not in html
    assert "Add a photograph" in html


def test_the_panel_offers_adding_only_to_those_who_may_edit(analyst, nominal, photo) -> None:
    html = _panel_html(analyst, nominal)
    assert "Add a photograph" not in html
    assert "Photograph of Alan Testperson" in html


def test_the_panel_says_when_there_are_no_photographs(manager, nominal) -> None:
    assert "No photographs." in _panel_html(manager, nominal)


def test_a_truncated_jpeg_is_still_refused_after_a_pdf_has_been_rendered() -> None:
    """WeasyPrint turns on Pillow's global LOAD_TRUNCATED_IMAGES when imported."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as weasyprint/images.py leaves it
    data = noisy_jpeg()
    with pytest.raises(PhotoError):
        process_upload(upload(data[: len(data) // 2]))
