"""deploy/kubernetes: renders, passes the Kubernetes OpenAPI schemas, and is wired together correctly."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.cli.newsflow_cli import QUEUES, WORKER_QUEUES, WORKERS, is_runtime_command, worker_of

from . import kustomize_lite
from .conftest import KUBERNETES

Obj = dict[str, Any]
K8S_VERSION = kubernetes_validate.latest_version()
TASK_TIME_LIMIT = 90
WORKER_METRICS_PORT = 9100
QUANTITY = re.compile(r"^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$")
KEDA_SPEC_KEYS = {
    "scaleTargetRef",
    "pollingInterval",
    "cooldownPeriod",
    "initialCooldownPeriod",
    "idleReplicaCount",
    "minReplicaCount",
    "maxReplicaCount",
    "fallback",
    "advanced",
    "triggers",
}
# Metadata keys of KEDA's redis (list) scaler.
KEDA_REDIS_KEYS = {
    "address",
    "addressFromEnv",
    "host",
    "hostFromEnv",
    "port",
    "portFromEnv",
    "username",
    "usernameFromEnv",
    "passwordFromEnv",
    "databaseIndex",
    "enableTLS",
    "unsafeSsl",
    "listName",
    "listLength",
    "activationListLength",
}


def of_kind(objects: list[Obj], kind: str) -> dict[str, Obj]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def pod_spec(deployment: Obj) -> Obj:
    return deployment["spec"]["template"]["spec"]


def only_container(deployment: Obj) -> Obj:
    (container,) = pod_spec(deployment)["containers"]
    return container


def workers(objects: list[Obj]) -> dict[str, Obj]:
    """Worker Deployments by worker name (the name their `worker NAME` argument gives)."""
    found = {}
    for deployment in of_kind(objects, "Deployment").values():
        args = only_container(deployment)["args"]
        if args[0] == "worker":
            found[args[1]] = deployment
    return found


def config(objects: list[Obj]) -> dict[str, str]:
    return of_kind(objects, "ConfigMap")["newsflow-config"]["data"]


def labels_match(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


# --- rendering and schemas -------------------------------------------------------------------------


def test_kustomize_lite_renders_what_kubectl_kustomize_renders(overlay_objects):
    """The Python renderer the other tests use agrees with the real kustomize (kubectl's)."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: cannot compare kustomize_lite with real kustomize")
    rendered = subprocess.run(
        [kubectl, "kustomize", str(KUBERNETES / "overlays" / "example")],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    key = lambda o: (o["kind"], o["metadata"].get("namespace", ""), o["metadata"]["name"])  # noqa: E731
    assert sorted(yaml.safe_load_all(rendered), key=key) == sorted(overlay_objects, key=key)


@pytest.mark.parametrize("which", ["base", "overlay"])
def test_every_builtin_object_passes_the_kubernetes_schema_strictly(which, base_objects, overlay_objects):
    objects = base_objects if which == "base" else overlay_objects
    builtin = [o for o in objects if not o["apiVersion"].startswith("keda.sh/")]
    assert builtin
    for obj in builtin:
        kubernetes_validate.validate(obj, K8S_VERSION, strict=True)


def test_strict_schema_check_catches_a_misplaced_field(overlay_objects):
    """The validation is live: an unknown field in a Deployment is rejected."""
    deployment = yaml.safe_load(yaml.safe_dump(of_kind(overlay_objects, "Deployment")["newsflow-api"]))
    deployment["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


def test_base_leaves_namespace_tag_and_secret_to_the_overlay(base_objects):
    assert not of_kind(base_objects, "Namespace") and not of_kind(base_objects, "Secret")
    assert all("namespace" not in o["metadata"] for o in base_objects)


# --- overlay -----------------------------------------------------------------------------------------


def test_overlay_puts_everything_in_its_namespace(overlay_objects):
    (namespace,) = of_kind(overlay_objects, "Namespace")
    for obj in overlay_objects:
        if obj["kind"] != "Namespace":
            assert obj["metadata"]["namespace"] == namespace, obj["metadata"]["name"]


def test_overlay_pins_an_image_tag_everywhere(overlay_objects):
    for kind in ("Deployment", "Job"):
        for name, obj in of_kind(overlay_objects, kind).items():
            for container in obj["spec"]["template"]["spec"]["containers"]:
                repository, _, tag = container["image"].rpartition(":")
                assert repository and "/" not in tag and tag not in {"", "latest"}, (name, container["image"])


def test_overlay_secret_holds_only_placeholders(overlay_objects):
    secret = of_kind(overlay_objects, "Secret")["newsflow-secrets"]
    assert set(secret["stringData"]) == {"NEWSFLOW_DATABASE_URL", "NEWSFLOW_ADMIN_KEY"}
    assert all("REPLACE_ME" in value for value in secret["stringData"].values())


def test_overlay_patches_replicas_and_scaling_bounds(overlay_objects):
    assert of_kind(overlay_objects, "Deployment")["newsflow-api"]["spec"]["replicas"] == 3
    enrich = of_kind(overlay_objects, "ScaledObject")["newsflow-enrich"]["spec"]
    assert (enrich["minReplicaCount"], enrich["maxReplicaCount"]) == (2, 12)


def test_every_referenced_configmap_and_secret_exists(overlay_objects):
    names = {(o["kind"], o["metadata"]["name"]) for o in overlay_objects}
    for kind in ("Deployment", "Job"):
        for obj in of_kind(overlay_objects, kind).values():
            for container in obj["spec"]["template"]["spec"]["containers"]:
                for source in container["envFrom"]:
                    if "configMapRef" in source:
                        assert ("ConfigMap", source["configMapRef"]["name"]) in names
                    if "secretRef" in source:
                        assert ("Secret", source["secretRef"]["name"]) in names


# --- pods --------------------------------------------------------------------------------------------


def test_every_container_runs_a_real_newsflow_subcommand(overlay_objects):
    for kind in ("Deployment", "Job"):
        for name, obj in of_kind(overlay_objects, kind).items():
            container = obj["spec"]["template"]["spec"]["containers"][0]
            assert "command" not in container, f"{name}: keep the image's ENTRYPOINT (newsflow)"
            assert is_runtime_command(container["args"]), (name, container["args"])
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                command = container.get(probe, {}).get("exec", {}).get("command")
                if command:
                    assert command[0] == "newsflow" and is_runtime_command(command[1:]), (name, probe)


def test_there_is_one_worker_deployment_per_stage(overlay_objects):
    assert set(workers(overlay_objects)) == set(WORKERS)


def test_workers_outlast_their_longest_task_on_shutdown(overlay_objects):
    limit = int(config(overlay_objects)["NEWSFLOW_TASK_TIME_LIMIT"])
    assert limit == TASK_TIME_LIMIT
    for name, deployment in workers(overlay_objects).items():
        assert pod_spec(deployment)["terminationGracePeriodSeconds"] > limit, name


def test_worker_probes_check_their_own_heartbeat_and_readiness(overlay_objects):
    for name, deployment in workers(overlay_objects).items():
        container = only_container(deployment)
        liveness = container["livenessProbe"]["exec"]["command"]
        assert liveness == ["newsflow", "health", "worker", name, "--max-age", "60"]
        assert container["startupProbe"]["exec"]["command"] == liveness
        assert container["readinessProbe"]["exec"]["command"] == ["newsflow", "health", "ready"]
        assert worker_of(container["args"]) == name


def test_worker_deployments_leave_replicas_to_keda(overlay_objects):
    for name, deployment in workers(overlay_objects).items():
        assert "replicas" not in deployment["spec"], name


def test_api_probes_use_healthz_and_readyz_and_a_service_reaches_it(overlay_objects):
    api = of_kind(overlay_objects, "Deployment")["newsflow-api"]
    container = only_container(api)
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    port_names = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert port_names["http"] == int(config(overlay_objects)["NEWSFLOW_API_PORT"])
    (service,) = of_kind(overlay_objects, "Service").values()
    assert labels_match(service["spec"]["selector"], api["spec"]["template"]["metadata"]["labels"])
    assert service["spec"]["ports"][0]["targetPort"] in port_names


def scrape_annotations(deployment: Obj) -> dict[str, str]:
    annotations = deployment["spec"]["template"]["metadata"].get("annotations", {})
    return {k: v for k, v in annotations.items() if k.startswith("prometheus.io/")}


def test_workers_serve_their_own_metrics_and_are_annotated_for_scraping(overlay_objects):
    """Each worker pod has its own metrics directory, so each serves /metrics on its own port."""
    for name, deployment in workers(overlay_objects).items():
        container = only_container(deployment)
        env = {e["name"]: e["value"] for e in container.get("env", [])}
        assert env["NEWSFLOW_WORKER_METRICS_PORT"] == str(WORKER_METRICS_PORT), name
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports == {"metrics": WORKER_METRICS_PORT}, name
        assert scrape_annotations(deployment) == {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": str(WORKER_METRICS_PORT),
            "prometheus.io/path": "/metrics",
        }, name


def test_api_is_annotated_for_scraping_its_metrics_port(overlay_objects):
    api = of_kind(overlay_objects, "Deployment")["newsflow-api"]
    port = config(overlay_objects)["NEWSFLOW_API_PORT"]
    assert scrape_annotations(api) == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": port,
        "prometheus.io/path": "/metrics",
    }
    assert int(port) in {p["containerPort"] for p in only_container(api)["ports"]}
    # Only workers serve a metrics port of their own; the API's /metrics is on its HTTP port.
    assert "NEWSFLOW_WORKER_METRICS_PORT" not in config(overlay_objects)
    assert "env" not in only_container(api)


def test_pods_run_as_non_root_on_a_read_only_root_with_a_writable_var_dir(overlay_objects):
    var_dir = config(overlay_objects)["NEWSFLOW_VAR_DIR"]
    for kind in ("Deployment", "Job"):
        for name, obj in of_kind(overlay_objects, kind).items():
            spec = obj["spec"]["template"]["spec"]
            assert spec["securityContext"]["runAsNonRoot"] is True, name
            assert spec["securityContext"]["runAsUser"] != 0, name
            assert spec["enableServiceLinks"] is False, name
            empty_dirs = {v["name"] for v in spec["volumes"] if "emptyDir" in v}
            for container in spec["containers"]:
                context = container["securityContext"]
                assert context["readOnlyRootFilesystem"] is True, name
                assert context["allowPrivilegeEscalation"] is False, name
                mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
                assert mounts.get(var_dir) in empty_dirs, name


def test_every_container_has_resource_requests_and_a_memory_limit(overlay_objects):
    for kind in ("Deployment", "Job"):
        for name, obj in of_kind(overlay_objects, kind).items():
            for container in obj["spec"]["template"]["spec"]["containers"]:
                resources = container["resources"]
                assert {"cpu", "memory"} <= set(resources["requests"]), name
                assert "memory" in resources["limits"], name
                # The schema types quantities as int-or-string only; check the notation itself.
                for value in [*resources["requests"].values(), *resources["limits"].values()]:
                    assert QUANTITY.match(str(value)), (name, value)


def test_migration_job_runs_db_upgrade_once(overlay_objects):
    job = of_kind(overlay_objects, "Job")["newsflow-migrate"]
    assert only_container(job)["args"] == ["db", "upgrade"]
    assert pod_spec(job)["restartPolicy"] == "Never"


# --- disruption budgets and autoscaling ---------------------------------------------------------------


def test_each_deployment_has_exactly_one_matching_disruption_budget(overlay_objects):
    deployments = of_kind(overlay_objects, "Deployment")
    covered = []
    for name, pdb in of_kind(overlay_objects, "PodDisruptionBudget").items():
        selector = pdb["spec"]["selector"]["matchLabels"]
        matches = [
            d
            for d, obj in deployments.items()
            if labels_match(selector, obj["spec"]["template"]["metadata"]["labels"])
        ]
        assert len(matches) == 1, f"{name} selects {matches}"
        covered += matches
    assert sorted(covered) == sorted(deployments)


def test_keda_scaledobjects_have_the_keda_shape(overlay_objects):
    scaled = [o for o in overlay_objects if o["kind"] == "ScaledObject"]
    assert scaled
    for obj in scaled:
        name, spec = obj["metadata"]["name"], obj["spec"]
        assert obj["apiVersion"] == "keda.sh/v1alpha1", name
        assert set(spec) <= KEDA_SPEC_KEYS, (name, set(spec) - KEDA_SPEC_KEYS)
        assert set(spec["scaleTargetRef"]) == {"name"}, name  # kind defaults to Deployment
        # Never to zero: a worker without a heartbeat would page "no workers online".
        assert 1 <= spec["minReplicaCount"] <= spec["maxReplicaCount"], name
        for trigger in spec["triggers"]:
            assert trigger["type"] == "redis", name
            assert set(trigger["metadata"]) <= KEDA_REDIS_KEYS, (name, trigger["metadata"])
            assert int(trigger["metadata"]["listLength"]) > 0, name


def test_keda_scales_each_worker_on_the_queues_it_consumes(overlay_objects):
    deployments = {d["metadata"]["name"]: w for w, d in workers(overlay_objects).items()}
    scaled_queues: dict[str, list[str]] = {}
    for obj in of_kind(overlay_objects, "ScaledObject").values():
        target = obj["spec"]["scaleTargetRef"]["name"]
        assert target in deployments, f"{obj['metadata']['name']} targets unknown Deployment {target}"
        scaled_queues[deployments[target]] = [t["metadata"]["listName"] for t in obj["spec"]["triggers"]]
    assert {w: sorted(q) for w, q in scaled_queues.items()} == {
        w: sorted(q) for w, q in WORKER_QUEUES.items()
    }
    assert sorted(q for qs in scaled_queues.values() for q in qs) == sorted(QUEUES)


def test_keda_reads_the_redis_address_from_the_target_containers_env(overlay_objects):
    by_name = of_kind(overlay_objects, "Deployment")
    data = config(overlay_objects)
    for obj in of_kind(overlay_objects, "ScaledObject").values():
        target = by_name[obj["spec"]["scaleTargetRef"]["name"]]
        sources = [
            s["configMapRef"]["name"] for s in only_container(target)["envFrom"] if "configMapRef" in s
        ]
        assert "newsflow-config" in sources
        for trigger in obj["spec"]["triggers"]:
            address = data[trigger["metadata"]["addressFromEnv"]]
            # The same Redis the workers use as their broker.
            assert f"redis://{address}/" in data["NEWSFLOW_BROKER_URL"]


def test_kustomize_lite_refuses_fields_it_does_not_implement(tmp_path):
    (tmp_path / "kustomization.yaml").write_text("resources: []\ncommonLabels: {a: b}\n")
    with pytest.raises(ValueError, match="commonLabels"):
        kustomize_lite.render(tmp_path)
