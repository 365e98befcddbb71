"""The Redis cache backend production uses: values round-trip, with one client per pool."""

import socket

import pytest

from portal.redis_cache import RedisCache


def redis_runs():
    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not redis_runs(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_cache():
    cache = RedisCache("redis://127.0.0.1:6379/13", {"KEY_PREFIX": "parvis-test-client"})
    yield cache
    cache.clear()


def test_values_written_are_read_back_and_forgotten(redis_cache):
    redis_cache.set("greeting", {"text": "Bonjour"}, 30)

    assert redis_cache.get("greeting") == {"text": "Bonjour"}
    redis_cache.delete("greeting")
    assert redis_cache.get("greeting") is None


def test_every_operation_reuses_the_same_client(redis_cache):
    client = redis_cache._cache.get_client(write=True)

    redis_cache.set("counter", 1, 30)
    redis_cache.incr("counter")

    assert redis_cache._cache.get_client() is client
    assert redis_cache.get("counter") == 2


def test_a_counter_is_incremented_in_place_keeping_its_expiry(redis_cache):
    redis_cache.set("counter", 1, 30)

    assert redis_cache.incr("counter", 5) == 6
    assert redis_cache.get("counter") == 6
    client = redis_cache._cache.get_client(write=True)
    assert 0 < client.ttl(redis_cache.make_and_validate_key("counter")) <= 30


def test_incrementing_a_missing_counter_fails_and_creates_nothing(redis_cache):
    with pytest.raises(ValueError):
        redis_cache.incr("never-set")

    assert redis_cache.get("never-set") is None
