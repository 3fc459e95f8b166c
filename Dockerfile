# The API service. Neo4j comes from its own image (see docker-compose.yml).

# GraphiQL's packages (assets/package-lock.json), served by the API: installed at build time,
# so nothing loads from a CDN or the network when the service runs
FROM node:20-slim AS assets
WORKDIR /assets
COPY assets/package.json assets/package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    API_HOST=0.0.0.0 \
    API_PORT=8000

WORKDIR /app
# dependencies first, so code changes don't reinstall them
COPY pyproject.toml README.md ./
COPY graph_service/__init__.py graph_service/__init__.py
# with the tracing extra: OpenTelemetry stays off unless configured (docs/observability.md)
RUN pip install -e '.[tracing]'
COPY graph_service graph_service
COPY cypher cypher
COPY seed seed
COPY schema.graphql ./
COPY --from=assets /assets/node_modules assets/node_modules

# a non-root user, by number: the runtime can check it is not root without reading /etc/passwd
RUN useradd --system --uid 10001 --gid 0 orggraph && chown -R 10001:0 /app
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=5 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz').status != 200)"]
# NEO4J_URI is set by docker-compose, so `up` applies the schema, loads seed/ and serves
CMD ["orggraph", "up"]
