"""The signed-in account is loaded on each request with whether its email is confirmed."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import make_member

from civic.people.auth_backends import AccountBackend, AxesRememberedPermissionsBackend
from civic.people.permissions import has_confirmed_email


def test_each_backend_loads_the_account_with_its_confirmed_email_in_one_query(db, creil):
    confirmed = make_member(first_name="Inès", last_name="Martin", commune=creil)
    pending = make_member(first_name="Paul", last_name="Durand", commune=creil, confirmed=False)
    for backend in (AccountBackend(), AxesRememberedPermissionsBackend()):
        with CaptureQueriesContext(connection) as queries:
            loaded = backend.get_user(str(confirmed.pk))  # as the session keeps it
            waiting = backend.get_user(pending.pk)
            assert has_confirmed_email(loaded)
            assert not has_confirmed_email(waiting)
        assert len(queries.captured_queries) == 2
        assert (loaded.pk, loaded.email) == (confirmed.pk, confirmed.email)
        assert waiting.get_full_name() == pending.get_full_name()


def test_a_session_naming_no_account_or_a_closed_one_signs_nobody_in(db, creil):
    closed = make_member(first_name="Léo", last_name="Petit", commune=creil)
    closed.is_active = False
    closed.save()
    backend = AccountBackend()
    assert backend.get_user(closed.pk) is None
    assert backend.get_user(closed.pk + 1000) is None
    assert backend.get_user("pas-un-numéro") is None


def test_a_member_whose_account_is_closed_is_signed_out_on_the_next_page(client, db, creil):
    member = make_member(first_name="Zoé", last_name="Roux", commune=creil)
    client.force_login(member)
    assert client.get("/mon-compte/").status_code == 200
    member.is_active = False
    member.save()
    assert client.get("/mon-compte/").status_code == 302


def test_the_account_signed_in_has_its_values_as_the_orm_loads_them(db, creil):
    member = make_member(first_name="Inès", last_name="Martin", commune=creil)
    expected = get_user_model().objects.get(pk=member.pk)
    for _ in range(2):  # the statement is compiled once per process: the same at each lookup
        loaded = AccountBackend().get_user(member.pk)
        for field in get_user_model()._meta.concrete_fields:
            assert getattr(loaded, field.attname) == getattr(expected, field.attname)
        assert loaded.date_joined.tzinfo is not None
        assert has_confirmed_email(loaded) is True
