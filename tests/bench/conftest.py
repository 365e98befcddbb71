"""The benchmark's own tests: a thread as its seeder leaves them."""

import pytest
from factories import make_group, make_member

from civic.dialogue.services import discussions


@pytest.fixture
def thread(creil, settings):
    """The long discussion as the seeder leaves it: the last one, opened by someone else."""
    settings.CIVIC_POST_RATE = ""
    opener = make_member(first_name="Anne", last_name="Ouvre", commune=creil)
    group = make_group(
        user=opener,
        name="Jardins partagés",
        description="Des jardins.",
        territory=creil,
        rules_text="",
    )
    return discussions.start_discussion(user=opener, group=group, title="Semis", body="Quand ?")
