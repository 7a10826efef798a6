"""Dependencies that are declared are used, and used ones are declared (deptry over src, tests, benchmarks)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_declared_dependencies_are_the_imported_ones():
    deptry = shutil.which("deptry", path=str(Path(sys.executable).parent)) or shutil.which("deptry")
    if deptry is None:
        pytest.fail("deptry is not installed: it is a test dependency (pip install -e '.[test]')")
    run = subprocess.run([deptry, "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
