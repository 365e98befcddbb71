from .category import EventCategory
from .event import Event, EventChangeLog, VEventText
from .occurrence import Occurrence
from .source import CalendarSource

__all__ = ["CalendarSource", "Event", "EventCategory", "EventChangeLog", "Occurrence", "VEventText"]
