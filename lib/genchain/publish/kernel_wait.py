"""Wait for a Jupyter kernel's messages in slices of a second, so a missed wake-up costs a second, not minutes.

The build runs every notebook through jupyter_client's asyncio channels. A channel waits for a
message with ``socket.poll(timeout)``: pyzmq's asyncio poller sleeps until the socket's
(edge-triggered) file descriptor signals, or until the timeout, and then asks ZeroMQ once more
whether a message is there. When the signal is missed (pyzmq#2173 describes one way), a message
that has already arrived is only seen at the timeout: the build stopped for the full 120 s cell
timeout with the kernel idle, in about one build in three, then went on as if nothing happened.

:func:`install` makes every asyncio channel of this process wait in slices of
:data:`SLICE_S` seconds; each slice ends with that second look, so a message is never left
waiting longer than a slice. Timeouts keep their meaning: a message that does not come still
raises ``queue.Empty`` at the deadline. The Sphinx extension :mod:`genchain.sphinxext.notebook`
installs it in the build, and the repository's ``conftest.py`` in pytest (nbmake, the packs' test).
"""

from __future__ import annotations

import time
from queue import Empty

__all__ = ["SLICE_S", "install", "installed", "get_msg"]

#: the longest a message that has arrived may wait unseen (seconds)
SLICE_S = 1.0


async def get_msg(self, timeout: float | None = None) -> dict:
    """``AsyncZMQSocketChannel.get_msg``, polling in slices of :data:`SLICE_S` seconds (``timeout`` in s)."""
    assert self.socket is not None
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        wait = SLICE_S if left is None else min(SLICE_S, left)
        if await self.socket.poll(int(wait * 1000)):
            return await self._recv()
        if left is not None and left <= SLICE_S:
            raise Empty


def install() -> None:
    """Make jupyter_client's asyncio channels in this process wait with :func:`get_msg` (idempotent)."""
    from jupyter_client.channels import AsyncZMQSocketChannel

    AsyncZMQSocketChannel.get_msg = get_msg


def installed() -> bool:
    """Whether :func:`install` has run in this process."""
    from jupyter_client.channels import AsyncZMQSocketChannel

    return AsyncZMQSocketChannel.get_msg is get_msg
