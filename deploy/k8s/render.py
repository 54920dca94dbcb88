#!/usr/bin/env python3
"""Renders deploy/k8s for `kubectl apply -f -` where kustomize is not at hand.

Reads kustomization.yaml and applies exactly what it uses: `resources` (files, in order), `labels`
(added to every resource's metadata.labels, as kustomize does without includeSelectors) and
`images` (a container image named like an entry becomes newName:newTag or newName@digest).
Any other kustomization key is refused rather than ignored, so the two never quietly differ.

  python3 deploy/k8s/render.py --image registry.example.com/churnguard:1.4.0 > churnguard.yaml
  python3 deploy/k8s/render.py --format json      # the same documents as one JSON list

--image NAME[:TAG|@DIGEST] replaces the kustomization's newName/newTag for the `churnguard` image.
Needs PyYAML (installed with kubernetes-validate by scripts/bootstrap.sh).
"""
import argparse
import json
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SUPPORTED_KEYS = {"apiVersion", "kind", "resources", "labels", "images"}
IMAGE_NAME = "churnguard"


def split_image(reference):
    """NAME[:TAG|@DIGEST] -> (name, tag, digest); a port in a registry host is not a tag."""
    if "@" in reference:
        name, digest = reference.split("@", 1)
        return name, None, digest
    slash = reference.rfind("/")
    colon = reference.rfind(":")
    if colon > slash:
        return reference[:colon], reference[colon + 1:], None
    return reference, None, None


def load_kustomization(directory):
    with open(os.path.join(directory, "kustomization.yaml"), encoding="utf-8") as handle:
        kustomization = yaml.safe_load(handle)
    unknown = sorted(set(kustomization) - SUPPORTED_KEYS)
    if unknown:
        raise SystemExit(f"render.py: kustomization.yaml uses {', '.join(unknown)}, which render.py does not apply; use kustomize")
    for entry in kustomization.get("labels", []):
        extra = sorted(set(entry) - {"pairs"})
        if extra:
            raise SystemExit(f"render.py: labels with {', '.join(extra)} need kustomize")
    return kustomization


def image_rules(kustomization, override):
    rules = {}
    for entry in kustomization.get("images", []):
        rules[entry["name"]] = (entry.get("newName", entry["name"]), entry.get("newTag"), entry.get("digest"))
    if override:
        rules[IMAGE_NAME] = split_image(override)
    return rules


def rewrite_image(image, rules):
    name, tag, digest = split_image(image)
    if name not in rules:
        return image
    new_name, new_tag, new_digest = rules[name]
    if new_digest or digest:
        return f"{new_name}@{new_digest or digest}"
    tag = new_tag or tag
    return f"{new_name}:{tag}" if tag else new_name


def pod_specs(document):
    spec = document.get("spec") or {}
    kind = document.get("kind")
    if kind == "Pod":
        yield spec
    elif kind == "CronJob":
        yield spec["jobTemplate"]["spec"]["template"]["spec"]
    elif kind in {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}:
        yield spec["template"]["spec"]


def render(directory, override):
    kustomization = load_kustomization(directory)
    rules = image_rules(kustomization, override)
    labels = {}
    for entry in kustomization.get("labels", []):
        labels.update(entry.get("pairs", {}))
    documents = []
    for resource in kustomization.get("resources", []):
        with open(os.path.join(directory, resource), encoding="utf-8") as handle:
            for document in yaml.safe_load_all(handle):
                if document is None:
                    continue
                document.setdefault("metadata", {}).setdefault("labels", {}).update(labels)
                for spec in pod_specs(document):
                    for container in spec.get("initContainers", []) + spec.get("containers", []):
                        container["image"] = rewrite_image(container["image"], rules)
                documents.append(document)
    return documents


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--image", help="the churnguard image, NAME[:TAG|@DIGEST]")
    parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
    parser.add_argument("--dir", default=HERE, help="the kustomization's directory (default: this script's)")
    arguments = parser.parse_args()
    documents = render(arguments.dir, arguments.image)
    if arguments.format == "json":
        json.dump(documents, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        yaml.safe_dump_all(documents, sys.stdout, sort_keys=False, explicit_start=True)


if __name__ == "__main__":
    main()
