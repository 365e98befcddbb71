"""The discussion a thread or a reply loads is compiled once per process, yet each lookup reads
the database as it is now: its values, its group, the reader's membership."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civic.models import Discussion, Membership
from civic.precompiled import Precompiled


@pytest.fixture
def lookup():
    return Precompiled(
        lambda pk, user: (
            Discussion.objects.select_related("group")
            .with_membership_of(type("Reader", (), {"pk": user}))
            .filter(pk=pk)
        ),
        "pk",
        "user",
    )


def test_each_lookup_reads_the_discussion_and_membership_as_they_are_now(
    lookup, discussion, people
):
    member, passer_by = people["member"], people["non_member"]
    first = lookup.get(pk=discussion.pk, user=member.pk)
    assert first.title == discussion.title
    assert first.group.name == "Vélo à Creil"
    assert first.viewer_membership.user_id == member.pk

    Discussion.objects.filter(pk=discussion.pk).update(title="Une piste cyclable, enfin")
    with CaptureQueriesContext(connection) as queries:
        again = lookup.get(pk=discussion.pk, user=passer_by.pk)

    assert len(queries) == 1  # one statement, bound to the new values
    assert again.title == "Une piste cyclable, enfin"
    assert again is not first
    # The passer-by has no membership of the group: none is joined.
    assert not Membership.objects.filter(group=discussion.group, user=passer_by).exists()
    assert getattr(again, "viewer_membership", None) is None


def test_every_lookup_gives_the_values_as_the_orm_loads_them(lookup, discussion, people):
    # The columns' converters are looked up once: on SQLite a date arrives as text and only its
    # converter makes it a datetime, at the first lookup and at the next ones.
    expected = Discussion.objects.select_related("group").get(pk=discussion.pk)
    for user in (people["member"], people["non_member"]):
        found = lookup.get(pk=discussion.pk, user=user.pk)
        for instance, loaded in ((found, expected), (found.group, expected.group)):
            for field in type(instance)._meta.concrete_fields:
                assert getattr(instance, field.attname) == getattr(loaded, field.attname)
        assert found.created_at.tzinfo is not None


def test_a_discussion_that_does_not_exist_is_none(lookup, discussion, people):
    assert lookup.get(pk=discussion.pk + 1000, user=people["member"].pk) is None


def test_a_thread_no_longer_there_answers_not_found_to_a_member_and_a_visitor(
    client, discussion, people
):
    path = discussion.get_absolute_url()
    assert client.get(path).status_code == 200
    discussion.delete()
    assert client.get(path).status_code == 404
    client.force_login(people["member"])
    assert client.get(path).status_code == 404
    assert client.post(path + "repondre/", {"body": "Toujours là ?"}).status_code == 404


@pytest.fixture
def count_reply():
    from django.db.models import F

    from civic.precompiled import Bound, PrecompiledUpdate

    return PrecompiledUpdate(
        lambda pk: Discussion.objects.filter(pk=pk),
        "pk",
        reply_count=F("reply_count") + 1,
        last_activity_at=Bound("moment"),
    )


def test_each_update_writes_its_own_values_as_the_orms_update_would(count_reply, discussion):
    from datetime import timedelta

    from django.utils import timezone

    other = Discussion.objects.create(
        group=discussion.group, title="Une autre discussion", author=discussion.author
    )
    before = Discussion.objects.get(pk=discussion.pk)
    first, second = timezone.now() + timedelta(minutes=5), timezone.now() + timedelta(hours=2)
    assert count_reply.run(pk=discussion.pk, moment=first) == 1
    with CaptureQueriesContext(connection) as queries:
        assert count_reply.run(pk=discussion.pk, moment=second) == 1
    assert len(queries) == 1
    after = Discussion.objects.get(pk=discussion.pk)
    assert after.reply_count == before.reply_count + 2
    assert after.last_activity_at == second
    assert after.title == before.title
    # Only that row: another discussion and a key no row has are left alone.
    untouched = Discussion.objects.get(pk=other.pk)
    assert (untouched.reply_count, untouched.last_activity_at) == (
        other.reply_count,
        other.last_activity_at,
    )
    assert count_reply.run(pk=other.pk + 1000, moment=first) == 0


def test_an_update_refuses_a_bound_value_that_is_not_one_fields_whole_value(discussion):
    from django.db.models import F

    from civic.precompiled import Bound, PrecompiledUpdate

    nested = PrecompiledUpdate(
        lambda pk: Discussion.objects.filter(pk=pk), "pk", reply_count=F("reply_count") + Bound("n")
    )
    shared = PrecompiledUpdate(
        lambda pk: Discussion.objects.filter(pk=pk),
        "pk",
        created_at=Bound("moment"),
        last_activity_at=Bound("moment"),
    )
    for update in (nested, shared):
        with pytest.raises(ValueError, match="one field's whole value"):
            update.run(pk=discussion.pk, n=1, moment=discussion.created_at)
