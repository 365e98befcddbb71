"""Small helpers shared by the dialogue views."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from civic.dialogue.models.discussions import Discussion, Post
from civic.people import permissions

THREAD_PAGE_SIZE = 30
# ?page=derniere: the thread's last page, wherever it is now.
LAST_PAGE = "derniere"

AUTHOR_PROFILE = ("author__profile__home_commune", "author__profile__mandate_territory")


def refuse(request, message=None, *, fallback="/"):
    """Anonymous visitors are asked to log in; others get a French message, or a 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.has_confirmed_email(request.user):
        messages.warning(
            request,
            _(
                "Confirmez d'abord votre adresse électronique (le lien est dans le courriel "
                "reçu à l'inscription) : ensuite vous pourrez participer."
            ),
        )
        return redirect("account:home")
    if message:
        messages.error(request, message)
        return redirect(fallback)
    raise PermissionDenied


def post_page_number(post):
    """The page of its thread where `post` appears (posts awaiting approval are not counted)."""
    earlier = models.Q(created_at__lt=post.created_at) | models.Q(
        created_at=post.created_at, pk__lt=post.pk
    )
    before = Post.objects.filter(discussion_id=post.discussion_id).shown().filter(earlier).count()
    return before // THREAD_PAGE_SIZE + 1


def _in_thread(post, page):
    """The address of `post` on page `page` of its thread (a number, or LAST_PAGE)."""
    url = Discussion(pk=post.discussion_id).get_absolute_url()
    if page != 1:
        url += f"?page={page}"
    return f"{url}#message-{post.pk}"


def post_url(post):
    return _in_thread(post, post_page_number(post))


def newest_post_url(post):
    """The thread's last page, where a new reply is (post_url() counts the posts before it)."""
    return _in_thread(post, LAST_PAGE)
