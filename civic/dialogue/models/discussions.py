"""Discussions and their posts, recommendations, follows, consultations and official answers.

Authors are SET_NULL: a deleted account leaves its posts others replied to, shown as
« Compte supprimé ». Post bodies are kept as typed (for editing) and as sanitised HTML (for
display), rendered once at write time.
"""

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.common.search_text import SearchText, SearchTextQuerySet
from civic.common.text import normalize
from civic.dialogue.models.answers import OfficialAnswerBase
from civic.dialogue.models.groups import CivicGroup
from civic.territories.proximity import Vicinity, aimed_at

AUTHOR_RELATED = (
    "author__profile__home_commune",
    "author__profile__mandate_territory",
)


if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class DiscussionQuerySet(SearchTextQuerySet["Discussion"]):
    def visible(self) -> Self:
        return self.filter(is_hidden=False, group__is_hidden=False, opening_approved=True)

    def with_authors(self) -> Self:
        return self.select_related(
            "author__profile__home_commune", "author__profile__mandate_territory"
        )

    def most_specific_first(self, vicinity: Vicinity | None, *, since=None) -> Self:
        """Discussions of groups about the visitor's commune first, then its EPCI, département,
        région, the rest; latest activity first inside each level. A discussion quiet since
        before `since` counts with the rest. Annotated `specificity`."""
        level = aimed_at("group__territory", vicinity, date_field="last_activity_at", since=since)
        return self.annotate(specificity=level).order_by("specificity", "-last_activity_at", "-pk")

    def retitle(self, title: str) -> int:
        return self.update(title=title, search_text=normalize(title))

    def with_membership_of(self, user: "AbstractBaseUser | AnonymousUser") -> Self:
        """Each discussion with `user`'s membership of its group joined in, as
        `viewer_membership` (absent when there is none): the permission checks that follow
        need no query of their own. See civic.dialogue.permissions.membership_loaded_with."""
        return self.annotate(
            viewer_membership=models.FilteredRelation(
                "group__memberships", condition=models.Q(group__memberships__user=user.pk)
            )
        ).select_related("viewer_membership")


class Discussion(SearchText, models.Model):
    SEARCHED_FIELDS = ("title",)

    group = models.ForeignKey(
        CivicGroup, verbose_name=_("groupe"), on_delete=models.CASCADE, related_name="discussions"
    )
    title = models.CharField(_("titre"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ouverte le"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("dernière activité"), default=timezone.now)
    pinned = models.BooleanField(_("épinglée"), default=False)
    # Replies visible to everyone (the opening post excluded), kept up to date by the services.
    reply_count = models.PositiveIntegerField(_("réponses"), default=0)
    is_hidden = models.BooleanField(_("masquée par la modération"), default=False)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=500, blank=True)
    # False while the opening post of a new account waits for approval.
    opening_approved = models.BooleanField(default=True)
    # The title, accent-free (civic.common.text.normalize): what search matches.
    search_text = models.TextField(editable=False, default="")

    objects = DiscussionQuerySet.as_manager()

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-pinned", "-last_activity_at", "-pk"]
        indexes = [
            models.Index(fields=["group", "-pinned", "-last_activity_at"], name="discussion_group"),
            models.Index(fields=["-last_activity_at"], name="discussion_activity"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dialogue:discussion", args=[self.pk])

    def text_to_search(self):
        return self.title


class PostQuerySet(models.QuerySet["Post"]):
    def with_authors(self) -> Self:
        return self.select_related(*AUTHOR_RELATED)

    def published(self) -> Self:
        return self.filter(state=Post.State.PUBLISHED)

    def shown(self) -> Self:
        """What a thread displays: published, hidden (as a notice) and deleted (as a notice)."""
        return self.exclude(state=Post.State.PENDING)


class Post(models.Model):
    class State(models.TextChoices):
        PUBLISHED = "published", _("Publié")
        PENDING = "pending", _("En attente de validation")
        HIDDEN = "hidden", _("Masqué par la modération")

    # No index of their own: post_thread and post_author begin with them, and every reply
    # would otherwise write two more index entries.
    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="posts", db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="civic_posts",
        db_index=False,
    )
    is_opening = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=10000)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("publié le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    state = models.CharField(_("état"), max_length=10, choices=State, default=State.PUBLISHED)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=500, blank=True)
    deleted_by_author = models.BooleanField(_("supprimé par son auteur"), default=False)
    recommendation_count = models.PositiveIntegerField(default=0)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["discussion", "state", "created_at"], name="post_thread"),
            models.Index(fields=["author", "created_at"], name="post_author"),
            # The thread as shown, in its order: the page a post is on is counted in this index
            # alone once (auto)vacuum has marked the table's pages all-visible.
            models.Index(
                fields=["discussion", "created_at", "id"],
                condition=~models.Q(state="pending"),
                name="post_shown",
            ),
            # Who took part in a discussion (whom a reply notifies): one probe per member.
            models.Index(
                fields=["discussion", "author"],
                condition=models.Q(state="published"),
                name="post_participant",
            ),
        ]

    def __str__(self):
        return f"{self.discussion} — {self.created_at:%d/%m/%Y %H:%M}"

    def get_absolute_url(self):
        return reverse("dialogue:post", args=[self.pk])

    @property
    def is_hidden(self):
        return self.state == self.State.HIDDEN

    @property
    def is_pending(self):
        return self.state == self.State.PENDING

    @property
    def is_readable(self):
        return self.state == self.State.PUBLISHED and not self.deleted_by_author


class Recommendation(models.Model):
    """« Je recommande »: once per person and post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="recommendations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="civic_recommendations"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recommandation")
        verbose_name_plural = _("recommandations")
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="recommendation_unique")
        ]
        indexes = [models.Index(fields=["user", "post"], name="recommendation_user")]

    def __str__(self):
        return f"{self.user_id} → {self.post_id}"


class Follow(models.Model):
    """A trusted contact: whose recommendations a person sees."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="civic_following"
    )
    followed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="civic_followers"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("personne suivie")
        verbose_name_plural = _("personnes suivies")
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="follow_unique"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followed")), name="follow_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.follower_id} → {self.followed_id}"


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def visible(self) -> Self:
        return self.filter(
            discussion__is_hidden=False,
            discussion__group__is_hidden=False,
        )

    @staticmethod
    def _is_open() -> models.Q:
        now = timezone.now()
        return models.Q(closed_at__isnull=True) & (
            models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now)
        )

    def open(self) -> Self:
        """Not closed by hand, and the closing date (if any) not passed."""
        return self.filter(self._is_open())

    def most_specific_first(self, vicinity: Vicinity | None) -> Self:
        """Consultations of groups about the visitor's commune first, then its EPCI,
        département, région, the rest; the soonest closing first inside each level."""
        level = aimed_at("discussion__group__territory", vicinity)
        return self.annotate(specificity=level).order_by(
            "specificity", models.F("closes_at").asc(nulls_last=True), "-opened_at", "-pk"
        )

    def open_first(self) -> Self:
        """Open consultations (soonest closing first), then the closed ones, newest first."""
        return self.annotate(
            _open=models.Case(
                models.When(self._is_open(), then=models.Value(0)), default=models.Value(1)
            )
        ).order_by("_open", models.F("closes_at").asc(nulls_last=True), "-opened_at", "-pk")


class Consultation(models.Model):
    """A question the council asks citizens in a group's discussion, its poll (questions, see
    civic.dialogue.models.polls) and its official answer."""

    class Audience(models.TextChoices):
        GROUP = "group", _("Les membres du groupe")
        TERRITORY = "territory", _("Les habitant·es d'un territoire")
        IDENTIFIED = "identified", _("Toute personne inscrite")

    discussion = models.OneToOneField(
        Discussion, on_delete=models.CASCADE, related_name="consultation"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouverte par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("ouverte le"), default=timezone.now)
    closes_at = models.DateTimeField(_("date de clôture"), null=True, blank=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    audience = models.CharField(
        _("qui peut répondre"), max_length=10, choices=Audience, default=Audience.GROUP
    )
    # For Audience.TERRITORY: people whose home commune lies inside it (the group's by default).
    audience_territory = models.ForeignKey(
        "civic.Territory",
        verbose_name=_("territoire des répondant·es"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    live_results = models.BooleanField(
        _("résultats visibles pendant la consultation"), default=False
    )
    results_published_at = models.DateTimeField(_("résultats publiés le"), null=True, blank=True)
    # People who answered the poll, kept up to date by civic.dialogue.services.polls.
    ballot_count = models.PositiveIntegerField(_("participant·es"), default=0)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return str(self.discussion)

    @property
    def is_open(self):
        if self.closed_at is not None:
            return False
        return self.closes_at is None or self.closes_at > timezone.now()

    @property
    def ended_at(self):
        if self.closed_at is not None:
            return self.closed_at
        if self.closes_at is not None and self.closes_at <= timezone.now():
            return self.closes_at
        return None

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None

    @property
    def respondents_territory(self):
        """Where respondents must live, for Audience.TERRITORY (the group's by default)."""
        if self.audience_territory_id:
            return self.audience_territory
        return self.discussion.group.territory


class OfficialAnswer(OfficialAnswerBase):
    """The council's answer to a consultation (once closed) or to a discussion."""

    consultation = models.OneToOneField(
        Consultation,
        on_delete=models.CASCADE,
        related_name="official_answer",
        null=True,
        blank=True,
    )
    discussion = models.OneToOneField(
        Discussion,
        on_delete=models.CASCADE,
        related_name="official_answer",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("réponse officielle")
        verbose_name_plural = _("réponses officielles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consultation__isnull=True) ^ models.Q(discussion__isnull=True),
                name="official_answer_one_subject",
            )
        ]

    def __str__(self):
        return f"{self.subject_title()} — {self.author_label}"

    @property
    def thread(self) -> Discussion:
        """The discussion the answer tops (the consultation's, for a consultation)."""
        if self.consultation_id:
            return self.consultation.discussion  # type: ignore[union-attr]
        return self.discussion  # type: ignore[return-value]

    def subject_group(self):
        return self.thread.group

    def subject_territory(self):
        return self.subject_group().territory

    def subject_title(self) -> str:
        return self.thread.title

    def subject_url(self) -> str:
        return self.thread.get_absolute_url()
