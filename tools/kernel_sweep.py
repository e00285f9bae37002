"""Run nbval once per numerical kernel this CPU can run: ``make kernels`` (``NB=04`` for one).

A learner's CPU is not ours. NumPy hands matrix products to OpenBLAS, which picks a kernel
for the CPU it finds (SSE3, Nehalem, AVX, AVX2, AVX-512), and NumPy's own loops (exp, tanh,
sums) pick SIMD code the same way; each rounds the last bit differently. Every output that
nbval compares must come out the same with all of them. This script re-runs nbval with each
OpenBLAS kernel the CPU supports forced through ``OPENBLAS_CORETYPE``, checks with
threadpoolctl that the kernel really ran, and once more with NumPy's best SIMD level switched
off (``NPY_DISABLE_CPU_FEATURES``), then prints one line per run.

It is a maintainer's check, run by hand after changing a notebook, never by the tests or CI:
it takes a few minutes per kernel.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NB_ENV = {
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}
# OpenBLAS core types, oldest first, and the CPU flag each one needs.
KERNELS = [
    ("Prescott", "sse2"),
    ("Nehalem", "sse4_2"),
    ("Sandybridge", "avx"),
    ("Haswell", "avx2"),
    ("Zen", "avx2"),  # Haswell's kernels with other block sizes: other sums, other last bits
    ("SkylakeX", "avx512f"),
]
NUMPY_LEVELS = [("X86_V4", "avx512f"), ("X86_V3", "avx2")]
PROBE = (
    "import json, threadpoolctl; "
    "from numpy._core._multiarray_umath import __cpu_features__ as f; "
    "info = [i for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas']; "
    "print(json.dumps({'blas': info[0].get('architecture') if info else None, "
    "'simd': [k for k in ('X86_V4', 'X86_V3', 'X86_V2') if f.get(k)][:1]}))"
)


def cpu_flags():
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def runs(flags):
    """(label, extra environment) of every run this CPU supports."""
    out = [("default", {})]
    out += [(name, {"OPENBLAS_CORETYPE": name}) for name, flag in KERNELS if flag in flags]
    level = next((lvl for lvl, flag in NUMPY_LEVELS if flag in flags), None)
    if level:
        out.append((f"numpy without {level}", {"NPY_DISABLE_CPU_FEATURES": level}))
    return out


def probe(env):
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", default=["notebooks"])
    parser.add_argument("--workers", default="2", help="pytest-xdist workers (default 2)")
    args = parser.parse_args(argv)
    flags = cpu_flags()
    if not flags:
        raise SystemExit("no /proc/cpuinfo: this sweep knows only x86 Linux kernels")
    failed = False
    for label, extra in runs(flags):
        env = {**os.environ, **NB_ENV, **extra}
        seen = probe(env)
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            "tests/nbval_sanitize.cfg",
            "--nbval-cell-timeout=600",
            "-n",
            args.workers,
            "--dist",
            "loadfile",
            *args.notebooks,
        ]
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "no output"
        cells = [line for line in done.stdout.splitlines() if line.startswith("FAILED")]
        print(
            f"{label:22} BLAS {seen['blas']!s:12} numpy SIMD {''.join(seen['simd']) or '-':8}"
            f"{time.perf_counter() - start:6.0f} s  {summary}",
            flush=True,
        )
        for line in cells:
            print(f"    {line.split(' - ')[0]}", flush=True)
        failed |= done.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
