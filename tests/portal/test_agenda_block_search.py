"""The agenda block's territory reaches the search index by its name, read by its key alone:
building the block's list of territories (every commune of France while the portal has no
territory yet) for each page indexed made `setup_demo` take half a minute."""

from portal.blocks.events import UpcomingEventsBlock


def territory_block():
    return UpcomingEventsBlock().child_blocks["territory"]


def test_the_chosen_territory_is_indexed_by_its_name_in_one_query(creil, django_assert_num_queries):
    with django_assert_num_queries(1):
        content = territory_block().get_searchable_content(str(creil.pk))

    assert content == [f"Creil — {creil.get_kind_display()}"]


def test_a_block_without_territory_adds_nothing_to_the_index(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert territory_block().get_searchable_content("") == []
        assert territory_block().get_searchable_content("not-a-key") == []
