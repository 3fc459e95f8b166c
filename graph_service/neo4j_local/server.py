"""Run a real Neo4j Community server from the cached Maven jars, without Docker.

The server is launched the way the official `bin/neo4j` launches it (one JVM running
`org.neo4j.server.CommunityEntryPoint --home-dir --config-dir`), in its own process group,
with a `neo4j.conf` this module writes on every start from the settings. The home folder
holds `conf/`, `data/` (kept across stops), `logs/` and `run/` (the pid file).
See docs/neo4j-local.md for what was verified and why each flag is there.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph_service.config import NEO4J_VERSION, Settings
from graph_service.errors import LocalNeo4jError
from graph_service.neo4j_local.installer import find_java, install_jars

_ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
# The stock conf's JVM flags; the three --add-opens are mandatory on Java 17.
_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dfile.encoding=UTF-8",
)
_BOLT_MAGIC = b"\x60\x60\xb0\x17"
_LOG_TAIL_LINES = 40


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_port: int
    home: Path

    def describe(self) -> str:
        if self.running:
            return (
                f"Neo4j {NEO4J_VERSION} running (pid {self.pid}) on bolt://127.0.0.1:{self.bolt_port}, home {self.home}"
            )
        return f"Neo4j {NEO4J_VERSION} not running (home {self.home})"


def bolt_answers(host: str, port: int, timeout: float = 1.0) -> bool:
    """True if something on host:port completes a Bolt handshake (no credentials needed)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            # magic, then four proposed versions: 5.x range, 4.4, none, none
            sock.sendall(_BOLT_MAGIC + bytes([0, 8, 8, 5, 0, 0, 4, 4]) + bytes(8))
            reply = sock.recv(4)
            return len(reply) == 4 and reply != bytes(4)
    except OSError:
        return False


def port_in_use(host: str, port: int) -> bool:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def free_port() -> int:
    """A loopback port nothing listens on now (for test servers)."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalNeo4j:
    """One local Neo4j server: its home folder, port, memory and password."""

    def __init__(
        self,
        *,
        home: Path,
        jar_dir: Path,
        bolt_port: int,
        password: str,
        heap: str = "1g",
        pagecache: str = "512m",
        java_home: Path | None = None,
        start_timeout: float = 120.0,
        log: Callable[[str], None] = print,
    ) -> None:
        self.home = home.resolve()
        self.jar_dir = jar_dir
        self.bolt_port = bolt_port
        self.password = password
        self.heap = heap
        self.pagecache = pagecache
        self.java_home = java_home
        self.start_timeout = start_timeout
        self.log = log
        self._process: subprocess.Popen[bytes] | None = None  # set when this object started it

    @classmethod
    def from_settings(cls, settings: Settings, log: Callable[[str], None] = print) -> LocalNeo4j:
        return cls(
            home=settings.local_neo4j_home,
            jar_dir=settings.neo4j_jar_dir,
            bolt_port=settings.local_neo4j_bolt_port,
            password=settings.neo4j_password.get_secret_value(),
            heap=settings.local_neo4j_heap,
            pagecache=settings.local_neo4j_pagecache,
            java_home=settings.java_home,
            start_timeout=settings.local_neo4j_start_timeout,
            log=log,
        )

    # --- paths ----------------------------------------------------------------------------
    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    # --- status ---------------------------------------------------------------------------
    def _recorded_pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if self._is_our_server(pid) else None

    def _is_our_server(self, pid: int) -> bool:
        """The pid is alive and is a Neo4j JVM for this home (pids get reused)."""
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return False
        return _ENTRY_POINT.encode() in cmdline and f"--home-dir={self.home}".encode() in cmdline

    def status(self) -> ServerStatus:
        pid = self._recorded_pid()
        return ServerStatus(running=pid is not None, pid=pid, bolt_port=self.bolt_port, home=self.home)

    # --- start ----------------------------------------------------------------------------
    def start(self) -> ServerStatus:
        """Start the server and return once Bolt answers; a no-op if it already runs."""
        current = self.status()
        if current.running:
            self.log(f"already running: {current.describe()}")
            return current
        if port_in_use("127.0.0.1", self.bolt_port):
            raise LocalNeo4jError(
                f"port {self.bolt_port} is already in use by another process; "
                "stop it or set LOCAL_NEO4J_BOLT_PORT to a free port"
            )
        install_jars(self.jar_dir, NEO4J_VERSION)
        java = find_java(self.java_home)
        for folder in (
            self.conf_dir,
            self.data_dir,
            self.logs_dir,
            self.pid_file.parent,
            self.home / "plugins",
            self.home / "import",
        ):
            folder.mkdir(parents=True, exist_ok=True)
        self._write_conf()
        if not (self.data_dir / "databases" / "system").exists():
            self._set_initial_password(java)
        process = self._process = self._launch(java)
        self.pid_file.write_text(f"{process.pid}\n")
        self._wait_for_bolt(process)
        status = self.status()
        self.log(f"started: {status.describe()}")
        return status

    def _write_conf(self) -> None:
        home = self.home
        lines = [
            "# Written by orggraph on every start; edit the settings (LOCAL_NEO4J_*), not this file.",
            f"server.directories.data={home / 'data'}",
            f"server.directories.logs={home / 'logs'}",
            f"server.directories.run={home / 'run'}",
            f"server.directories.plugins={home / 'plugins'}",
            f"server.directories.import={home / 'import'}",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{self.bolt_port}",
            "server.http.enabled=false",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            f"server.memory.heap.initial_size={self.heap}",
            f"server.memory.heap.max_size={self.heap}",
            f"server.memory.pagecache.size={self.pagecache}",
            # no network beyond the package registries: don't phone home
            "dbms.usage_report.enabled=false",
            # the loader and tests run many small transactions; keep the query log quiet
            "db.logs.query.enabled=OFF",
        ]
        (self.conf_dir / "neo4j.conf").write_text("\n".join(lines) + "\n")

    def _admin_env(self) -> dict[str, str]:
        return {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.conf_dir)}

    def _classpath(self) -> str:
        return f"{self.home / 'plugins'}/*:{self.conf_dir}/*:{self.jar_dir}/*"

    def _set_initial_password(self, java: Path) -> None:
        if len(self.password) < 8:
            raise LocalNeo4jError("NEO4J_PASSWORD must have at least 8 characters (Neo4j's minimum)")
        result = subprocess.run(
            [
                str(java),
                "-cp",
                self._classpath(),
                f"-Dbasedir={self.home}",
                "org.neo4j.server.startup.Neo4jAdminCommand",
                "dbms",
                "set-initial-password",
                self.password,
            ],
            env=self._admin_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise LocalNeo4jError(f"setting the initial password failed:\n{result.stdout}{result.stderr}")

    def _launch(self, java: Path) -> subprocess.Popen[bytes]:
        command = [
            str(java),
            "-cp",
            self._classpath(),
            *_JVM_FLAGS,
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            _ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_dir}",
        ]
        console = (self.logs_dir / "console.log").open("ab")
        try:
            # a session of its own: the server outlives this command and gets signals only from stop()
            return subprocess.Popen(
                command,
                cwd=self.home,
                env=self._admin_env(),
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            console.close()

    def _wait_for_bolt(self, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise LocalNeo4jError(
                    f"Neo4j exited with code {process.returncode} during start-up.\n{self.log_tail()}"
                )
            if bolt_answers("127.0.0.1", self.bolt_port):
                return
            time.sleep(0.25)
        self._terminate(process.pid, grace=10)
        raise LocalNeo4jError(
            f"Neo4j did not answer on Bolt port {self.bolt_port} within {self.start_timeout:.0f} s.\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = _LOG_TAIL_LINES) -> str:
        parts = []
        for name in ("neo4j.log", "console.log"):
            path = self.logs_dir / name
            if path.is_file():
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                if tail:
                    parts.append(f"--- last lines of {path} ---\n" + "\n".join(tail))
        return "\n".join(parts) or f"(no log in {self.logs_dir})"

    # --- stop -----------------------------------------------------------------------------
    def stop(self, grace: float = 60.0) -> bool:
        """Shut the server down cleanly (SIGTERM, SIGKILL after `grace`). Data is kept."""
        pid = self._recorded_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            self.log(f"not running (home {self.home})")
            return False
        self._terminate(pid, grace)
        self.pid_file.unlink(missing_ok=True)
        self.log(f"stopped Neo4j (pid {pid}); data kept in {self.data_dir}")
        return True

    def _terminate(self, pid: int, grace: float) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        if self._process is not None and self._process.pid == pid:
            # our own child: wait on it, which also collects its exit status
            try:
                self._process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
                self._process.wait()
            self._process = None
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and self._is_our_server(pid):
            time.sleep(0.2)
        if self._is_our_server(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
