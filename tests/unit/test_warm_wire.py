"""What the server and its warm helper say to each other (``guest/warm/wire.py``), over a real socket pair."""

from __future__ import annotations

import os
import socket

import pytest

from secondop_tui.guest.spec import GuestSpec
from secondop_tui.guest.warm.wire import WireError, receive, send, socket_pair

pytestmark = pytest.mark.unit


def test_a_request_arrives_whole_with_its_terminal() -> None:
    server, helper = socket_pair()
    read, write = os.pipe()  # stands in for the session's terminal: any descriptor rides the same way
    try:
        spec = GuestSpec(venue="ssh", db_path=os.path.join("/srv", "p.json"), language="es")  # type: ignore[arg-type]
        request = {"id": 7, "spec": spec.to_json(), "env": {"TERM": "xterm", "LANG": "es_ES.UTF-8"}, "memory": 1 << 28}
        send(server, request, [write])
        message, fds = receive(helper)
        assert message == request and len(fds) == 1
        assert GuestSpec.from_json(message["spec"]).language == "es"
        os.write(fds[0], b"through the passed descriptor")
        assert os.read(read, 100) == b"through the passed descriptor"
        os.close(fds[0])
    finally:
        for fd in (read, write):
            os.close(fd)
        server.close()
        helper.close()


def test_messages_keep_their_bounds() -> None:
    server, helper = socket_pair()
    try:
        send(server, {"ready": True})
        send(server, {"id": 1, "pid": 4242})
        assert receive(helper) == ({"ready": True}, [])
        assert receive(helper) == ({"id": 1, "pid": 4242}, [])
    finally:
        server.close()
        helper.close()


def test_a_message_not_ours_is_refused() -> None:
    server, helper = socket_pair()
    try:
        server.send(b"[1, 2, 3]")
        with pytest.raises(WireError, match="not ours"):
            receive(helper)
        server.send(b"\xff not json")
        with pytest.raises(WireError, match="not ours"):
            receive(helper)
    finally:
        server.close()
        helper.close()


def test_the_other_end_closing_is_no_message() -> None:
    server, helper = socket_pair()
    server.close()
    try:
        assert receive(helper) == (None, [])
    finally:
        helper.close()


def test_more_than_one_descriptor_is_cut_short_and_none_leaks() -> None:
    server, helper = socket_pair()
    pipes = [os.pipe() for _ in range(2)]
    before = len(os.listdir("/proc/self/fd"))
    try:
        socket.send_fds(server, [b'{"id": 1}'], [pipes[0][1], pipes[1][1]])
        with pytest.raises(WireError, match="cut short"):
            receive(helper)
        assert len(os.listdir("/proc/self/fd")) == before  # what did arrive was closed
    finally:
        for read, write in pipes:
            os.close(read)
            os.close(write)
        server.close()
        helper.close()
