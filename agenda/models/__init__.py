from .category import EventCategory
from .event import Event, EventChangeLog, VEventText
from .occurrence import Occurrence
from .source import CalendarSource, CalendarUpload

__all__ = [
    "CalendarSource",
    "CalendarUpload",
    "Event",
    "EventCategory",
    "EventChangeLog",
    "Occurrence",
    "VEventText",
]
