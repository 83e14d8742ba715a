"""django-modelsearch's own test suite, taken from its sdist on PyPI.

The sdist of the *installed* version is downloaded with pip into
``.cache/upstream/`` (never committed), checked against the pinned SHA-256
below and unpacked. Only its test packages (``modelsearch.tests`` and the
test app ``modelsearch.test``) are imported from it: the library under test
stays the installed one, which our backends subclass.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.metadata
import importlib.util
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO_ROOT / ".cache" / "upstream"

# sha256 of modelsearch-<version>.tar.gz as published on PyPI. A new version in
# requirements.lock needs its line here (pip prints the hash it got).
SDIST_SHA256 = {
    "1.3.2": "52ede0f65e91efdb9d715f603e0bb3db96a95c80eba695abcd4628c03759999e",
}


class SdistError(RuntimeError):
    """The sdist could not be had or does not match its pin."""


def installed_version() -> str:
    return importlib.metadata.version("modelsearch")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_sdist(version: str | None = None) -> Path:
    """The unpacked sdist's root (``.../modelsearch-X``), downloading it once."""
    version = version or installed_version()
    pinned = SDIST_SHA256.get(version)
    if pinned is None:
        raise SdistError(
            f"modelsearch {version} is installed but tests/upstream/sdist.py pins "
            f"no sdist hash for it: add SDIST_SHA256[{version!r}]"
        )
    root = CACHE_DIR / f"modelsearch-{version}"
    stamp = root / ".verified"
    if stamp.exists() and stamp.read_text().strip() == pinned:
        return root
    archive = CACHE_DIR / f"modelsearch-{version}.tar.gz"
    if not archive.exists() or _sha256(archive) != pinned:
        _download(version, pinned)
    actual = _sha256(archive)
    if actual != pinned:
        archive.unlink(missing_ok=True)
        raise SdistError(f"{archive.name}: sha256 {actual}, pinned {pinned}")
    _unpack(archive, root, version)
    stamp.write_text(pinned + "\n")
    return root


def _download(version: str, pinned: str) -> None:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        requirement = Path(tmp) / "sdist.txt"
        requirement.write_text(f"modelsearch=={version} --hash=sha256:{pinned}\n")
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-binary",
            ":all:",
            "--no-deps",
            "--require-hashes",
            "-r",
            str(requirement),
            "-d",
            str(CACHE_DIR),
        ]
        proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SdistError(
            f"pip download of modelsearch=={version} (sdist) failed:\n"
            f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        )


def _unpack(archive: Path, root: Path, version: str) -> None:
    prefix = f"modelsearch-{version}/"
    with tarfile.open(archive) as tar:
        members = [
            m
            for m in tar.getmembers()
            if m.name.startswith(prefix + "modelsearch/test")
            and (m.isfile() or m.isdir())
        ]
        if not any(m.name.endswith("/tests/test_backends.py") for m in members):
            raise SdistError(
                f"{archive.name} has no modelsearch/tests/test_backends.py"
            )
        tar.extractall(CACHE_DIR, members=members, filter="data")
    if not (root / "modelsearch" / "tests").is_dir():
        raise SdistError(f"{archive.name} did not unpack into {root}")


def install_test_packages(root: Path) -> None:
    """Make ``modelsearch.tests`` and ``modelsearch.test`` the sdist's copies.

    Call before Django is set up (the test app is an installed app).
    """
    import modelsearch

    for name in ("tests", "test"):
        qualified = f"modelsearch.{name}"
        folder = root / "modelsearch" / name
        stale = [k for k in sys.modules if k.split(".")[:2] == ["modelsearch", name]]
        for key in stale:
            del sys.modules[key]
        init = folder / "__init__.py"
        if init.exists():
            spec = importlib.util.spec_from_file_location(
                qualified, init, submodule_search_locations=[str(folder)]
            )
        else:  # a namespace package in the sdist (modelsearch/test)
            spec = importlib.machinery.ModuleSpec(qualified, None, is_package=True)
            spec.submodule_search_locations = [str(folder)]
        module = importlib.util.module_from_spec(spec)
        sys.modules[qualified] = module
        if spec.loader is not None:
            spec.loader.exec_module(module)
        setattr(modelsearch, name, module)
        if list(module.__path__) != [str(folder)]:
            raise SdistError(f"{qualified} resolves to {module.__path__}, not {folder}")


if __name__ == "__main__":
    # make test fetches the sdist once, before its lanes run upstream passes
    # side by side (they would otherwise download and unpack it together).
    try:
        print(f"upstream tests: sdist in {ensure_sdist()}")
    except SdistError as exc:
        # run.py gives the verdict (fails under CI=true, skips otherwise).
        print(f"upstream tests: {exc}", file=sys.stderr)
