"""``python -m secondop_tui.guest SPEC``: one guest's app, as ``secondop serve`` and ``secondop web`` start it
cold (SPEC is a ``GuestSpec`` in JSON). Not for people: ``secondop`` is their command."""

from __future__ import annotations

import sys

from secondop_tui.guest.run import FAILED, run_guest
from secondop_tui.guest.spec import BadSpec, GuestSpec


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m secondop_tui.guest SPEC (started by secondop serve and secondop web)", file=sys.stderr)
        return FAILED
    try:
        spec = GuestSpec.from_json(argv[0])
    except BadSpec as error:
        print(f"secondop: not a guest's spec: {error}", file=sys.stderr)
        return FAILED
    return run_guest(spec)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
