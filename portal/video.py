"""Videos hosted elsewhere, shown without loading anything from the host before a click."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings

_YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")


@dataclass(frozen=True)
class VideoSource:
    provider: str  # "YouTube", "Vimeo", "Dailymotion" or the PeerTube instance's host
    embed_url: str  # "" when the host is not known: the link to the video page is all there is


def video_source(url):
    """Where `url` plays once the visitor agrees: the host's name and its player address."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in ("youtube.com", "youtube-nocookie.com", "youtu.be"):
        video_id = ""
        if host == "youtu.be" and segments:
            video_id = segments[0]
        elif segments[:1] == ["watch"] or not segments:
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live"):
            video_id = segments[1]
        if _YOUTUBE_ID.match(video_id):
            return VideoSource("YouTube", f"https://www.youtube-nocookie.com/embed/{video_id}")
        return VideoSource("YouTube", "")
    if host in ("vimeo.com", "player.vimeo.com"):
        digits = [segment for segment in segments if segment.isdigit()]
        if digits:
            return VideoSource("Vimeo", f"https://player.vimeo.com/video/{digits[0]}?dnt=1")
        return VideoSource("Vimeo", "")
    if host in ("dailymotion.com", "dai.ly"):
        video_id = segments[-1] if segments else ""
        if video_id:
            return VideoSource("Dailymotion", f"https://www.dailymotion.com/embed/video/{video_id}")
        return VideoSource("Dailymotion", "")
    # PeerTube: /w/<id> or /videos/watch/<id>, played on the page only from the instances the
    # Content-Security-Policy lets the page frame (settings.PORTAL_PEERTUBE_HOSTS).
    is_peertube = (len(segments) == 2 and segments[0] == "w") or segments[:2] == ["videos", "watch"]
    if (
        is_peertube
        and parts.scheme == "https"
        and parts.netloc.lower() in settings.PORTAL_PEERTUBE_HOSTS
    ):
        return VideoSource(host, f"https://{parts.netloc}/videos/embed/{segments[-1]}")
    return VideoSource(host, "")
