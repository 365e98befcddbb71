"""The public filters of the reports' list, map data and exports (all GET, no JavaScript)."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.common.fields import CommuneField
from civic.reports.models import StreetReport, StreetReportCategory


class ReportFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Catégorie"),
        queryset=StreetReportCategory.objects.all(),
        required=False,
        empty_label=_("Toutes"),
    )
    status = forms.ChoiceField(
        label=_("État"), choices=[("", _("Tous")), *StreetReport.Status.choices], required=False
    )
    commune = CommuneField(label=_("Commune"), required=False, help_text="")
    since = forms.DateField(
        label=_("Depuis le"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Jusqu'au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, root=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].root = root

    def filter(self, queryset):
        """The queryset narrowed by the valid filters (invalid ones are ignored, and said)."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        tz = timezone.get_current_timezone()
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("commune"):
            queryset = queryset.filter(commune=data["commune"])
        if data.get("since"):
            queryset = queryset.filter(
                created_at__gte=datetime.combine(data["since"], time.min, tzinfo=tz)
            )
        if data.get("until"):
            queryset = queryset.filter(
                created_at__lte=datetime.combine(data["until"], time.max, tzinfo=tz)
            )
        return queryset
