"""The workflow step that gives news a second review during a pre-election period (article L52-1
of the electoral code: no promotion of the council's achievements in the six months before an
election). Outside such a period, or for other pages, the step passes by itself."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState

from civic.moderation.elections import ElectionPeriod


class PreElectionReviewTask(AbstractGroupApprovalTask):
    class Meta:
        verbose_name = _("relecture préélectorale")
        verbose_name_plural = _("relectures préélectorales")

    def applies_to(self, obj):
        # News are what may promote the council's achievements; pages are kept as they are.
        return (
            obj.specific_class.__name__ == "NewsPage" and ElectionPeriod.objects.current().exists()
        )

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        if not self.applies_to(workflow_state.content_object):
            task_state.status = TaskState.STATUS_SKIPPED
            task_state.save(update_fields=["status"])
        return task_state
