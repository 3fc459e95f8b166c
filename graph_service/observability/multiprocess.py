"""prometheus_client's multiprocess mode for `orggraph serve` with several workers: each
worker process counts in its own files in one directory, which /metrics sums. Without it a
scrape reaches one worker at random and sees only its share."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from graph_service.config import Settings

ENVIRONMENT_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def prepare_directory(settings: Settings) -> tuple[Path | None, bool]:
    """The directory the workers will share (None: one process, no need), emptied of an earlier
    run's files, and whether it was made here (to remove after serving). It is exported in the
    environment: prometheus_client reads it when each worker process imports it."""
    if not settings.metrics_enabled or (settings.api_workers == 1 and settings.prometheus_multiproc_dir is None):
        return None, False
    made = settings.prometheus_multiproc_dir is None
    directory = Path(tempfile.mkdtemp(prefix="orggraph-metrics-")) if made else settings.prometheus_multiproc_dir
    assert directory is not None
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):  # counters of a previous run would be summed in
        stale.unlink()
    os.environ[ENVIRONMENT_VARIABLE] = str(directory)
    return directory, made
