"""Photos of street reports: checked, turned upright, resized and re-encoded as JPEG, which
drops every metadata (EXIF, GPS position, camera) the phone wrote. HEIC is read through
pillow-heif (installed with Wagtail's Willow).

Uploads survive a form that fails validation: each accepted photo is stored at once in a
pending area and the form carries a signed token naming them (`pending_token`), so nothing
has to be uploaded twice.
"""

import io
import uuid

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

try:
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - HEIC then refused as "not an image"
    register_heif_opener = None
else:
    register_heif_opener()

MAX_PHOTOS = 3
MAX_BYTES = 12 * 1024 * 1024
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "HEIF", "GIF"}
PENDING_DIR = "signalements/attente"
PENDING_SALT = "civic.reports.pending-photos"
PENDING_MAX_AGE = 24 * 3600


def process(upload) -> ContentFile:
    """The upload as a clean JPEG, or a ValidationError in French."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _(
                "La photo « %(name)s » pèse %(size)d Mo : 12 Mo au plus, réduisez-la ou prenez-en une autre."
            )
            % {"name": upload.name, "size": round(upload.size / 1024 / 1024)},
            code="too_big",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            probe.verify()
        if image_format not in ACCEPTED_FORMATS:
            raise UnidentifiedImageError(image_format)
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            if image.mode != "RGB":
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, "JPEG", quality=82, optimize=True)  # no exif= : none kept
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("« %(name)s » n'est pas une image lisible (JPEG, PNG, WebP ou HEIC).")
            % {"name": upload.name},
            code="not_an_image",
        ) from None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def store_pending(content: ContentFile) -> str:
    return default_storage.save(f"{PENDING_DIR}/{content.name}", content)


def pending_token(*, user_id: int, names: list[str]) -> str:
    return signing.dumps({"u": user_id, "p": names}, salt=PENDING_SALT, compress=True)


def read_pending_token(token: str, *, user_id: int) -> list[str]:
    """The pending photos a token names, if it is this person's and still there."""
    if not token:
        return []
    try:
        data = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return []
    if data.get("u") != user_id:
        return []
    return [
        name
        for name in data.get("p", [])[:MAX_PHOTOS]
        if isinstance(name, str)
        and name.startswith(f"{PENDING_DIR}/")
        and ".." not in name
        and default_storage.exists(name)
    ]
