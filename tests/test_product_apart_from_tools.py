"""The product (portal, civic, agenda) stands without its tools, the benchmark and the demo:
it never imports them, and only the settings of development, tests and `make bench` add them."""

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("portal", "civic", "agenda")
TOOLS = {"bench", "demo"}


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_module_of_the_product_imports_the_benchmark_or_the_demo():
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for app in PRODUCT
        for path in sorted((ROOT / app).rglob("*.py"))
        for name in imported_modules(path)
        if name.split(".")[0] in TOOLS
    ]
    assert found == []


def installed_apps(settings_module):
    return set(importlib.import_module(settings_module).INSTALLED_APPS)


def test_the_production_settings_install_neither_the_benchmark_nor_the_demo():
    assert not installed_apps("portal.settings.production") & TOOLS


@pytest.mark.parametrize("settings_module", ["portal.settings.dev", "portal.settings.test"])
def test_development_and_tests_install_the_demo_but_not_the_benchmark(settings_module):
    assert installed_apps(settings_module) & TOOLS == {"demo"}


def test_the_benchmark_settings_are_production_ones_with_the_benchmark_and_its_demo():
    bench_settings = importlib.import_module("bench.settings")

    assert installed_apps("bench.settings") == installed_apps("portal.settings.production") | TOOLS
    assert bench_settings.ROOT_URLCONF == "bench.urls"
    assert bench_settings.DEBUG is False
