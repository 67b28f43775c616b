# SPDX-License-Identifier: LGPL-2.1-or-later
"""The Python package where users have it: a Python without PyGObject, a
venv it was pip-installed into, and `meson install` into a DESTDIR used
with nothing but the installed files."""

import glob
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import expected_picture

SOURCE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                           "..", ".."))
HELPER = os.path.join(os.path.dirname(__file__), "capture_no_gi.py")
BUILD_DIR = os.environ.get("GLWINDOWSRC_BUILD_DIR")
NUMPY_DIR = os.path.dirname(os.path.dirname(
    __import__("numpy").__file__))


def run_helper(python, win, env, cwd):
    out = subprocess.run([python, HELPER, str(win.xid), "120", "90"],
                         env=env, cwd=cwd, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def assert_seen(seen, where):
    want = expected_picture(120, 90)
    assert seen["gi"] is False, where
    assert seen["shape"] == [90, 120, 4], where
    corners = [want[0, 0], want[0, -1], want[-1, 0], want[-1, -1]]
    assert seen["corners"] == [[*c.tolist(), 255] for c in corners], where
    assert seen["frames"] == 3 and seen["same"], where
    assert "no window has this title" in seen["error"], where


def test_package_without_gi(spawn_window, tmp_path):
    """The source tree's package, in Debian's python3 with gi blocked."""
    win = spawn_window(120, 90)
    env = dict(os.environ,
               PYTHONPATH=os.path.join(SOURCE_ROOT, "ext", "python"))
    seen = run_helper(sys.executable, win, env, tmp_path)
    assert seen["package"].startswith(os.path.join(SOURCE_ROOT, "ext"))
    assert_seen(seen, "gi blocked")


def numpy_only_site(tmp_path):
    """A folder holding nothing but NumPy (Debian's python3-numpy, for the
    same CPython 3.11 ABI) - no PyPI here, and the venv must not see the
    system's site-packages, PyGObject included."""
    site = tmp_path / "numpy-only"
    site.mkdir()
    for name in os.listdir(NUMPY_DIR):
        if name == "numpy" or (name.startswith("numpy-")
                               and name.endswith(("-info"))):
            os.symlink(os.path.join(NUMPY_DIR, name), site / name)
    return site


@pytest.mark.parametrize("interpreter", ["debian", "first-on-path"])
def test_pip_install_into_a_venv(spawn_window, tmp_path, interpreter):
    """`pip install ext/python` into a venv without system site-packages,
    then a capture from it. The package builds with its own in-tree
    backend: pip needs nothing from the network."""
    if interpreter == "debian":
        python = sys.executable
    else:
        python = shutil.which("python3")
        real = subprocess.run([python, "-c", "import sys; print(sys.version_info[:2], sys.executable)"],
                              capture_output=True, text=True).stdout
        if not python or os.path.realpath(python) == os.path.realpath(
                sys.executable) or "(3, 11)" not in real:
            pytest.skip(f"no second CPython 3.11 on PATH ({python}: {real.strip()})"
                        " to load Debian's NumPy in")
    venv = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", str(venv)], check=True, timeout=120)
    vpython = str(venv / "bin" / "python")
    site = subprocess.run([vpython, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    with open(os.path.join(site, "numpy-only.pth"), "w") as pth:
        pth.write(str(numpy_only_site(tmp_path)) + "\n")
    pip = subprocess.run([vpython, "-m", "pip", "install", "--no-index",
                          os.path.join(SOURCE_ROOT, "ext", "python")],
                         capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    assert "Successfully installed glwindowsrc-0.1.0" in pip.stdout

    win = spawn_window(120, 90)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    seen = run_helper(vpython, win, env, tmp_path)
    assert seen["package"].startswith(site), seen["package"]
    assert_seen(seen, f"venv of {python}")


@pytest.mark.skipif(not BUILD_DIR, reason="needs GLWINDOWSRC_BUILD_DIR")
def test_meson_install_destdir(spawn_window, tmp_path):
    """`meson install --destdir`, then a capture with only the installed
    files: the plugin (found beside the installed C library, GStreamer's
    own path here being the system's) and the package (on PYTHONPATH, as
    /usr/lib/python3/dist-packages is for Debian's python3)."""
    stage = tmp_path / "stage"
    inst = subprocess.run(["meson", "install", "-C", BUILD_DIR, "--no-rebuild",
                           "--destdir", str(stage)],
                          capture_output=True, text=True, timeout=300)
    assert inst.returncode == 0, inst.stdout + inst.stderr
    # Under the build's prefix: /usr by default.
    packages = [os.path.dirname(p) for p in glob.glob(
        str(stage / "**" / "glwindowsrc" / "__init__.py"), recursive=True)]
    plugins = glob.glob(str(stage / "**" / "gstreamer-1.0"
                            / "libgstglwindowsrc.so"), recursive=True)
    assert packages and plugins, inst.stdout
    packages[0] = os.path.dirname(packages[0])

    env = {k: v for k, v in os.environ.items()
           if k not in ("GLWINDOWSRC_LIBRARY", "GST_PLUGIN_PATH",
                        "GST_PLUGIN_PATH_1_0")}
    env["PYTHONPATH"] = packages[0]
    env["GST_REGISTRY_1_0"] = env["GST_REGISTRY"] = str(tmp_path / "reg.dat")
    win = spawn_window(120, 90)
    seen = run_helper(sys.executable, win, env, tmp_path)
    assert seen["package"].startswith(packages[0])
    assert_seen(seen, "DESTDIR install")

    # gst-launch finds the installed plugin where GStreamer is told to look.
    env["GST_PLUGIN_PATH"] = os.path.dirname(plugins[0])
    inspect = subprocess.run(["gst-inspect-1.0", "glwindowsrc"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert inspect.returncode == 0 and "glwindowsrc" in inspect.stdout
