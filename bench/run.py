"""Run every benchmark in bench/ in turn (``make bench``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in (
    "build_bench.py",
    "serve_bench.py",
    "weight_bench.py",
    "linker_bench.py",
    "browser_bench.py",
    "lighthouse_bench.py",
):
    print(f"== {script}", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
