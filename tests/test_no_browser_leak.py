"""Only the browser tests run in Chromium: a test elsewhere that names an argument like one of
pytest-playwright's fixtures (page, context, browser) would start Playwright's event loop in the
main thread, and every database test after it would fail."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_only_the_browser_tests_are_run_in_a_browser():
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    in_browser = [line for line in collected if "[chromium" in line]
    assert in_browser, "the browser tests are collected"
    assert [line for line in in_browser if not line.startswith("tests/browser/")] == []
