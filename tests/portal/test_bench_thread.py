"""Every benchmark run replies in the same long discussion, as the seeder left it."""

from factories import make_member

from civic.models import Membership, Theme
from civic.services import discussions, groups
from portal.bench.targets import BENCH_REPLY, join_the_long_discussion


def test_a_new_run_starts_from_the_thread_without_the_replies_of_the_last_one(creil, settings):
    settings.CIVIC_POST_RATE = ""
    opener = make_member(first_name="Anne", last_name="Ouvre", commune=creil)
    visitor = make_member(first_name="Vic", last_name="Banc", commune=creil)
    group = groups.create_group(
        user=opener,
        name="Jardins partagés",
        description="Des jardins.",
        theme=Theme.objects.first(),
        territory=creil,
        join_policy="open",
        rules_text="",
    )
    thread = discussions.start_discussion(user=opener, group=group, title="Semis", body="Quand ?")
    join_the_long_discussion(visitor)
    assert Membership.objects.filter(group=group, user=visitor).exists()
    own_words = discussions.reply(user=visitor, discussion=thread, body="En avril.")
    for _ in range(3):  # the last run's load
        discussions.reply(user=visitor, discussion=thread, body=BENCH_REPLY)

    join_the_long_discussion(visitor)

    thread.refresh_from_db()
    assert list(thread.posts.values_list("body", flat=True)) == ["Quand ?", own_words.body]
    assert thread.reply_count == 1
