"""The Docker image's build context, as `.dockerignore` leaves it: the product and nothing else.

The rules are Docker's (https://docs.docker.com/build/concepts/context/#dockerignore-files):
patterns relative to the context's root in Go's filepath.Match syntax plus `**`, a pattern
matching a directory leaves out everything below it, `!` makes an exception, the last matching
line wins.
"""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pattern_regex(pattern):
    """A .dockerignore pattern as a regular expression over a slash-separated path."""
    regex, i = "", 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                i += 1  # `**/` is `**`
            regex += ".*" if i == len(pattern) else "(.*/)?"
            continue
        if char == "*":
            regex += "[^/]*"
        elif char == "?":
            regex += "[^/]"
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            regex += re.escape(pattern[i])
        elif char == "[":
            end = pattern.index("]", i + 1)
            regex += "[" + pattern[i + 1 : end].replace("!", "^", 1) + "]"
            i = end
        else:
            regex += re.escape(char)
        i += 1
    return re.compile(f"^{regex}$")


def read_dockerignore(text):
    """(is an exception, regex) for each pattern of a .dockerignore, in order."""
    rules = []
    for line in text.splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        exception = pattern.startswith("!")
        if exception:
            pattern = pattern[1:].strip()
        pattern = os.path.normpath(pattern).replace(os.sep, "/").lstrip("/")
        rules.append((exception, pattern_regex(pattern)))
    return rules


def left_out(path, rules):
    """Whether Docker leaves `path` out: the last rule matching it or one of its parents wins."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for exception, regex in rules:
        if any(regex.match(candidate) for candidate in candidates):
            excluded = not exception
    return excluded


def build_context(root, rules):
    """Every file Docker would send from `root`, as paths relative to it."""
    exceptions = any(exception for exception, _ in rules)
    files = []
    for directory, subdirectories, names in os.walk(root):
        relative = Path(directory).relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        if not exceptions:
            # Nothing can bring back a file below a directory left out: skip it whole.
            subdirectories[:] = [d for d in subdirectories if not left_out(prefix + d, rules)]
        files += [prefix + name for name in names if not left_out(prefix + name, rules)]
    return files


@pytest.fixture(scope="module")
def image_context():
    return build_context(ROOT, read_dockerignore((ROOT / ".dockerignore").read_text()))


def test_the_image_holds_the_product(image_context):
    for path in (
        "manage.py",
        "requirements.lock",
        "portal/settings/production.py",
        "portal/wsgi.py",
        "locale/fr/LC_MESSAGES/django.po",
    ):
        assert path in image_context
    for top in ("portal", "civic", "agenda", "templates"):
        assert any(path.startswith(f"{top}/") for path in image_context), top


@pytest.mark.parametrize("tool", ["bench", "demo", "tests", "docs", ".ci", ".git", ".venv", "var"])
def test_the_image_holds_no_tool_test_document_or_local_state(image_context, tool):
    assert not [path for path in image_context if path == tool or path.startswith(f"{tool}/")]


def test_the_image_holds_neither_the_development_lock_nor_compiled_python(image_context):
    assert "requirements-dev.lock" not in image_context
    assert not [path for path in image_context if "__pycache__" in path or path.endswith(".pyc")]
    # The catalogue is compiled by the image's build, from its source.
    assert not [path for path in image_context if path.endswith(".mo")]


@pytest.mark.parametrize(
    ("dockerignore", "path", "is_left_out"),
    [
        ("docs", "docs/performance.md", True),
        ("/docs", "docs/performance.md", True),
        ("docs", "portal/docs/a.md", False),
        ("*.md", "README.md", True),
        ("*.md", "docs/a.md", False),
        ("**/*.md", "docs/deep/a.md", True),
        ("**/__pycache__", "portal/templatetags/__pycache__/x.pyc", True),
        ("portal/*/x.py", "portal/a/b/x.py", False),
        ("portal/**/x.py", "portal/a/b/x.py", True),
        ("portal/?.py", "portal/a.py", True),
        ("*\n!portal", "portal/a.py", False),
        ("*\n!portal\nportal/bench", "portal/bench/run.py", True),
        ("!portal\n*", "portal/a.py", True),
    ],
)
def test_patterns_follow_dockers_rules(dockerignore, path, is_left_out):
    assert left_out(path, read_dockerignore(dockerignore)) is is_left_out
