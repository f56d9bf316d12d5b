"""Essor under gunicorn for the benchmark: start, wait until it answers, watch memory, stop.

Production settings (bench.settings), 2 sync workers by default (the issue's setting:
one worker per core; sync workers are gunicorn's default and what a plain deployment
runs), bound to a free loopback port. Access logging is off: it would be measured too.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _kb(pid: int, field: str) -> int:
    """A VmRSS/VmHWM-like field of /proc/<pid>/status in kB (0 if the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class Server:
    """A gunicorn master and its workers; `peak_worker_mb` is sampled while it runs."""

    def __init__(self, scale: int, workers: int = 2, worker_class: str = "sync", threads=1):
        self.scale = scale
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.port = free_port()
        self.process = None
        self.peak_kb = {}  # worker pid -> highest VmRSS / VmHWM seen
        self._sampling = False

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def start(self, timeout: float = 60) -> "Server":
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_SCALE": str(self.scale),
        }
        command = [
            str(GUNICORN),
            "essor.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            f"--worker-class={self.worker_class}",
            f"--threads={self.threads}",
            "--log-level=warning",
            "--timeout=120",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if (
                    self.get("/bench/trivial/")[0] == 200
                    and len(self.worker_pids()) == self.workers
                ):
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError("gunicorn did not answer in time")
        self._sampling = True
        threading.Thread(target=self._sample, daemon=True).start()
        return self

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        """One request: (status, headers, body)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def _sample(self) -> None:
        while self._sampling:
            self.record_memory()
            time.sleep(0.25)

    def record_memory(self) -> None:
        for pid in self.worker_pids():
            seen = max(_kb(pid, "VmRSS"), _kb(pid, "VmHWM"))
            self.peak_kb[pid] = max(self.peak_kb.get(pid, 0), seen)

    def peak_worker_mb(self) -> float:
        self.record_memory()
        return round(max(self.peak_kb.values(), default=0) / 1024, 1)

    def stop(self) -> None:
        self._sampling = False
        if self.process and self.process.poll() is None:
            self.record_memory()
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
