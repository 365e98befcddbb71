"""The territory lists render as Django's own <select> would, without a template per option."""

import re

import pytest
from django import forms

from civic.people.forms.profiles import TerritoryChoiceField
from civic.territories.models import Territory


def options(html):
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)


@pytest.mark.django_db
def test_a_territory_list_has_the_same_options_and_selection_as_a_plain_select(oise, beauvais):
    queryset = Territory.objects.within(oise).exclude(kind="commune").order_by("name")

    class Fast(forms.Form):
        territory = TerritoryChoiceField(queryset=queryset, required=False)

    class Plain(forms.Form):
        territory = forms.ModelChoiceField(queryset=queryset, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields[
                "territory"
            ].label_from_instance = TerritoryChoiceField.label_from_instance.__get__(
                self.fields["territory"]
            )

    chosen = queryset[1]
    fast = str(Fast({"territory": chosen.pk})["territory"])
    plain = str(Plain({"territory": chosen.pk})["territory"])
    assert options(fast) == options(plain)
    assert (str(chosen.pk), " selected", f"{chosen.name} — {chosen.get_kind_display()}") in options(
        fast
    )
    assert 'name="territory"' in fast and 'id="id_territory"' in fast


def test_labels_are_escaped():
    class Form(forms.Form):
        territory = TerritoryChoiceField(queryset=Territory.objects.none())

    field = Form()["territory"]
    field.field.widget.choices = [("1", "<script>alert(1)</script>")]
    assert "<script>" not in str(field)
