# PAIR hosting appraisal: the Streamlit app, one replica per container.
# Build:   docker build -t pair-appraisal .
# Run:     see compose.yaml (app replicas + PostgreSQL behind a proxy with sticky sessions)
# Checked by tests/deploy/test_deploy_files.py (parsed, not built: no Docker engine in CI).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (pinned; psycopg[binary] brings its own libpq), so code changes
# reuse this layer.
COPY requirements.txt ./
RUN python -m pip install -r requirements.txt

# The app and the bundled data (see .dockerignore for what stays out).
COPY app.py pyproject.toml ./
COPY .streamlit/ ./.streamlit/
COPY appraisal/ ./appraisal/
COPY criteria/ ./criteria/
COPY regions/ ./regions/
COPY assumptions/ ./assumptions/

# Never run as root; the app writes nothing inside the image (the database is PostgreSQL).
RUN useradd --create-home --uid 10001 pair
USER pair

EXPOSE 8501

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]

CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
