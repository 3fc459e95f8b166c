"""What operators see of the running service (docs/observability.md): a request id on every
response and log line, Prometheus metrics at /metrics, JSON logs, and OpenTelemetry traces
when configured."""
