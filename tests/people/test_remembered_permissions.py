"""Members' permissions follow their groups at once, and are read once per request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import make_member


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_a_member_put_in_a_staff_group_may_open_the_admin_at_once_and_not_after(db, creil):
    user = make_member(first_name="Inès", last_name="Martin", commune=creil)
    assert not fresh(user).has_perm("wagtailadmin.access_admin")
    moderation = Group.objects.get(name="Modération")
    user.groups.add(moderation)
    assert fresh(user).has_perm("wagtailadmin.access_admin")
    user.groups.remove(moderation)
    assert not fresh(user).has_perm("wagtailadmin.access_admin")


def test_permissions_are_read_once_for_the_account_loaded_by_a_request(db, creil):
    user = fresh(make_member(first_name="Hugo", last_name="Bernard", commune=creil))
    user.has_perm("wagtailadmin.access_admin")
    with CaptureQueriesContext(connection) as queries:
        user.has_perm("wagtailadmin.access_admin")
        user.has_perm("wagtailadmin.access_admin")
    assert len(queries.captured_queries) == 0
