"""Photographs of a nominal: checking an upload, cleaning it, and storing it with its audit.

An upload is never trusted and never stored as sent. It is decoded by Pillow (so the
extension and the browser's content type play no part), checked for size and for
decompression bombs, turned the right way up, converted to sRGB and re-encoded as a new
JPEG built from the pixels alone. Nothing of the original file survives: no EXIF (GPS
position, camera serial number, the owner's name), no XMP, no ICC profile, no comment,
and no trailing bytes smuggled after the image. Serving only our own re-encoded JPEG
also means a file can never be both a picture and something a browser would run.

The files go to Django's default storage under MEDIA_ROOT, which is never served
directly; ``views_photos.py`` is the only way to see them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import math
import secrets
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from vigil.audit.services import audit_log
from vigil.nominals.models import Nominal, Photo

logger = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
MAX_BYTES = 10 * MEGABYTE
# Our own ceiling on decoded size, checked from the header before any pixel is decoded.
# 50 megapixels covers full-resolution photographs from current phones and cameras.
# Processing peaks at about 2.6 working copies of the image (measured: ~100 MB and 0.2 s
# for 12 MP, ~390 MB and 0.6 s for 48 MP), so this limit is what keeps a small, highly
# compressed file from exhausting a worker. Pillow's own global limit
# (``Image.MAX_IMAGE_PIXELS``) is honoured too when it is lower.
MAX_PIXELS = 50_000_000
THUMBNAIL_SIZE = 240
JPEG_QUALITY = 88
THUMBNAIL_QUALITY = 85
# "MPO" is how Pillow names a JPEG that carries extra frames (many phones and cameras
# add a depth map or preview this way); it is a JPEG file and we keep the first frame.
ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG"})

NOT_A_PICTURE = "The file is not a JPEG or PNG picture. Choose a photograph saved as .jpg or .png."
UNREADABLE = (
    "The picture could not be read: it may be damaged. Choose another copy of the photograph."
)
DUPLICATE = "This photograph is already on the record. Choose a different photograph."


class PhotoError(ValueError):
    """An upload that cannot be accepted; the message is written for the person uploading."""


@dataclass(frozen=True)
class ProcessedPhoto:
    """A cleaned photograph, ready to store: new JPEG files with no metadata at all."""

    jpeg: bytes
    thumbnail: bytes
    width: int
    height: int
    # Of ``jpeg``: re-encoding is deterministic, so the same upload gives the same hash.
    sha256: str

    def __repr__(self) -> str:  # keep megabytes of bytes out of logs and tracebacks
        return f"ProcessedPhoto({self.width}x{self.height}, sha256={self.sha256[:12]}…)"


def _megabytes(size: int) -> str:
    # Rounded up, so a file just over the limit never reads as "10.0 MB".
    return f"{math.ceil(size * 10 / MEGABYTE) / 10:.1f}"


def _too_big(size: int) -> PhotoError:
    return PhotoError(
        f"The file is {_megabytes(size)} MB. "
        f"Choose a photograph smaller than {MAX_BYTES // MEGABYTE} MB."
    )


def _too_many_pixels(width: int, height: int, limit: int) -> PhotoError:
    return PhotoError(
        f"The picture is {width:,} by {height:,} pixels, which is too large to process. "
        f"Choose a photograph of at most {limit // 1_000_000} megapixels."
    )


def _read(uploaded_file: IO[bytes]) -> bytes:
    """The file's bytes, refusing anything over the limit without reading all of it."""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _too_big(size)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    # One byte more than the limit tells us it is too big whatever ``size`` claimed.
    data: bytes = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        if size is None:  # only read as far as the limit, so the true size is unknown
            raise PhotoError(
                f"The file is larger than {MAX_BYTES // MEGABYTE} MB. "
                f"Choose a photograph smaller than {MAX_BYTES // MEGABYTE} MB."
            )
        raise _too_big(max(size, len(data)))
    if not data:
        raise PhotoError(NOT_A_PICTURE)
    return data


def _open(data: bytes) -> Image.Image:
    """Decode ``data`` fully, as JPEG or PNG only, or raise ``PhotoError``."""
    # A process-wide Pillow switch that, once on, makes truncated files "decode" with grey
    # where the data ran out. WeasyPrint turns it on when imported (weasyprint/images.py),
    # so after the first PDF a damaged photograph would be accepted: insist on it off.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    limit = min(MAX_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_PIXELS)
    try:
        # ``formats`` keeps every other decoder in Pillow away from untrusted bytes.
        with Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise PhotoError(NOT_A_PICTURE)
            width, height = probe.size
            # From the header alone, before a single pixel is decompressed.
            if width * height > limit:
                raise _too_many_pixels(width, height, limit)
            probe.verify()  # structure and checksums (PNG); the file is unusable after
        image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
        image.load()
    except PhotoError:
        raise
    except Image.DecompressionBombError as exc:
        logger.info("photo refused as a decompression bomb: %s", exc)
        raise PhotoError(
            "The picture is too large to process. Choose a smaller photograph."
        ) from None
    except UnidentifiedImageError:
        raise PhotoError(NOT_A_PICTURE) from None
    except Exception:
        # Decoders fed damaged or hostile input raise OSError, SyntaxError, ValueError,
        # EOFError, struct.error and more; to the person uploading they all mean the same.
        logger.info("photo refused as unreadable", exc_info=True)
        raise PhotoError(UNREADABLE) from None
    return image


def _upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation, since the tag itself is about to be thrown away."""
    try:
        # In place: one full-size copy fewer in memory.
        ImageOps.exif_transpose(image, in_place=True)
    except Exception:
        # Broken EXIF in an otherwise good photograph: keep the pixels as stored rather
        # than refuse a picture the officer can see is fine.
        logger.info("photo EXIF orientation could not be applied", exc_info=True)
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Plain 8-bit RGB in sRGB, so the colours survive dropping the ICC profile.

    May return ``image`` itself when it is already plain RGB with no profile.
    """
    icc = image.info.get("icc_profile")
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale PNG: scale to 8 bits rather than let conversion clip to white.
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent areas on white, as a printed photograph would show them.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")  # palette and the like: colour management wants RGB
    if icc:
        try:
            converted = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            logger.info("photo ICC profile ignored", exc_info=True)
    return image if image.mode == "RGB" else image.convert("RGB")


def _encode(image: Image.Image, *, quality: int, optimize: bool) -> bytes:
    buffer = io.BytesIO()
    # No exif, icc_profile, xmp or comment arguments: nothing but the pixels is written.
    image.save(buffer, format="JPEG", quality=quality, optimize=optimize)
    return buffer.getvalue()


def process_upload(uploaded_file: IO[bytes]) -> ProcessedPhoto:
    """Check and clean an uploaded photograph, or raise ``PhotoError`` saying why not.

    ``uploaded_file`` is anything with ``read`` (a Django ``UploadedFile``, a ``File``,
    an open binary file). Nothing is written anywhere.
    """
    data = _read(uploaded_file)
    with _open(data) as decoded:
        rgb = _to_srgb(_upright(decoded))
        # A brand-new image holding only the pixels. Re-saving the decoded image would
        # carry metadata across: Pillow writes ``info["comment"]`` back into a JPEG by
        # default, and may learn to carry more.
        clean = Image.new("RGB", rgb.size)
        clean.paste(rgb)
        del rgb
    # Huffman optimisation would save about a tenth of the file but makes libjpeg hold
    # every coefficient of the image at once: +35% peak memory on a 12 MP photograph.
    jpeg = _encode(clean, quality=JPEG_QUALITY, optimize=False)
    width, height = clean.size
    clean.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)
    thumbnail = _encode(clean, quality=THUMBNAIL_QUALITY, optimize=True)
    return ProcessedPhoto(
        jpeg=jpeg,
        thumbnail=thumbnail,
        width=width,
        height=height,
        sha256=hashlib.sha256(jpeg).hexdigest(),
    )


@transaction.atomic
def photo_add(
    *,
    actor: Any,
    nominal: Nominal,
    uploaded_file: IO[bytes] | ProcessedPhoto,
    taken_on: dt.date,
    description: str = "",
) -> Photo:
    """Add a photograph to ``nominal``'s record, with its audit event, in one transaction.

    ``uploaded_file`` is the upload, or the ``ProcessedPhoto`` a form already made from it
    while validating (so the picture is decoded once, not twice). Raises ``PhotoError``
    for a file that cannot be accepted or a photograph already on this record.

    The two files are written before the row. If the row or the audit event fails they
    are removed again here; if an *enclosing* transaction rolls back later they are left
    behind unreferenced, under random names that say nothing about whose they are.
    """
    if isinstance(uploaded_file, ProcessedPhoto):
        processed = uploaded_file
    else:
        processed = process_upload(uploaded_file)
    if Photo.objects.filter(nominal=nominal, sha256=processed.sha256).exists():
        raise PhotoError(DUPLICATE)
    now = timezone.now()
    photo = Photo(
        nominal=nominal,
        taken_on=taken_on,
        description=description,
        width=processed.width,
        height=processed.height,
        sha256=processed.sha256,
        created_by=actor,
        modified_by=actor,
        created_at=now,
        modified_at=now,
    )
    # The name passed here is ignored: ``upload_to`` gives each file a random name.
    upload_name = f"{secrets.token_hex(4)}.jpg"
    try:
        photo.image.save(upload_name, ContentFile(processed.jpeg), save=False)
        photo.thumbnail.save(upload_name, ContentFile(processed.thumbnail), save=False)
        photo.save()
        audit_log(
            actor=actor,
            action="nominal.photo.added",
            subject_type="nominal",
            subject_ref=nominal.reference,
            detail={"photo": photo.pk},
        )
    except BaseException:
        for field in (photo.image, photo.thumbnail):
            if field.name:
                field.storage.delete(field.name)
        raise
    return photo
