"""The Redis cache keeps one client per connection pool (portal/core/redis_cache.py)."""

import os

import pytest

from portal.core.redis_cache import SharedClientRedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL), as in CI")


def test_one_client_per_pool_and_the_cache_works():
    cache = SharedClientRedisCache(REDIS_URL, {"KEY_PREFIX": "redis-cache-test"})
    client = cache._cache
    assert client.get_client() is client.get_client(write=True)  # one server: one pool
    cache.set("answer", 42)
    assert cache.get("answer") == 42
    assert cache.get_many(["answer", "missing"]) == {"answer": 42}
    cache.delete("answer")
    assert cache.get("answer") is None


def test_a_replaced_pool_gets_a_new_client():
    cache = SharedClientRedisCache(REDIS_URL, {"KEY_PREFIX": "redis-cache-test"})
    client = cache._cache
    first = client.get_client()
    client._pools.clear()  # as after a fork, when the pools are made again
    second = client.get_client()
    assert second is not first and second.connection_pool is not first.connection_pool
    cache.set("answer", 1)
    assert cache.get("answer") == 1
