#!/usr/bin/env python3
# kubernetes-test.py
#
# Renders packaging/kubernetes (kubectl kustomize when kubectl is installed; otherwise the
# files listed in each kustomization are read as they are) and checks, with a YAML parser, that
# the manifests agree with the binary and its documented defaults: image tag and README's build
# command, ports, probe paths, the secrets mount, the downward-API variables, the variable
# names (those of the shipped plugins), the LABMOCK_* keys, and that the Secret is only in the
# example overlay.
# Usage: kubernetes-test.py BINARY SOURCE_DIR
#
# SPDX-License-Identifier: Apache-2.0

import json
import os
import re
import shutil
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("python3-yaml is not installed (package python3-yaml): skipped")
    sys.exit(77)

binary, source = sys.argv[1], sys.argv[2]
kube = os.path.join(source, "packaging", "kubernetes")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def render(overlay):
    """The documents of one kustomization, rendered by kubectl or read from its resources."""
    folder = os.path.join(kube, overlay)
    if shutil.which("kubectl"):
        out = subprocess.run(["kubectl", "kustomize", folder], check=True, capture_output=True, text=True).stdout
        return [d for d in yaml.safe_load_all(out) if d]
    with open(os.path.join(folder, "kustomization.yaml")) as f:
        kustomization = yaml.safe_load(f)
    documents = []
    for resource in kustomization["resources"]:
        path = os.path.join(folder, resource)
        if os.path.isdir(path):
            documents += render(os.path.relpath(path, kube))
        else:
            with open(path) as f:
                documents += [d for d in yaml.safe_load_all(f) if d]
    return documents


def one(documents, kind):
    found = [d for d in documents if d["kind"] == kind]
    check(len(found) == 1, f"expected one {kind}, found {len(found)}")
    return found[0] if found else {}


if not shutil.which("kubectl"):
    print("kubectl is not installed: rendering skipped, the files are checked as they are")

base = render("base")
example = render("example")
check(not [d for d in base if d["kind"] == "Secret"], "the base holds a Secret: applying it would overwrite a real one")
secret = one(example, "Secret")

# What the binary says: version, and the variables of its shipped groups (build-tree defaults).
version = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout.split()[1]
check_run = subprocess.run([binary, "--check", "--format=json"], capture_output=True, text=True,
                           env={"PATH": os.environ.get("PATH", "")})
document = json.loads(check_run.stdout)
variables = {v["name"] for g in document["groups"] for v in g["variables"]}
check(variables, "the binary reports no variables")

# Documented defaults: etc/lab-mock-server.properties holds every key with its default.
with open(os.path.join(source, "etc", "lab-mock-server.properties")) as f:
    properties = f.read()
keys = set(re.findall(r"^#?([a-z][A-Za-z]*(?:\.[A-Za-z]+)+)\s*=", properties, re.M))
default_port = int(re.search(r"^http\.port\s*=\s*(\d+)", properties, re.M).group(1))

deployment = one(base, "Deployment")
pod = deployment["spec"]["template"]
container = pod["spec"]["containers"][0]
env = {e["name"]: e for e in container.get("env", [])}
ports = {p["name"]: p["containerPort"] for p in container["ports"]}

image = container["image"]
check(image == f"lab-mock-server:{version}", f"image {image}, but the binary is version {version}")
with open(os.path.join(source, "README.md")) as f:
    check(f" -t {image} " in f.read(), f"README's docker build does not tag {image}")

check(ports.get("http") == default_port, f"container port http {ports.get('http')} != http.port {default_port}")
probe_port = int(env.get("LABMOCK_HTTP_PROBEPORT", {}).get("value", -1))
check(ports.get("probes") == probe_port, f"container port probes {ports.get('probes')} != LABMOCK_HTTP_PROBEPORT")
check("LABMOCK_HTTP_BASEPATH" not in env, "a base path would move the probes' paths")
for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
    get = container[probe]["httpGet"]
    check(get["port"] == "probes", f"{probe} is not on the probe port")
    want = "/readyz" if probe == "readinessProbe" else "/livez"
    check(get["path"] == want, f"{probe} path {get['path']}, expected {want}")
annotations = pod["metadata"].get("annotations", {})
check(annotations.get("prometheus.io/port") == str(probe_port), "the scrape annotation is not the probe port")
check(annotations.get("prometheus.io/path") == "/metrics", "the scrape annotation is not /metrics")

# LABMOCK_X_Y is the key x.y (case-insensitive): it must be a documented key.
lower_keys = {k.lower().replace(".", "_"): k for k in keys}
for name in env:
    if name.startswith("LABMOCK_"):
        check(name[len("LABMOCK_"):].lower() in lower_keys, f"{name} names no configuration key")

downward = {"POD_NAME": "metadata.name", "POD_NAMESPACE": "metadata.namespace", "NODE_NAME": "spec.nodeName",
            "POD_IP": "status.podIP"}
for name, path in downward.items():
    field = env.get(name, {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")
    check(field == path, f"{name} is not the downward-API field {path} (got {field})")

for name in env:
    if not name.startswith("LABMOCK_") and name not in downward:
        check(name in variables, f"environment variable {name} is in no shipped group")
for name in secret.get("stringData", {}):
    check(name in variables, f"Secret key {name} is in no shipped group")

# The Secret is mounted where the server looks by default (secrets.dirs).
mounts = {m["name"]: m for m in container.get("volumeMounts", [])}
volumes = {v["name"]: v for v in pod["spec"].get("volumes", [])}
secret_volume = [n for n, v in volumes.items() if v.get("secret", {}).get("secretName") == secret["metadata"]["name"]]
check(len(secret_volume) == 1, "the Secret is not mounted as a volume")
if secret_volume:
    mount = mounts.get(secret_volume[0], {})
    default_dirs = re.search(r"^#secrets\.dirs\s*=\s*(.*)$", properties, re.M).group(1).split(",")
    check(mount.get("mountPath") in default_dirs, f"the Secret is mounted at {mount.get('mountPath')}, "
          f"not in the default secrets.dirs {default_dirs}")
    check(mount.get("readOnly") is True, "the Secret volume is writable")
for ref in (e["valueFrom"]["secretKeyRef"] for e in env.values() if "secretKeyRef" in e.get("valueFrom", {})):
    check(ref["name"] == secret["metadata"]["name"] and ref["key"] in secret.get("stringData", {}),
          f"secretKeyRef {ref} is not in the example Secret")

labels = pod["metadata"]["labels"]
service = one(base, "Service")
check(all(labels.get(k) == v for k, v in service["spec"]["selector"].items()), "the Service selects no pod")
check({p["targetPort"] for p in service["spec"]["ports"]} == {"http", "probes"},
      "the Service does not expose exactly the page and probe ports")
pdb = one(base, "PodDisruptionBudget")
check(all(labels.get(k) == v for k, v in pdb["spec"]["selector"]["matchLabels"].items()), "the PDB selects no pod")
check(deployment["spec"]["replicas"] > pdb["spec"].get("minAvailable", 0), "the PDB would block every drain")
policy = one(base, "NetworkPolicy")
check(all(labels.get(k) == v for k, v in policy["spec"]["podSelector"]["matchLabels"].items()),
      "the NetworkPolicy selects no pod")
admitted = {p["port"] for rule in policy["spec"]["ingress"] for p in rule["ports"]}
check(admitted == {"http", "probes"}, f"the NetworkPolicy admits {admitted}, not exactly the page and probe ports")

for failure in failures:
    print("FAIL:", failure)
if failures:
    sys.exit(1)
print(f"kubernetes: {len(base)} base and {len(example)} example documents agree with lab-mock-server {version}")
