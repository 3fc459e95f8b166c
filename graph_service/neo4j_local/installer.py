"""Fetch the Neo4j Community jars from Maven Central, once, into a per-user cache.

Maven resolves `org.neo4j:neo4j` (the community server: `CommunityEntryPoint`, HTTP and
Bolt) with its runtime dependencies and copies them into a `lib/` folder. The folder is
written under a temporary name and renamed when complete, so an interrupted download never
leaves a half-filled `lib/` that looks installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from graph_service.errors import LocalNeo4jError

_POM = Path(__file__).with_name("pom.xml")
_COMPLETE_MARKER = ".complete"
_SUPPORTED_JAVA = (17, 21)


def jars_installed(lib_dir: Path) -> bool:
    return (lib_dir / _COMPLETE_MARKER).is_file()


def install_jars(lib_dir: Path, version: str, *, quiet: bool = False) -> bool:
    """Make sure `lib_dir` holds the server jars of `version`. Returns True if it downloaded."""
    if jars_installed(lib_dir):
        return False
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalNeo4jError("Maven (mvn) is needed to fetch the Neo4j jars; install it (apt-get install maven)")
    staging = lib_dir.with_name(lib_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    if not quiet:
        print(f"Fetching Neo4j {version} jars from Maven Central into {lib_dir} (first run only) ...", file=sys.stderr)
    command = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(_POM),
        "package",
        f"-Dneo4j.version={version}",
        f"-Dlib.dir={staging}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
        raise LocalNeo4jError(f"Maven could not fetch the Neo4j {version} jars:\n{tail}")
    if not any(staging.glob(f"neo4j-{version}.jar")):
        raise LocalNeo4jError(f"Maven finished but {staging} lacks neo4j-{version}.jar")
    (staging / _COMPLETE_MARKER).write_text(version + "\n")
    shutil.rmtree(lib_dir, ignore_errors=True)
    staging.rename(lib_dir)
    return True


def find_java(java_home: Path | None) -> Path:
    """The `java` to run Neo4j with: JAVA_HOME if set, else the one on PATH; 17 or 21 only."""
    candidate = java_home / "bin" / "java" if java_home else Path(shutil.which("java") or "")
    if not candidate.name or not candidate.exists():
        raise LocalNeo4jError("no Java found: install a JDK 17 (Neo4j 5.26 runs on 17 or 21) or set JAVA_HOME")
    result = subprocess.run([str(candidate), "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)', result.stderr + result.stdout)
    major = int(match.group(1)) if match else 0
    if major not in _SUPPORTED_JAVA:
        raise LocalNeo4jError(
            f"{candidate} is Java {major or 'of unknown version'}; Neo4j 5.26 needs Java 17 or 21 (set JAVA_HOME)"
        )
    return candidate
