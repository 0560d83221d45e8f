"""The requests go wherever the checklist goes: ``secondop export`` (text and Markdown) and a QR code."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from secondop_tui.content import Guide
from secondop_tui.take_away.qr import plan_codes
from secondop_tui.tracker.board import Tracked
from secondop_tui.tracker.model import RecordRequest

from conftest import run_secondop

REQUESTS = {
    "request-1": {"what": "pathology", "office": "City Hospital", "asked": "2026-11-01", "note": "Ask for Dr Lee"},
    "request-2": {
        "what": "labs",
        "office": "Lab One",
        "asked": "2026-11-01",
        "received": "2026-11-10",
        "sent": "2026-11-11",
    },
}
CALLS = {"call-1": {"kind": "denial", "on": "2026-06-01", "reference": "R-5521", "said": "Not in network"}}


def progress(tmp_path: Path) -> Path:
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"meta": {"state": {"schema": 3}}, "requests": REQUESTS, "calls": CALLS}))
    os.chmod(path, 0o600)
    return path


def test_export_holds_the_requests_in_text_and_markdown(tmp_path: Path) -> None:
    path = progress(tmp_path)
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "SECONDOP_TODAY": "2026-12-05"}
    text = run_secondop("export", "--db", str(path), env=env)
    assert text.returncode == 0, text.stderr
    assert (
        "Records you asked for\n---------------------\n* Pathology report - City Hospital: late: 4 days past due"
        in text.stdout
    )
    assert "  Note: Ask for Dr Lee" in text.stdout and "* Lab results - Lab One: sent" in text.stdout
    assert "* Denial: late: 7 days past due" in text.stdout and "  Reference: R-5521" in text.stdout
    markdown = run_secondop("export", "--db", str(path), "--format", "md", env=env)
    assert "## Records you asked for\n\n- Pathology report - City Hospital: late: 4 days past due" in markdown.stdout
    assert "## Insurance calls and appeals" in markdown.stdout


def test_a_qr_code_holds_the_open_requests(guide: Guide) -> None:
    request = RecordRequest(
        "request-1", "pathology", "", "City Hospital", "", date(2026, 11, 1), False, None, None, "", ""
    )
    done = RecordRequest(
        "request-2", "labs", "", "Lab One", "", date(2026, 11, 1), False, date(2026, 11, 9), date(2026, 11, 10), "", ""
    )
    plan = plan_codes(guide, [], 80, 22, date(2026, 12, 5), Tracked([request, done], []))
    whole = "".join(plan.parts)
    assert "Pathology report - City Hospital: late: 4 days past due" in whole
