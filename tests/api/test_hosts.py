"""Which Host headers ``eventwire serve`` answers, for each kind of address it can be bound to.

(The loopback default and ``--allow-host`` are tested against a real server in test_serve.py; these binds
would expose a test server beyond this machine, so their policy is tested on its own.)
"""

from __future__ import annotations

import socket

import pytest

from eventwire.api.app import HostPolicy
from eventwire.errors import ConfigError


@pytest.mark.parametrize("bind", ["127.0.0.1", "localhost", "::1", "[::1]"])
def test_a_loopback_bind_answers_to_the_loopback_names_only(bind: str) -> None:
    policy = HostPolicy.for_bind(bind)
    for host in ("localhost", "localhost:8000", "127.0.0.1", "127.0.0.1:8000", "[::1]", "[::1]:8000",
                 "[0:0:0:0:0:0:0:1]:8000", "LocalHost:8000", "localhost.:8000"):
        assert policy.accepts(host), host
    for host in ("evil.example", "evil.example:8000", "localhost.evil.example", "127.0.0.2", "[::2]",
                 socket.gethostname() + ".invalid", "", None, "localhost:", "localhost:http", "localhost:99999",
                 "::1", "[::1", "[127.0.0.1]", "local host", "localhost:8000:8000", "localhost/x"):
        assert not policy.accepts(host), host


def test_a_specific_address_answers_to_that_address() -> None:
    policy = HostPolicy.for_bind("192.0.2.7")
    assert policy.accepts("192.0.2.7") and policy.accepts("192.0.2.7:8000")
    for host in ("localhost", "127.0.0.1", "192.0.2.8", "evil.example"):
        assert not policy.accepts(host), host
    named = HostPolicy.for_bind("analyst.example.org")
    assert named.accepts("analyst.example.org:8000") and not named.accepts("localhost")


@pytest.mark.parametrize("bind", ["0.0.0.0", "::"])
def test_every_address_answers_to_this_machines_names_and_any_ip(bind: str) -> None:
    policy = HostPolicy.for_bind(bind)
    for host in (socket.gethostname(), f"{socket.getfqdn()}:8000", "localhost:8000", "192.0.2.7:8000",
                 "10.1.2.3", "[2001:db8::7]:8000", "[::1]"):
        assert policy.accepts(host), host
    for host in ("evil.example", "evil.example:8000", "192.0.2.7.nip.io", ""):
        assert not policy.accepts(host), host


def test_allowed_hosts_add_names_and_star_accepts_any() -> None:
    policy = HostPolicy.for_bind("127.0.0.1", ["Analyst.Example.org", "proxy.example:8443", "2001:db8::7"])
    for host in ("analyst.example.org", "analyst.example.org:80", "proxy.example:8443", "[2001:db8::7]:8000",
                 "localhost"):
        assert policy.accepts(host), host
    for host in ("proxy.example", "proxy.example:80", "sub.analyst.example.org"):
        assert not policy.accepts(host), host
    assert HostPolicy.for_bind("127.0.0.1", ["*"]).accepts("evil.example")


@pytest.mark.parametrize("entry", ["", "http://analyst.example.org", "analyst.example.org/", "a b", "host:port",
                                   "*.example.org"])
def test_an_allowed_host_that_is_no_host_name_is_refused(entry: str) -> None:
    with pytest.raises(ConfigError, match="not a host name or address"):
        HostPolicy.for_bind("127.0.0.1", [entry])
