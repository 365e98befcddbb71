"""Dates the agenda accepts from people: any real event's, and clear of the calendar's ends,
where a day added or taken (a window's end, a month grid) would overflow."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


def within_agenda_years(day):
    return FIRST_DAY <= day <= LAST_DAY


def validate_agenda_date(day):
    if not within_agenda_years(day):
        raise ValidationError(
            _("Choisissez une date entre %(first)s et %(last)s."),
            code="out_of_range",
            params={"first": FIRST_DAY.year, "last": LAST_DAY.year},
        )
