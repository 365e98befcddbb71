"""Places and photos the street reports' tests share (a module of its own name: pytest imports
every conftest under the same name, so tests never import from one)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pillow_heif import register_heif_opener

BEAUVAIS = (49.4295, 2.0807)
BEAUVAIS_20M = (49.42968, 2.0807)
BEAUVAIS_100M = (49.4304, 2.0807)
CREIL = (49.2597, 2.4749)
PARIS = (48.8566, 2.3522)


def jpeg(name="photo.jpg", size=(2400, 1800), gps=True):
    """A JPEG such as a phone writes: large, with its camera and GPS position in EXIF."""
    image = Image.new("RGB", size, (120, 90, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if gps:
        exif[0x8825] = {1: "N", 2: (49.0, 25.0, 46.0), 3: "E", 4: (2.0, 4.0, 50.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def heic(name="photo.heic"):
    register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 200, 30)).save(out, "HEIF")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/heic")
