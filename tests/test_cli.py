"""The `orggraph` command line, run in-process against the real Neo4j (and as a process of
its own where what reaches its stderr is the point)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j import Driver
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.neo4j_local import free_port
from graph_service.paths import PROJECT_ROOT
from tests.neo4j_provider import Neo4jTarget

runner = CliRunner()


def env_for(target: Neo4jTarget, **extra: str) -> dict[str, str]:
    return {
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
        "NEO4J_DATABASE": target.database,
        **extra,
    }


def test_bad_setting_is_one_clear_message(neo4j_target: Neo4jTarget) -> None:
    result = runner.invoke(app, ["migrate"], env=env_for(neo4j_target, API_PORT="not-a-port"))
    assert result.exit_code == 2
    assert "API_PORT" in result.stderr
    assert "Traceback" not in result.output


def test_bad_uri_scheme_is_refused(neo4j_target: Neo4jTarget) -> None:
    result = runner.invoke(app, ["migrate"], env=env_for(neo4j_target, NEO4J_URI="http://127.0.0.1:7474"))
    assert result.exit_code == 2
    assert "NEO4J_URI" in result.stderr


def test_development_password_is_refused_in_production(neo4j_target: Neo4jTarget) -> None:
    env = env_for(neo4j_target, ORGGRAPH_ENV="production")
    del env["NEO4J_PASSWORD"]
    result = runner.invoke(app, ["migrate"], env=env)
    assert result.exit_code == 2
    assert "NEO4J_PASSWORD must be set in production" in result.stderr


def test_wrong_password_says_so(neo4j_target: Neo4jTarget) -> None:
    result = runner.invoke(app, ["serve"], env=env_for(neo4j_target, NEO4J_PASSWORD="definitely-wrong"))
    assert result.exit_code == 2
    assert "refused the credentials" in result.stderr
    assert "NEO4J_PASSWORD" in result.stderr


def test_unreachable_database_says_so(neo4j_target: Neo4jTarget) -> None:
    from graph_service.neo4j_local import free_port

    result = runner.invoke(app, ["migrate"], env=env_for(neo4j_target, NEO4J_URI=f"bolt://127.0.0.1:{free_port()}"))
    assert result.exit_code == 2
    assert "is unavailable" in result.stderr


def test_migrate_is_idempotent(neo4j_target: Neo4jTarget) -> None:
    for _ in range(2):
        result = runner.invoke(app, ["migrate"], env=env_for(neo4j_target))
        assert result.exit_code == 0, result.output
        assert "body_id" in result.stderr


def test_export_schema_check_passes_on_the_committed_file() -> None:
    result = runner.invoke(app, ["export-schema", "--check"])
    assert result.exit_code == 0, result.output


def test_status_of_a_stopped_local_server_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["neo4j", "status"], env={"LOCAL_NEO4J_HOME": str(tmp_path)})
    assert result.exit_code == 3
    assert "not running" in result.stdout


@pytest.mark.parametrize("command", [["neo4j", "stop"]])
def test_stopping_a_stopped_server_is_harmless(tmp_path: Path, command: list[str]) -> None:
    result = runner.invoke(app, command, env={"LOCAL_NEO4J_HOME": str(tmp_path)})
    assert result.exit_code == 0
    assert "not running" in result.stderr


def test_seed_check_reports_every_error_with_its_place(tmp_path: Path) -> None:
    from tests.seed_fixture import small_seed, write_seed

    files = small_seed()
    files["990100-city/bodies.yaml"]["bodies"][0]["valid_to"] = "2019-02-30"
    files["990100-city/bodies.yaml"]["duties"][0]["holders"][0]["body"] = "990100.nowhere"
    seed_dir = write_seed(tmp_path, files)
    result = runner.invoke(app, ["seed", "--check"], env={"SEED_DIR": str(seed_dir)})
    assert result.exit_code == 2
    assert "2 error(s)" in result.stderr
    assert "seed/990100-city/bodies.yaml: bodies[0] (990100.land): valid_to:" in result.stderr
    assert "holders.0.body: unknown body '990100.nowhere'" in result.stderr
    assert "Traceback" not in result.output


def test_seed_loads_and_reports_counts(neo4j_target: Neo4jTarget, empty_graph: Driver, tmp_path: Path) -> None:
    from tests.seed_fixture import small_seed, write_seed

    seed_dir = write_seed(tmp_path, small_seed())
    env = env_for(neo4j_target, SEED_DIR=str(seed_dir))
    first = runner.invoke(app, ["seed"], env=env)
    assert first.exit_code == 0, first.output
    assert "created: " in first.stderr and "Body 4" in first.stderr
    second = runner.invoke(app, ["seed"], env=env)
    assert second.exit_code == 0
    assert "unchanged since the load that finished" in second.stderr and "nothing compared or written" in second.stderr
    full = runner.invoke(app, ["seed", "--full"], env=env)
    assert full.exit_code == 0
    assert "created: 0" in full.stderr and "updated: 0" in full.stderr and "removed: 0" in full.stderr


def test_new_api_key_prints_a_key_and_its_digest_entry() -> None:
    from graph_service.auth import digest
    from graph_service.config import parse_api_keys

    result = runner.invoke(app, ["new-api-key", "alice", "editor"])
    assert result.exit_code == 0, result.output
    key = result.stdout.split("key (shown once): ")[1].split()[0]
    entry = result.stdout.split("API_KEYS entry:   ")[1].strip()
    (parsed,) = parse_api_keys(entry)
    assert parsed.name == "alice" and parsed.digest == digest(key) and parsed.role.name == "EDITOR"
    bad = runner.invoke(app, ["new-api-key", "bob", "superuser"])
    assert bad.exit_code == 2 and "role must be" in bad.stderr


def test_a_malformed_api_keys_setting_is_one_clear_message(neo4j_target: Neo4jTarget) -> None:
    result = runner.invoke(app, ["migrate"], env=env_for(neo4j_target, API_KEYS="alice:editor:not-a-digest"))
    assert result.exit_code == 2
    assert "API_KEYS" in result.stderr and "sha256" in result.stderr


def test_seed_refuses_unreadable_files_and_unasked_deletions(
    neo4j_target: Neo4jTarget, empty_graph: Driver, tmp_path: Path
) -> None:
    from tests.seed_fixture import small_seed, write_seed

    seed_dir = write_seed(tmp_path, small_seed())
    env = env_for(neo4j_target, SEED_DIR=str(seed_dir))
    assert runner.invoke(app, ["seed"], env=env).exit_code == 0

    bodies = seed_dir / "990100-city" / "bodies.yaml"
    original = bodies.read_bytes()
    bodies.write_bytes(b"bodies: [\xff\xfe]\n")
    unreadable = runner.invoke(app, ["seed"], env=env)
    assert unreadable.exit_code == 2
    assert "seed/990100-city/bodies.yaml: not UTF-8 text (byte 9)" in unreadable.stderr
    assert "Traceback" not in unreadable.output

    bodies.write_text("", encoding="utf-8")
    dry = runner.invoke(app, ["seed", "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert "nodes that would be removed: " in dry.stderr and "body:990100.land" in dry.stderr
    assert "refused without --allow-deletions" in dry.stderr
    refused = runner.invoke(app, ["seed"], env=env)
    assert refused.exit_code == 2 and "nothing was written" in refused.stderr
    allowed = runner.invoke(app, ["seed", "--allow-deletions"], env=env)
    assert allowed.exit_code == 0, allowed.output
    bodies.write_bytes(original)
    assert runner.invoke(app, ["seed"], env=env).exit_code == 0


# --- stderr carries the command's own messages only ---------------------------------------------


def _away_env(port: int, **extra: str) -> dict[str, str]:
    """A command's environment with Neo4j at `port`, where nothing listens."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOG_", "OTEL_", "ORGGRAPH_TRACING"))}
    env.update(NEO4J_URI=f"bolt://127.0.0.1:{port}", PYTHONPATH=str(PROJECT_ROOT), **extra)
    return env


def _run_all(commands: list[list[str]], env: dict[str, str]) -> list[tuple[int, str, str]]:
    """Run `orggraph COMMAND` processes side by side (the real process: in-process runs share
    the test runner's logging, which captures log records instead of printing them)."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", "from graph_service.cli import main; main()", *command],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append((process.returncode, out, err))
    return results


def test_with_neo4j_away_stderr_is_the_one_message(tmp_path: Path) -> None:
    # the service's log records (the circuit breaker's "Neo4j is unavailable ...: answering
    # UNAVAILABLE until it is back", the driver's) stay out of a command's stderr
    port = free_port()
    text = PROJECT_ROOT / "tests" / "texts" / "sanding-ganzhou-data-bureau.zh.txt"
    commands = [
        ["migrate"],
        ["seed"],
        ["seed", "--dry-run"],
        ["export", "--format", "csv", "--jurisdiction", "620700", "-o", str(tmp_path / "export.zip")],
        ["import-text", str(text), "--jurisdiction", "620702", "--document-id", "doc.x", "--dry-run"],
        ["check-correspondence", "620700", "--as-of", "2019-12-24"],
        ["check-correspondence", "--all-levels", "620000", "--format", "jsonl"],
    ]
    message = f"error: Neo4j at bolt://127.0.0.1:{port} is unavailable (Couldn't connect to 127.0.0.1:{port}"
    for command, (code, out, err) in zip(commands, _run_all(commands, _away_env(port)), strict=True):
        assert code == 2, (command, err)
        assert out == "", command
        assert len(err.splitlines()) == 1 and err.startswith(message) and err.endswith("\n"), (command, err)
    assert not (tmp_path / "export.zip").exists()


def test_log_level_debug_shows_the_service_logs() -> None:
    port = free_port()
    message = f"error: Neo4j at bolt://127.0.0.1:{port} is unavailable"
    [(code, _, err)] = _run_all([["check-correspondence", "620700"]], _away_env(port, LOG_LEVEL="debug"))
    assert code == 2
    *logged, last = err.splitlines()
    assert last.startswith(message)
    records = [json.loads(line) for line in logged]  # the service's format (LOG_FORMAT=auto: JSON, not a terminal)
    assert {"neo4j.pool", "graph_service.db.breaker"} <= {record["logger"] for record in records}
    assert any("until it is back" in record["message"] for record in records)
    # serve refusing to start without Neo4j is a command's error too: one message (its logs
    # once it serves: tests/test_observability.py)
    [(code, _, err)] = _run_all([["serve"]], _away_env(port, LOG_FORMAT="json", API_PORT=str(free_port())))
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith(message), err
