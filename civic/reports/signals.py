"""Agents added to a service join the *Agents des signalements* group, which opens the admin's
queue to them; removed from their last service, they leave it."""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from civic.reports.models import StreetReportService

AGENTS_GROUP = "Agents des signalements"


@receiver(m2m_changed, sender=StreetReportService.agents.through, dispatch_uid="civic_agents")
def keep_agents_group(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    group = Group.objects.filter(name=AGENTS_GROUP).first()
    if group is None:
        return
    if action == "post_add":
        group.user_set.add(*pk_set)
        return
    User = group.user_set.model
    stale = User.objects.filter(groups=group, street_report_services__isnull=True)
    group.user_set.remove(*stale)
