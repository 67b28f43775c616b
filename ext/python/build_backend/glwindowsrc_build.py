# SPDX-License-Identifier: LGPL-2.1-or-later
"""A PEP 517 build backend for the pure-Python glwindowsrc package.

pip builds a package in an isolated environment into which it installs
the backend named in pyproject.toml - from PyPI, which is not reachable
everywhere our users are (and nothing of setuptools is needed to zip a few
.py files). This backend lives in the source tree (backend-path) and needs
no other package: it writes the wheel (PEP 427) itself.
"""

import base64
import hashlib
import os
import re
import zipfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "glwindowsrc"
TAG = "py3-none-any"


def _project():
    """name, version, summary, requires-python and dependencies from
    pyproject.toml (tomllib is 3.11+; the few keys used are simple)."""
    text = open(os.path.join(HERE, "pyproject.toml"), encoding="utf-8").read()
    section = text.split("[project]", 1)[1]

    def value(key):
        match = re.search(rf'^{key}\s*=\s*"([^"]*)"', section, re.M)
        return match.group(1) if match else None

    deps = re.search(r'^dependencies\s*=\s*\[([^\]]*)\]', section, re.M)
    return {
        "name": value("name"),
        "version": value("version"),
        "summary": value("description"),
        "requires_python": value("requires-python"),
        "dependencies": re.findall(r'"([^"]+)"', deps.group(1)) if deps else [],
    }


def _metadata(project):
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}",
             f"Version: {project['version']}",
             f"Summary: {project['summary']}",
             "License: LGPL-2.1-or-later"]
    if project["requires_python"]:
        lines.append(f"Requires-Python: {project['requires_python']}")
    lines += [f"Requires-Dist: {dep}" for dep in project["dependencies"]]
    readme = os.path.join(HERE, "README.md")
    lines.append("Description-Content-Type: text/markdown")
    return "\n".join(lines) + "\n\n" + open(readme, encoding="utf-8").read()


def _dist_info(project):
    return f"{project['name']}-{project['version']}.dist-info"


def _record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _package_files():
    """The package's files, as (path in the wheel, bytes); the meson-only
    _install.py is never in a wheel."""
    root = os.path.join(HERE, PACKAGE)
    for name in sorted(os.listdir(root)):
        if name == "_install.py" or not (name.endswith(".py")
                                         or name == "py.typed"):
            continue
        with open(os.path.join(root, name), "rb") as f:
            yield f"{PACKAGE}/{name}", f.read()


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory,
                                     config_settings=None):
    project = _project()
    dist_info = os.path.join(metadata_directory, _dist_info(project))
    os.makedirs(dist_info, exist_ok=True)
    with open(os.path.join(dist_info, "METADATA"), "w",
              encoding="utf-8") as f:
        f.write(_metadata(project))
    return _dist_info(project)


def build_wheel(wheel_directory, config_settings=None,
                metadata_directory=None):
    project = _project()
    name = f"{project['name']}-{project['version']}-{TAG}.whl"
    dist_info = _dist_info(project)
    files = list(_package_files())
    files.append((f"{dist_info}/METADATA", _metadata(project).encode()))
    files.append((f"{dist_info}/WHEEL", (
        "Wheel-Version: 1.0\nGenerator: glwindowsrc_build\n"
        f"Root-Is-Purelib: true\nTag: {TAG}\n").encode()))
    files.append((f"{dist_info}/top_level.txt", f"{PACKAGE}\n".encode()))
    record = "".join(f"{path},{_record_hash(data)},{len(data)}\n"
                     for path, data in files)
    record += f"{dist_info}/RECORD,,\n"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w",
                         zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files:
            wheel.writestr(path, data)
        wheel.writestr(f"{dist_info}/RECORD", record)
    return name


def build_sdist(sdist_directory, config_settings=None):
    import tarfile
    project = _project()
    base = f"{project['name']}-{project['version']}"
    path = os.path.join(sdist_directory, base + ".tar.gz")
    with tarfile.open(path, "w:gz") as tar:
        for name in ("pyproject.toml", "README.md"):
            tar.add(os.path.join(HERE, name), f"{base}/{name}")
        tar.add(os.path.join(HERE, "build_backend", "glwindowsrc_build.py"),
                f"{base}/build_backend/glwindowsrc_build.py")
        for wheel_path, _ in _package_files():
            tar.add(os.path.join(HERE, wheel_path), f"{base}/{wheel_path}")
        info = _metadata(project).encode()
        import io
        member = tarfile.TarInfo(f"{base}/PKG-INFO")
        member.size = len(info)
        tar.addfile(member, io.BytesIO(info))
    return os.path.basename(path)
