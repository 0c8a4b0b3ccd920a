"""genchain.publish.kernel_wait: a message whose wake-up was missed is seen within a slice, not at the timeout."""

import asyncio
import time
from queue import Empty

import pytest

from genchain.publish import kernel_wait


class MissedWakeups:
    """A socket whose poller never hears the message arrive: like pyzmq's asyncio poller after a lost
    edge, it looks again only when its own timeout ends."""

    def __init__(self, arrives_after: float | None):
        self.arrives = None if arrives_after is None else time.monotonic() + arrives_after
        self.polls = 0

    async def poll(self, timeout_ms):
        self.polls += 1
        await asyncio.sleep(timeout_ms / 1000)
        return self.arrives is not None and time.monotonic() >= self.arrives


class Channel:
    def __init__(self, socket):
        self.socket = socket

    async def _recv(self):
        return {"msg_type": "execute_reply"}


def test_a_missed_wakeup_costs_one_slice(monkeypatch):
    monkeypatch.setattr(kernel_wait, "SLICE_S", 0.05)
    channel = Channel(MissedWakeups(arrives_after=0.1))
    t = time.monotonic()
    msg = asyncio.run(kernel_wait.get_msg(channel, timeout=30))
    took = time.monotonic() - t
    # the message came at 0.1 s: seen at the end of the slice it arrived in (<= 0.15 s), not at 30 s
    assert msg == {"msg_type": "execute_reply"} and took < 1.0
    assert channel.socket.polls in (2, 3, 4)


def test_the_timeout_still_holds(monkeypatch):
    monkeypatch.setattr(kernel_wait, "SLICE_S", 0.05)
    channel = Channel(MissedWakeups(arrives_after=None))
    t = time.monotonic()
    with pytest.raises(Empty):
        asyncio.run(kernel_wait.get_msg(channel, timeout=0.2))
    assert 0.18 < time.monotonic() - t < 1.0   # Empty at the deadline: 4 slices of 0.05 s


def test_installed_in_this_test_run():
    """conftest.py installs it for every test (the packs' fresh-venv run, nbmake); the build installs it too."""
    assert kernel_wait.installed()
