"""The dialogue's share of account deletion and personal-data export.

Deleting an account erases its posts nobody answered (and discussions nobody replied to); the
posts others replied to stay in place, signed « Compte supprimé » (authors are SET_NULL).
"""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from civic.models import Discussion, Follow, Membership, Post, Recommendation, Report
from civic.services.profiles import register_export


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
    from civic.services.discussions import refresh_counters

    touched = set(Post.objects.filter(author=instance).values_list("discussion_id", flat=True))
    others = Post.objects.filter(discussion=OuterRef("pk")).exclude(author=instance)
    Discussion.objects.filter(author=instance).exclude(Exists(others)).delete()
    Post.objects.filter(author=instance, is_opening=False).exclude(_answered()).delete()
    for discussion in Discussion.objects.filter(pk__in=touched):
        refresh_counters(discussion)


@register_export
def dialogue_data(user):
    return {
        "groupes": [
            {
                "groupe": m.group.name,
                "role": m.get_role_display(),
                "statut": m.get_status_display(),
                "courriels": m.get_notify_display(),
                "depuis": m.joined_at.isoformat(),
            }
            for m in Membership.objects.filter(user=user).select_related("group")
        ],
        "messages": [
            {
                "discussion": p.discussion.title,
                "groupe": p.discussion.group.name,
                "date": p.created_at.isoformat(),
                "modifie": p.edited_at.isoformat() if p.edited_at else None,
                "texte": p.body,
                "etat": p.get_state_display(),
            }
            for p in Post.objects.filter(author=user).select_related("discussion__group")
        ],
        "recommandations": [
            {"message": r.post_id, "date": r.created_at.isoformat()}
            for r in Recommendation.objects.filter(user=user)
        ],
        "signalements": [
            {
                "date": r.created_at.isoformat(),
                "motif": r.get_reason_display(),
                "precisions": r.text,
                "etat": r.get_status_display(),
                "groupe": r.target_group.name,
                "discussion": r.post.discussion.title if r.post_id else None,
                "message": r.post_id,
            }
            for r in Report.objects.filter(reporter=user).select_related(
                "group", "post__discussion__group"
            )
        ],
        "personnes_suivies": [
            f.followed.get_full_name() or f.followed.get_username()
            for f in Follow.objects.filter(follower=user).select_related("followed")
        ],
    }
