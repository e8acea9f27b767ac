# COPC Assistant Slack bot. Build: docker build -t copc-assistant .
# Run (Socket Mode):  docker run -e SLACK_BOT_TOKEN=xoxb-... -e SLACK_APP_TOKEN=xapp-... copc-assistant
# Run (HTTP mode):    docker run -p 3000:3000 -e SLACK_BOT_TOKEN=... -e SLACK_SIGNING_SECRET=... copc-assistant
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 copc
WORKDIR /app

# torch first, pinned and CPU-only: an open requirement would pull a multi-GB CUDA build.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

# Dependencies change less often than the code: install them in their own layer.
COPY pyproject.toml README.md ./
RUN mkdir assistant bot metrics_adapter \
    && pip install -e . \
    && rm -rf assistant bot metrics_adapter

COPY --chown=copc:copc . .
# Editable install: the package finds knowledge/, prompts/ and config/ (catalog, directory, channels) next to it.
RUN pip install --no-deps -e . && mkdir -p /app/var && chown -R copc:copc /app/var

USER 10001
# Convert the embedding model, export it to ONNX (int8) into the image's cache and build the
# vector index now, so a new container answers its first question without converting anything.
RUN copc index

EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('COPC_SLACK__PORT', '3000'), timeout=4)"]

# Socket Mode when SLACK_APP_TOKEN is set, HTTP otherwise (/healthz is served in both modes).
CMD ["copc", "serve"]
