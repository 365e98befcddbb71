"""Widgets for long choice lists."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from civic import integration


class LongSelect(forms.Select):
    """A <select> rendered in Python rather than one template per option.

    Django renders every option through its own template: for the ~700 territories of a
    département that is most of a page's time. Same HTML, same attributes, no per-option
    template. Groups of options (optgroups) are not supported: the lists using it are flat.

    With `options_key`, the options' HTML is built once and kept until the content changes
    (civic.integration.remember); the chosen option is then marked in that HTML.
    """

    def __init__(self, attrs=None, choices=(), *, options_key=None):
        super().__init__(attrs, choices)
        self.options_key = options_key

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        if self.options_key and not self.allow_multiple_selected:
            options = integration.remember(f"options:{self.options_key}", self._options_html)
            for chosen in selected:
                opening = str(format_html('<option value="{}">', chosen))
                options = options.replace(opening, opening[:-1] + " selected>", 1)
            options = mark_safe(options)  # built by format_html_join; only a marker added
        else:
            options = self._options_html(selected)
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)

    def _options_html(self, selected=frozenset()):
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, " selected" if str(option_value) in selected else "", label)
                for option_value, label in self._option_pairs()
            ),
        )

    def _option_pairs(self):
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                raise ValueError("LongSelect does not render groups of options.")
            yield (
                "" if option_value is None else getattr(option_value, "value", option_value),
                label,
            )
