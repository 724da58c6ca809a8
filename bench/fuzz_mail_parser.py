"""Fuzz the mail parser and the intake's pure steps after it, for --seconds N (default 300).

    .venv/bin/python bench/fuzz_mail_parser.py --seconds 60

Each input is parsed (`parse_message`), checked to be storable (the never-dropped rule of
issue #5: no NUL or lone surrogate in text, identifiers that fit their columns, safe
attachment names) and taken through what the intake does with a parsed mail short of the
database (tests/mail/mime_fuzz.py: loop detection, threading, triage, sanitising, the
held-mail answer composed from it, the page that shows it). An exception or a failed check
is a crash; its input is saved under --crash-dir.

Engines: `atheris` (coverage-guided libFuzzer; `pip install -e .[fuzz]`), seeded with real
mails from tests/mail/raw_mail.py and hostile MIME from the structured generator, with a
dictionary of MIME tokens; or `hypothesis` (the structured generator and random bytes,
batch after batch until the time is up), used when atheris is not installed.
Prints executions, executions per second and crashes, and exits 1 if there was any.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAX_ATTACHMENT = 64 * 1024
MAX_LEN = 32 * 1024  # libFuzzer's longest input
TOKENS = [b"\r\n", b"\r\n\r\n", b"--", b"=?", b"?=", b"?b?", b"?q?", b"; boundary=",
          b"; charset=", b"; filename*=", b"*0*=", b"''", b"Content-Type: ",
          b"Content-Transfer-Encoding: ", b"Content-Disposition: attachment",
          b"multipart/mixed", b"multipart/alternative", b"message/rfc822", b"text/html",
          b"base64", b"quoted-printable", b"utf-7", b"unicode-escape", b"x-bogus",
          b"From: ", b"Subject: ", b"Message-ID: <", b"References: ", b"In-Reply-To: ",
          b"Content-ID: <", b"Auto-Submitted: auto-replied", b"\x00", b"\xff", b"\xc3\xa9"]


class Target:
    """One input through the parser and the intake's pure steps; failures are recorded."""

    def __init__(self, crash_dir: Path) -> None:
        from helpdesk.mail import parse_message
        from tests.mail.mime_fuzz import assert_storable, intake_without_database

        self.parse, self.storable = parse_message, assert_storable
        self.intake = intake_without_database
        self.crash_dir = crash_dir
        self.executions = 0
        self.crashes = 0
        self.kinds: dict[str, int] = {}

    def __call__(self, raw: bytes) -> None:
        self.executions += 1
        try:
            parsed = self.parse(raw, max_attachment_bytes=MAX_ATTACHMENT)
            self.storable(parsed, max_attachment_bytes=MAX_ATTACHMENT)
            self.intake(parsed)
        except Exception as problem:  # a crash: keep the input, carry on fuzzing
            self._record(raw, problem)

    def _record(self, raw: bytes, problem: Exception) -> None:
        self.crashes += 1
        frame = traceback.extract_tb(problem.__traceback__)[-1]
        kind = f"{type(problem).__name__} at {Path(frame.filename).name}:{frame.lineno}"
        self.crash_dir.mkdir(parents=True, exist_ok=True)
        (self.crash_dir / f"crash-{hashlib.sha256(raw).hexdigest()[:16]}").write_bytes(raw)
        if kind not in self.kinds:
            print(f"CRASH {kind}: {problem!r}"[:300], file=sys.stderr, flush=True)
        self.kinds[kind] = self.kinds.get(kind, 0) + 1


def structured_seeds(count: int) -> list[bytes]:
    """Hostile MIME from the hypothesis generator, to start the coverage-guided fuzzer."""
    from hypothesis import HealthCheck, given, settings

    from tests.mail.mime_fuzz import hostile_mail

    seeds: list[bytes] = []

    @settings(max_examples=count, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(hostile_mail())
    def collect(raw: bytes) -> None:
        seeds.append(raw[:MAX_LEN])

    collect()
    return seeds


def real_seeds() -> list[bytes]:
    from tests.mail import raw_mail

    return [raw_mail.outlook_windows_1252(), raw_mail.iso_8859_15_euro(),
            raw_mail.base64_utf8_dutch(), raw_mail.html_with_attacks(),
            raw_mail.inline_image_and_attachments(big=300), raw_mail.broken_boundary(),
            raw_mail.truncated_multipart(), raw_mail.bounce(), raw_mail.plain()]


def run_hypothesis(target: Target, seconds: float) -> None:
    """No coverage guidance: the structured generator and random bytes until time is up."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.mail.mime_fuzz import hostile_mail

    deadline = time.monotonic() + seconds
    for seed in real_seeds():
        target(seed)

    @settings(max_examples=500, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(hostile_mail(), st.binary(max_size=4000)))
    def batch(raw: bytes) -> None:
        if time.monotonic() < deadline:
            target(raw)

    while time.monotonic() < deadline:
        batch()


def atheris_worker(crash_dir: Path, corpus: Path, seconds: int, stats: Path) -> None:
    """Runs inside the child process; libFuzzer ends it at -max_total_time."""
    import atheris

    crash_dir.mkdir(parents=True, exist_ok=True)
    with atheris.instrument_imports(include=["helpdesk", "email", "tests.mail"]):
        target = Target(crash_dir)
    started = time.monotonic()
    last_write = [0.0]

    def write_stats() -> None:
        stats.write_text(json.dumps({"executions": target.executions,
                                     "crashes": target.crashes, "kinds": target.kinds,
                                     "seconds": time.monotonic() - started}))

    def one_input(data: bytes) -> None:
        target(data)
        now = time.monotonic()
        if now - last_write[0] > 0.5:
            last_write[0] = now
            write_stats()

    dictionary = corpus.parent / "mime.dict"
    dictionary.write_text("".join(f'"{_escape(token)}"\n' for token in TOKENS))
    atheris.Setup([sys.argv[0], str(corpus), f"-max_total_time={seconds}",
                   f"-max_len={MAX_LEN}", "-timeout=20", "-rss_limit_mb=4096",
                   f"-artifact_prefix={crash_dir}/",  # libFuzzer's own: timeouts, OOM
                   f"-dict={dictionary}", "-print_final_stats=1"], one_input)
    import atexit

    atexit.register(write_stats)
    atheris.Fuzz()


def _escape(token: bytes) -> str:
    return "".join(chr(b) if 32 <= b < 127 and b not in b'"\\' else f"\\x{b:02x}"
                   for b in token)


def run_atheris(crash_dir: Path, seconds: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="fuzz-mail-") as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for index, seed in enumerate(real_seeds() + structured_seeds(200)):
            (corpus / f"seed-{index}").write_bytes(seed)
        stats = Path(folder) / "stats.json"
        child = subprocess.run(
            [sys.executable, __file__, "--atheris-worker", "--seconds", str(seconds),
             "--crash-dir", str(crash_dir), "--corpus", str(corpus), "--stats", str(stats)],
            capture_output=True, text=True, timeout=seconds + 600)
        found = json.loads(stats.read_text()) if stats.exists() else {}
        final = dict(re.findall(r"stat::(\w+):\s+(\d+)", child.stderr))
        for line in child.stderr.splitlines():
            if line.startswith("CRASH") or "ERROR: libFuzzer" in line:
                print(line, file=sys.stderr)
        # libFuzzer's own verdicts (a hang past -timeout, memory) are crashes as well.
        died = child.returncode != 0 and "ERROR: libFuzzer" in child.stderr
        return {"executions": int(final.get("number_of_executed_units",
                                            found.get("executions", 0))),
                "crashes": found.get("crashes", 0) + int(died),
                "kinds": found.get("kinds", {}), "fuzz_seconds": found.get("seconds")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    parser.add_argument("--crash-dir", type=Path, default=ROOT / "instance" / "fuzz-crashes")
    parser.add_argument("--atheris-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stats", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.atheris_worker:
        atheris_worker(args.crash_dir, args.corpus, args.seconds, args.stats)
        return 0
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    started = time.monotonic()
    if engine == "atheris":
        result = run_atheris(args.crash_dir, args.seconds)
    else:
        target = Target(args.crash_dir)
        run_hypothesis(target, args.seconds)
        result = {"executions": target.executions, "crashes": target.crashes,
                  "kinds": target.kinds}
    elapsed = time.monotonic() - started
    # Per second of fuzzing, without the start-up (seed generation, instrumentation).
    fuzzing = result.get("fuzz_seconds") or min(elapsed, args.seconds)
    print(f"engine:           {engine}")
    print(f"seconds:          {elapsed:.0f} (budget {args.seconds}, CPUs {os.cpu_count()})")
    print(f"executions:       {result['executions']}")
    print(f"executions/s:     {result['executions'] / max(1.0, fuzzing):.0f}")
    print(f"crashes:          {result['crashes']}")
    for kind, count in result["kinds"].items():
        print(f"  {count:>6} x {kind}")
    if result["crashes"]:
        print(f"inputs saved in {args.crash_dir}")
    print(f"summary: fuzz_mail_parser engine={engine} executions={result['executions']} "
          f"crashes={result['crashes']}")
    return 1 if result["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
