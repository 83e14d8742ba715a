"""Elasticsearch's published API definitions, loaded for tests/engine/test_rest_spec.py.

Two sources, both fetched at test time through their registries' ordinary
clients into ``engine/.cache/spec/`` (never committed):

- ``org.elasticsearch:rest-api-spec`` from Maven Central (``engine/spec/pom.xml``):
  one JSON file per API with its paths, methods, query parameters and whether
  it takes a body. Maven Central serves 7.10.2 and 9.1.3 and later, no 8.x.
- For 8.x, Elastic's official Python client ``elasticsearch`` 8.0.0 and 8.19.3
  from PyPI (``pip download``, never installed: the project pins 7.17). Its
  modules are generated from Elastic's API specification: every API is one
  method that builds its path(s), names each query parameter it may send and
  calls ``perform_request`` with the HTTP method. They are read with ``ast``,
  never imported.

Both become :class:`Spec`: a list of :class:`Endpoint` and the parameters every
API accepts. :meth:`Spec.match` finds the endpoint a recorded request is for.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_POM = REPO_ROOT / "engine" / "spec" / "pom.xml"
CACHE = REPO_ROOT / "engine" / ".cache" / "spec"
REST_API_SPEC_VERSIONS = ("7.10.2", "9.1.3", "9.5.3")
PYTHON_CLIENT_VERSIONS = ("8.0.0", "8.19.3")


@dataclass
class Endpoint:
    name: str
    template: str
    methods: frozenset
    params: frozenset
    takes_body: bool | None = None  # None: the source does not say

    @functools.cached_property
    def regex(self):
        parts = re.split(r"(\{[^}]+\})", self.template)
        pattern = "".join(
            "[^/]+" if p.startswith("{") else re.escape(p) for p in parts if p
        )
        return re.compile(f"^{pattern}$")

    @functools.cached_property
    def literal_segments(self):
        return sum(1 for s in self.template.strip("/").split("/") if s and "{" not in s)


@dataclass
class Spec:
    label: str
    endpoints: list = field(default_factory=list)
    common: frozenset = frozenset()

    def candidates(self, path):
        found = [e for e in self.endpoints if e.regex.match(path)]
        if not found:
            return []
        best = max(e.literal_segments for e in found)
        return [e for e in found if e.literal_segments == best]

    def match(self, method, path):
        """The endpoints of the most specific template matching ``path`` that
        allow ``method`` (empty: no such endpoint in this version)."""
        return [e for e in self.candidates(path) if method in e.methods]

    def accepts_params(self, endpoint, params):
        return set(params) - endpoint.params - self.common


def _truthy(value):
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _unavailable(reason):
    if _truthy(os.environ.get("CI")):
        pytest.fail(f"REST API specification unavailable: {reason}", pytrace=False)
    pytest.skip(f"REST API specification unavailable: {reason}")


def _run(cmd, timeout=600):
    proc = subprocess.run(
        cmd,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr[-2000:]}"
        )


def rest_api_spec_jar(version):
    return CACHE / f"rest-api-spec-{version}.jar"


def python_client_wheel(version):
    return CACHE / f"elasticsearch-{version}-py3-none-any.whl"


def fetch():
    """Fetch what is missing: Maven for rest-api-spec, pip for the 8.x clients
    (``python -m tests.engine.rest_spec``; ``make test`` does it first)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    if not all(rest_api_spec_jar(v).exists() for v in REST_API_SPEC_VERSIONS):
        _run(["mvn", "-q", "-B", "-f", str(SPEC_POM), "dependency:copy"])
    for version in PYTHON_CLIENT_VERSIONS:
        if not python_client_wheel(version).exists():
            _run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--only-binary=:all:",
                    "-d",
                    str(CACHE),
                    f"elasticsearch=={version}",
                ]
            )
    missing = [
        p.name
        for p in [rest_api_spec_jar(v) for v in REST_API_SPEC_VERSIONS]
        + [python_client_wheel(v) for v in PYTHON_CLIENT_VERSIONS]
        if not p.exists()
    ]
    if missing:
        raise RuntimeError(f"not fetched: {', '.join(missing)}")


def ensure_artifacts():
    """:func:`fetch`; fail under CI=true, skip otherwise, when it cannot."""
    try:
        fetch()
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
        _unavailable(str(exc))


# ------------------------------------------------------------ rest-api-spec


def load_rest_api_spec(version):
    spec = Spec(label=f"rest-api-spec {version}")
    with zipfile.ZipFile(rest_api_spec_jar(version)) as jar:
        for name in jar.namelist():
            if not re.match(r"^rest-api-spec/api/[^/]+\.json$", name):
                continue
            data = json.loads(jar.read(name))
            if name.endswith("/_common.json"):
                spec.common = frozenset(data.get("params", {}))
                continue
            for api, definition in data.items():
                params = frozenset(definition.get("params", {}))
                for path in definition["url"]["paths"]:
                    spec.endpoints.append(
                        Endpoint(
                            name=api,
                            template=path["path"],
                            methods=frozenset(path["methods"]),
                            params=params,
                            takes_body="body" in definition,
                        )
                    )
    if not spec.endpoints:
        raise AssertionError(f"{spec.label}: no API definitions found")
    return spec


# ------------------------------------------------------- 8.x Python client


def _template(node):
    """A ``__path`` value (str constant or f-string) -> ``/{index}/_search``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if not isinstance(node, ast.JoinedStr):
        return None
    out = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            out.append(part.value)
            continue
        value = part.value
        # _quote(index) (8.0) or __path_parts["index"] (8.13+)
        if isinstance(value, ast.Call) and value.args:
            value = value.args[0]
        if isinstance(value, ast.Name):
            out.append("{" + value.id + "}")
        elif isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Constant):
            out.append("{" + value.slice.value + "}")
        else:
            return None
    return "".join(out)


def _api_from_function(namespace, func):
    templates, methods, params = [], set(), set()
    endpoint_id = None
    for node in ast.walk(func):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == "__path":
                    template = _template(node.value)
                    if template:
                        templates.append(template)
                elif isinstance(target, ast.Name) and target.id == "__method":
                    if isinstance(node.value, ast.Constant):
                        methods.add(node.value.value)
                elif (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "__query"
                    and isinstance(target.slice, ast.Constant)
                ):
                    params.add(target.slice.value)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "perform_request"
            and node.args
        ):
            if isinstance(node.args[0], ast.Constant):
                methods.add(node.args[0].value)
            for keyword in node.keywords:
                if keyword.arg == "endpoint_id" and isinstance(
                    keyword.value, ast.Constant
                ):
                    endpoint_id = keyword.value.value
    if not templates or not methods:
        return []
    name = endpoint_id or (f"{namespace}.{func.name}" if namespace else func.name)
    return [Endpoint(name, t, frozenset(methods), frozenset(params)) for t in templates]


COMMON_CLIENT_PARAMS = frozenset({"error_trace", "filter_path", "human", "pretty"})


def load_python_client(version):
    spec = Spec(label=f"elasticsearch-py {version}", common=COMMON_CLIENT_PARAMS)
    with zipfile.ZipFile(python_client_wheel(version)) as wheel:
        for name in wheel.namelist():
            match = re.match(r"^elasticsearch/_sync/client/([a-z_]+)\.py$", name)
            if not match or match.group(1) in {"utils", "_base"}:
                continue
            namespace = "" if match.group(1) == "__init__" else match.group(1)
            tree = ast.parse(wheel.read(name))
            for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
                for func in cls.body:
                    if isinstance(func, ast.FunctionDef):
                        spec.endpoints.extend(_api_from_function(namespace, func))
    if len(spec.endpoints) < 100:
        raise AssertionError(
            f"{spec.label}: only {len(spec.endpoints)} API paths read; "
            "the client's layout changed"
        )
    return spec


if __name__ == "__main__":
    fetch()
    print(f"API definitions in {CACHE.relative_to(REPO_ROOT)}")
