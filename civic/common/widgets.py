"""Widgets for long choice lists."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class LongSelect(forms.Select):
    """A <select> whose options are written in Python rather than through one template each.

    Django renders every option through its own template: for the ~700 territories of a
    département that is most of a page's time (docs/performance.md). Same HTML, same attributes.
    Groups of options (optgroups) are not supported: the lists using it are flat.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, " selected" if str(option_value) in selected else "", label)
                for option_value, label in self._option_pairs()
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)

    def _option_pairs(self):
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                raise ValueError("LongSelect does not render groups of options.")
            yield (
                "" if option_value is None else getattr(option_value, "value", option_value),
                label,
            )
