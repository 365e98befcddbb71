from .category import CategoryMapping, EventCategory
from .date_change import DateChange
from .event import Event, EventChangeLog, VEventText
from .occurrence import Occurrence
from .registration import AttendeeMessage, Registration, RegistrationOpening
from .source import CalendarSource, CalendarUpload

__all__ = [
    "AttendeeMessage",
    "CalendarSource",
    "CalendarUpload",
    "CategoryMapping",
    "DateChange",
    "Event",
    "EventCategory",
    "EventChangeLog",
    "Occurrence",
    "Registration",
    "RegistrationOpening",
    "VEventText",
]
