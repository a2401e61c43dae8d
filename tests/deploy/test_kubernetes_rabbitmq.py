"""deploy/kubernetes/overlays/rabbitmq: renders like kustomize, passes the schemas, and scales each worker with
KEDA's rabbitmq scaler on the queues it consumes, reading the same broker URL the workers use."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.cli.newsflow_cli import QUEUES, WORKER_QUEUES

from . import kustomize_lite
from .conftest import KUBERNETES
from .test_kubernetes import K8S_VERSION, KEDA_SPEC_KEYS, config, of_kind, only_container, workers

OVERLAY = KUBERNETES / "overlays" / "rabbitmq"
# Metadata keys of KEDA's rabbitmq scaler.
KEDA_RABBITMQ_KEYS = {"host", "hostFromEnv", "protocol", "mode", "value", "activationValue", "queueName",
                      "vhostName", "useRegex", "excludeUnacknowledged", "pageSize", "operation", "timeout",
                      "unsafeSsl", "usernameFromEnv", "passwordFromEnv"}
Obj = dict[str, Any]


@pytest.fixture(scope="module")
def objects() -> list[Obj]:
    return kustomize_lite.render(OVERLAY)


def test_kustomize_lite_renders_what_kubectl_kustomize_renders(objects):
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: cannot compare kustomize_lite with real kustomize")
    rendered = subprocess.run([kubectl, "kustomize", str(OVERLAY)], check=True, capture_output=True, text=True,
                              timeout=60).stdout
    key = lambda o: (o["kind"], o["metadata"].get("namespace", ""), o["metadata"]["name"])  # noqa: E731
    assert sorted(yaml.safe_load_all(rendered), key=key) == sorted(objects, key=key)


def test_every_builtin_object_passes_the_kubernetes_schema_strictly(objects):
    builtin = [o for o in objects if not o["apiVersion"].startswith("keda.sh/")]
    assert builtin
    for obj in builtin:
        kubernetes_validate.validate(obj, K8S_VERSION, strict=True)


def test_everything_is_in_the_overlays_namespace_with_a_pinned_image(objects):
    (namespace,) = of_kind(objects, "Namespace")
    for obj in objects:
        if obj["kind"] != "Namespace":
            assert obj["metadata"]["namespace"] == namespace, obj["metadata"]["name"]
    for deployment in of_kind(objects, "Deployment").values():
        assert not only_container(deployment)["image"].endswith((":latest", ":local"))


def test_the_broker_url_is_an_amqp_secret_and_no_redis_setting_is_left(objects):
    secret = of_kind(objects, "Secret")["newsflow-secrets"]["stringData"]
    assert secret["NEWSFLOW_BROKER_URL"].startswith("amqp://")
    assert all("REPLACE_ME" in value for value in secret.values())
    data = config(objects)
    assert "NEWSFLOW_BROKER_URL" not in data and not any("REDIS" in key for key in data)
    assert "redis" not in yaml.safe_dump_all(objects).lower()


def test_keda_triggers_are_rabbitmq_queue_lengths_of_the_rabbitmq_scaler_shape(objects):
    scaled = of_kind(objects, "ScaledObject")
    assert scaled
    for name, obj in scaled.items():
        assert set(obj["spec"]) <= KEDA_SPEC_KEYS, name
        assert 1 <= obj["spec"]["minReplicaCount"] <= obj["spec"]["maxReplicaCount"], name
        for trigger in obj["spec"]["triggers"]:
            metadata = trigger["metadata"]
            assert trigger["type"] == "rabbitmq", name
            assert set(metadata) <= KEDA_RABBITMQ_KEYS, (name, set(metadata) - KEDA_RABBITMQ_KEYS)
            assert metadata["protocol"] == "amqp" and metadata["mode"] == "QueueLength", name
            assert int(metadata["value"]) > 0, name


def test_keda_scales_each_worker_on_the_queues_it_consumes(objects):
    deployments = {d["metadata"]["name"]: w for w, d in workers(objects).items()}
    scaled: dict[str, list[str]] = {}
    for obj in of_kind(objects, "ScaledObject").values():
        target = obj["spec"]["scaleTargetRef"]["name"]
        scaled[deployments[target]] = sorted(t["metadata"]["queueName"] for t in obj["spec"]["triggers"])
    assert scaled == {worker: sorted(queues) for worker, queues in WORKER_QUEUES.items()}
    assert sorted(q for queues in scaled.values() for q in queues) == sorted(QUEUES)


def test_keda_reads_the_broker_url_from_the_scaled_containers_own_env(objects):
    """hostFromEnv names a variable the target container gets: the very URL the worker consumes from."""
    by_name = of_kind(objects, "Deployment")
    secrets = {name: obj["stringData"] for name, obj in of_kind(objects, "Secret").items()}
    for obj in of_kind(objects, "ScaledObject").values():
        container = only_container(by_name[obj["spec"]["scaleTargetRef"]["name"]])
        env: dict[str, str] = {}
        for source in container["envFrom"]:
            if "secretRef" in source:
                env |= secrets[source["secretRef"]["name"]]
        for trigger in obj["spec"]["triggers"]:
            assert env[trigger["metadata"]["hostFromEnv"]].startswith("amqp://")
