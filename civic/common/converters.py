"""<id:pk> in addresses: a row's id, at most 18 digits. Longer numbers overflow a database
integer (SQLite raises on them): such an address is a 404, as any unknown id."""

from django.urls import register_converter
from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"


register_converter(IdConverter, "id")
