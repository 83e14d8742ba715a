"""engine/run refuses what it does not understand, before starting anything.

No engine is started here: every call below must fail in the argument and
Java checks, so these run in the engine-independent pass.
"""

import os
import re
import subprocess
import textwrap

import pytest

from tests.engine_fixture import ENGINE_RUN, REPO_ROOT

PORT = "9991"  # never started: every call is refused first


@pytest.fixture(autouse=True)
def no_state_left():
    yield
    state = REPO_ROOT / "engine" / ".data" / PORT
    if state.is_dir() and not any(state.iterdir()):
        state.rmdir()


def run(*args, env=None):
    return subprocess.run(
        [str(ENGINE_RUN), *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("start", "--product", "solr", "--port", PORT), "unknown product 'solr'"),
        (("start", "--port", PORT, "--replicas", "2"), "unknown option '--replicas'"),
        (("status", "--nodes", "3", "--port", PORT), "'status' does not take --nodes"),
        (("start", "--port", "nine"), "bad --port 'nine'"),
        (("start", "--nodes", "12", "--port", PORT), "--nodes must be 1..9"),
        (("stop-node", "--port", PORT), "usage: engine/run stop-node I"),
        (("start", "extra", "--port", PORT), "unexpected argument 'extra'"),
    ],
)
def test_bad_arguments_are_refused(args, message):
    answer = run(*args)
    assert answer.returncode != 0
    assert message in answer.stderr


def fake_java(tmp_path, version):
    java = tmp_path / "java"
    java.write_text(
        textwrap.dedent(
            f"""\
            #!/bin/sh
            echo 'openjdk version "{version}" 2025-01-01' >&2
            """
        )
    )
    java.chmod(0o755)
    return str(java)


def test_opensearch3_refuses_a_java_older_than_21(tmp_path):
    answer = run(
        "start", "--product", "opensearch3", "--port", PORT,
        env={"ENGINE_JAVA": fake_java(tmp_path, "17.0.15")},
    )
    assert answer.returncode != 0
    assert "older than Java 21, which opensearch3 needs" in answer.stderr
    assert "resolving" not in answer.stdout  # refused before Maven ran



def test_elasticsearch_refuses_a_java_without_the_security_manager(tmp_path):
    answer = run(
        "start", "--product", "elasticsearch", "--port", PORT,
        env={"ENGINE_JAVA": fake_java(tmp_path, "25.0.3")},
    )
    assert answer.returncode != 0
    assert "newer than Java 23, the last elasticsearch runs on" in answer.stderr



def test_a_java_home_too_new_for_elasticsearch_is_passed_over(tmp_path):
    """JAVA_HOME on Java 25 (set for OpenSearch 3): Elasticsearch still gets
    a Java it runs on (PATH's or one under /usr/lib/jvm), OpenSearch 3 takes
    JAVA_HOME's."""
    home = tmp_path / "jdk25"
    (home / "bin").mkdir(parents=True)
    java25 = fake_java(home / "bin", "25.0.3")
    env = {"JAVA_HOME": str(home)}
    chosen = run("java", "--product", "elasticsearch", env=env)
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.strip() != java25
    version = subprocess.run(
        [chosen.stdout.strip(), "-version"], capture_output=True, text=True
    ).stderr
    major = int(re.search(r'version "(\d+)', version).group(1))
    assert 11 <= major <= 23, version
    chosen = run("java", "--product", "opensearch3", env=env)
    assert chosen.stdout.strip() == java25
