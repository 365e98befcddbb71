"""Validators for French legal identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_RNA = re.compile(r"^W\d{9}$")


def luhn_is_valid(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_rna(value):
    if not _RNA.match(value or ""):
        raise ValidationError(
            _("Le numéro RNA commence par un W suivi de 9 chiffres (par exemple W601234567)."),
            code="invalid_rna",
        )


def validate_siren(value):
    if not (value and value.isdigit() and len(value) == 9):
        raise ValidationError(
            _("Le numéro SIREN compte exactement 9 chiffres."), code="invalid_siren"
        )
    if not luhn_is_valid(value):
        raise ValidationError(
            _("Ce numéro SIREN n'est pas valide (clé de contrôle incorrecte)."),
            code="invalid_siren",
        )
