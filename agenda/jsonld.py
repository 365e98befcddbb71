"""schema.org `Event` data for an event page (JSON-LD), so that search engines read it."""

import json

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from agenda.text import plain_text

# The same escapes as Django's json_script: nothing in the data can close the <script>.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _moment(event, value):
    local = timezone.localtime(value)
    return local.date().isoformat() if event.all_day else local.isoformat()


def event_data(event, *, url, organiser_name, organiser_url, image_url=None):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "startDate": _moment(event, event.starts_at),
        "endDate": _moment(event, event.ends_at),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "organizer": {
            "@type": "Organization",
            "name": organiser_name,
            "url": organiser_url,
        },
    }
    if event.says_free or event.price:
        data["isAccessibleForFree"] = event.says_free
    description = plain_text(event.description)
    if description:
        data["description"] = description
    if event.category_id:
        data["keywords"] = event.category.name
    if image_url:
        data["image"] = [image_url]
    places = []
    if event.commune_id or event.venue_name or event.venue_address:
        address = {
            "@type": "PostalAddress",
            "streetAddress": event.venue_address,
            "addressCountry": "FR",
        }
        if event.commune_id:
            address["addressLocality"] = event.commune.name
            if event.commune.postal_codes:
                address["postalCode"] = event.commune.postal_code_list[0]
        places.append(
            {
                "@type": "Place",
                "name": event.venue_name or (event.commune.name if event.commune_id else ""),
                "address": address,
            }
        )
    if event.online_url:
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    mode = "Offline"
    if event.online_url:
        mode = "Mixed" if len(places) > 1 else "Online"
    data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    offer = {"@type": "Offer", "url": event.registration_url or url, "priceCurrency": "EUR"}
    if event.says_free:
        offer["price"] = "0"
    elif event.price:
        offer["description"] = event.price
    if event.says_free or event.price:
        data["offers"] = offer
    return data


def json_ld_script(data):
    text = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
