"""No network: every non-loopback socket connection is refused while the guard is on.

Used by `coach eval` (so a stale cassette can never fall through to a live model) and by every test
(tests/conftest.py). Loopback stays open for the browser tests' local Streamlit server.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from coach.errors import CoachError


class NetworkRefused(CoachError):
    """Something tried to reach a host off this machine while the guard was on."""


def is_loopback(address: object) -> bool:
    """True for 127.0.0.0/8, ::1, localhost and AF_UNIX paths: places that stay on this machine."""
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return isinstance(address, (str, bytes))


@contextmanager
def no_network(who: str = "The eval") -> Iterator[None]:
    """Refuse every non-loopback socket connection inside the block, naming `who` tried it."""
    real_connect = socket.socket.connect

    def guarded(sock: socket.socket, address: Any) -> Any:
        if not is_loopback(address):
            raise NetworkRefused(f"{who} tried to connect to {address!r}; it must run with no network.")
        return real_connect(sock, address)

    socket.socket.connect = guarded  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
