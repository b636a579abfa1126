"""The sliding windows alone, on a clock the test moves: N calls pass, the next waits, and
the window slides (it is not a fixed minute that resets at once)."""

from __future__ import annotations

from web.security.policies import POLICIES, SEARCH, SUBMISSION, Limit
from web.security.ratelimit import MAX_KEYS, InMemoryWindows, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_n_calls_pass_then_the_next_waits_until_the_oldest_leaves() -> None:
    clock = Clock()
    windows = InMemoryWindows(clock)
    limit = Limit(3, 60)
    for step in range(3):
        clock.now = 1000 + step * 10  # at 1000, 1010, 1020
        assert windows.check([("k", limit)]) == 0
    clock.now = 1030
    assert windows.check([("k", limit)]) == 30  # the call at 1000 leaves at 1060
    clock.now = 1059.5
    assert windows.check([("k", limit)]) == 0.5
    clock.now = 1060
    assert windows.check([("k", limit)]) == 0  # one slot free again...
    assert windows.check([("k", limit)]) == 10  # ...and taken: the next leaves at 1070


def test_a_refused_call_is_not_counted() -> None:
    clock = Clock()
    windows = InMemoryWindows(clock)
    limit = Limit(1, 60)
    assert windows.check([("k", limit)]) == 0
    for _ in range(50):  # hammering while refused does not push the wait further
        assert windows.check([("k", limit)]) > 0
    clock.now += 60
    assert windows.check([("k", limit)]) == 0


def test_every_key_must_allow_and_none_is_counted_when_one_refuses() -> None:
    clock = Clock()
    windows = InMemoryWindows(clock)
    ip, account = ("ip", Limit(2, 60)), ("account", Limit(1, 60))
    assert windows.check([ip, account]) == 0
    assert windows.check([ip, account]) == 60  # the account is full
    assert windows.check([ip]) == 0  # the address had one call counted, not two
    assert windows.check([ip]) == 60


def test_keys_expire_and_memory_stays_bounded() -> None:
    clock = Clock()
    windows = InMemoryWindows(clock)
    limit = Limit(5, 10)
    for n in range(3000):  # a flood of addresses, each calling once
        windows.check([(f"ip:{n}", limit)])
        clock.now += 0.01
    assert len(windows) <= 3000
    clock.now += 100  # all windows over: the next sweep drops every old key
    for n in range(1000):
        windows.check([(f"new:{n}", limit)])
    assert len(windows) <= 1000
    assert MAX_KEYS >= 100_000


def test_routes_find_their_policy() -> None:
    limiter = RateLimiter(POLICIES, scale=1)
    assert limiter.policy_for("POST", {"/tasks/{task_id:int}/submit"}) is SUBMISSION
    assert limiter.policy_for("GET", {"/search/suggest"}) is SEARCH
    assert limiter.policy_for("GET", {"/s/{code:str}/feed.atom"}).name == "public"
    assert limiter.policy_for("GET", {"/tasks/{task_id:int}/submit"}) is None
    assert limiter.policy_for("GET", {"/timetables"}) is None
    assert limiter.policy_for("GET", {"/calendar/feed/{name:str}"}).name == "public"
    assert limiter.policy_for("POST", {"/lti/launch"}).name == "lti"
    assert limiter.policy_for("POST", {"/support/new"}).name == "support_request"


def test_scale_multiplies_counts_and_zero_turns_limits_off() -> None:
    assert RateLimiter(POLICIES, scale=0.1)._scaled(Limit(120, 60)) == Limit(12, 60)
    assert RateLimiter(POLICIES, scale=0.001)._scaled(Limit(120, 60)) == Limit(1, 60)
    assert RateLimiter(POLICIES, scale=0).scale == 0


def test_a_flood_of_new_addresses_is_capped(monkeypatch: object) -> None:
    import web.security.ratelimit as ratelimit

    monkeypatch.setattr(ratelimit, "MAX_KEYS", 100)  # type: ignore[attr-defined]
    clock = Clock()
    windows = InMemoryWindows(clock)
    for n in range(1000):  # all live: none has expired
        windows.check([(f"ip:{n}", Limit(5, 3600))])
    assert len(windows) <= 100
    assert windows.check([("ip:999", Limit(1, 3600))]) > 0  # the newest are kept
