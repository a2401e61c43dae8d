"""The subset of kustomize that deploy/kubernetes uses, so the manifests render without a kustomize binary.

Supported: `resources` (files and directories), `namespace`, `images` (newName/newTag) and `patches`
given by `path` as strategic-merge patches matched on kind and name. test_kubernetes.py checks that the
output equals `kubectl kustomize` wherever kubectl is installed, so this cannot drift unnoticed.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

Obj = dict[str, Any]

SUPPORTED_FIELDS = {"apiVersion", "kind", "resources", "namespace", "images", "patches"}
CLUSTER_SCOPED_KINDS = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"}
# List fields merged element by element on this key, as Kubernetes' strategic merge patch does.
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "volumes": "name",
    "env": "name",
    "volumeMounts": "mountPath",
    "ports": "containerPort",
}


def render(directory: Path) -> list[Obj]:
    """The objects `kustomize build DIRECTORY` would produce (order aside)."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unknown = set(kustomization) - SUPPORTED_FIELDS
    if unknown:
        raise ValueError(f"{directory}: kustomize_lite does not support {sorted(unknown)}")
    objects: list[Obj] = []
    for resource in kustomization.get("resources", []):
        path = directory / resource
        objects.extend(render(path) if path.is_dir() else _load(path))
    for patch in kustomization.get("patches", []):
        if set(patch) != {"path"}:
            raise ValueError(f"{directory}: only `patches: - path:` is supported, got {patch}")
        for patch_obj in _load(directory / patch["path"]):
            _apply_patch(objects, patch_obj)
    for image in kustomization.get("images", []):
        _set_image(objects, image)
    if "namespace" in kustomization:
        for obj in objects:
            if obj["kind"] not in CLUSTER_SCOPED_KINDS:
                obj["metadata"]["namespace"] = kustomization["namespace"]
    return objects


def _load(path: Path) -> list[Obj]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def _apply_patch(objects: list[Obj], patch: Obj) -> None:
    targets = [
        o
        for o in objects
        if o["kind"] == patch["kind"] and o["metadata"]["name"] == patch["metadata"]["name"]
    ]
    if len(targets) != 1:
        raise ValueError(
            f"patch for {patch['kind']}/{patch['metadata']['name']} matches {len(targets)} objects"
        )
    merged = _merge(targets[0], patch)
    targets[0].clear()
    targets[0].update(merged)


def _merge(base: Any, patch: Any, field: str = "") -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        result = copy.deepcopy(base)
        for key, value in patch.items():
            if value is None:
                result.pop(key, None)
            else:
                result[key] = _merge(base[key], value, key) if key in base else copy.deepcopy(value)
        return result
    if isinstance(base, list) and isinstance(patch, list) and field in MERGE_KEYS:
        key = MERGE_KEYS[field]
        items = copy.deepcopy(base)
        for item in patch:
            match = next((i for i, old in enumerate(items) if old.get(key) == item.get(key)), None)
            if match is None:
                items.append(copy.deepcopy(item))
            else:
                items[match] = _merge(items[match], item)
        return items
    return copy.deepcopy(patch)


def _set_image(objects: list[Obj], image: Obj) -> None:
    for obj in objects:
        pod_spec = obj.get("spec", {}).get("template", {}).get("spec", {})
        for container in pod_spec.get("containers", []) + pod_spec.get("initContainers", []):
            name = _image_name(container["image"])
            if name == image["name"]:
                new_name = image.get("newName", name)
                container["image"] = f"{new_name}:{image['newTag']}" if "newTag" in image else new_name


def _image_name(reference: str) -> str:
    """The image reference without its tag or digest (a registry's :port is kept)."""
    reference = reference.split("@", 1)[0]
    head, _, last = reference.rpartition("/")
    return f"{head}/{last.split(':', 1)[0]}" if head else last.split(":", 1)[0]
