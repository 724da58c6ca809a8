"""The `date_free` mark (tests/conftest.py) lets scripts/test run a test at the test instant
only. It must be earned: a marked test that reads the project's clock, asks for the `clock`
fixture or the database, names TEST_NOW or is postgres_only fails; and scripts/test must run
the marked tests in its first pass and leave them out of the far-date passes only.

Not marked itself: it names TEST_NOW (in the sample below), so the mark would be refused."""

from __future__ import annotations

import re
from pathlib import Path

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]

SAMPLES = '''
import pytest

from helpdesk import clock as project_clock


@pytest.mark.date_free
def test_pure():
    assert 1 + 1 == 2


@pytest.mark.date_free
def test_reads_the_clock():
    project_clock.utcnow()


@pytest.mark.date_free
def test_wants_the_standing_clock(clock):
    pass


@pytest.mark.date_free
def test_wants_the_database(app):
    pass


@pytest.mark.date_free
@pytest.mark.postgres_only
def test_postgres_only():
    pass


def test_unmarked_reads_the_clock():
    project_clock.utcnow()
'''


def test_a_date_free_test_that_reads_the_clock_or_the_database_fails(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.chdir(pytester.path)
    pytester.makeconftest('pytest_plugins = ["tests.conftest"]\n'
                          "def pytest_configure(config):\n"
                          "    config.addinivalue_line('markers', 'date_free: x')\n"
                          "    config.addinivalue_line('markers', 'postgres_only: x')\n")
    pytester.makepyfile(test_samples=SAMPLES,
                        test_names_the_instant="import pytest\n"
                        "from tests.conftest import TEST_NOW\n\n\n"
                        "@pytest.mark.date_free\n"
                        "def test_at_the_instant():\n"
                        "    assert TEST_NOW\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist",
                                           "-rA", timeout=120)
    out = result.stdout.str()
    # test_reads_the_clock passes its call and errors in teardown, when the reads are counted
    result.assert_outcomes(passed=3, errors=5)
    assert re.search(r"PASSED test_samples.py::test_pure\b", out)
    assert re.search(r"PASSED test_samples.py::test_unmarked_reads_the_clock\b", out)
    for refused, why in (("test_reads_the_clock", r"read the project's clock \(reads: 1\)"),
                         ("test_wants_the_standing_clock", "it uses clock"),
                         ("test_wants_the_database", "it uses migrated_template"),
                         ("test_postgres_only", "it is postgres_only"),
                         ("test_at_the_instant", "test_names_the_instant names TEST_NOW")):
        assert re.search(rf"ERROR at \w+ of {refused} _+\n.*{why}", out), (refused, out)


def test_scripts_test_runs_date_free_tests_at_the_test_instant_only():
    script = (ROOT / "scripts" / "test").read_text()
    body = script.split("\nelse\n", 1)[1].split("\nfi\n", 1)[0]  # the three default passes
    passes = [line.strip() for line in body.splitlines() if line.strip().startswith("run")]
    assert len(passes) == 3, passes
    first, *far = passes
    assert "date_free" not in first and '""' in first  # everything, at the test instant
    assert [re.search(r"\b(20\d\d)-", line).group(1) for line in far] == ["2027", "2031"]
    assert all('-m "not date_free"' in line for line in far), far
