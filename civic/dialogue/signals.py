"""The dialogue's share of account deletion.

Deleting an account erases its posts nobody answered (and discussions nobody replied to); the
posts others replied to stay in place, signed « Compte supprimé » (authors are SET_NULL).
"""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from civic.dialogue.models.discussions import Discussion, Post
from civic.dialogue.services.discussions import refresh_counters


def _answered():
    later = Post.objects.filter(discussion=OuterRef("discussion")).exclude(pk=OuterRef("pk"))
    return Exists(
        later.filter(
            Q(created_at__gt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
        )
    )


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="civic_erase_unanswered_posts")
def erase_unanswered_posts(sender, instance, **kwargs):
    touched = set(Post.objects.filter(author=instance).values_list("discussion_id", flat=True))
    others = Post.objects.filter(discussion=OuterRef("pk")).exclude(author=instance)
    Discussion.objects.filter(author=instance).exclude(Exists(others)).delete()
    Post.objects.filter(author=instance, is_opening=False).exclude(_answered()).delete()
    for discussion in Discussion.objects.filter(pk__in=touched):
        refresh_counters(discussion)
