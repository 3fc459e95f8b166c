"""Helpers the measuring scripts share: an API served in its own process, its memory and CPU
read from /proc, percentiles."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ORGGRAPH = Path(sys.executable).parent / "orggraph"


def percentile(samples: Sequence[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass
class ServedApi:
    """`orggraph serve` in a child process, on a loopback port."""

    process: subprocess.Popen[bytes]
    url: str

    @classmethod
    def start(cls, port: int, env: dict[str, str] | None = None, timeout: float = 60) -> ServedApi:
        environment = {**os.environ, "API_PORT": str(port), "LOG_LEVEL": "warning", **(env or {})}
        process = subprocess.Popen([str(ORGGRAPH), "serve"], env=environment, cwd=ROOT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    return cls(process, url)
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit("the API did not become ready")
            time.sleep(0.2)

    def rss_mb(self) -> float:
        return proc_rss_mb(self.process.pid)

    def cpu_seconds(self) -> float:
        return proc_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
