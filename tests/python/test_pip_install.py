"""`pip install .` installs the module the CMake build makes, offline.

A virtual environment over Debian's packages (numpy), pip without network
or build isolation, and the module imported from where pip put it, not
from build/python. EDGETUNE_BUILD_DIR (set by ctest) lets setup.py reuse
the configured build instead of building everything again.
"""
import os
import subprocess
import sys
from pathlib import Path

SOURCE = Path(os.environ["EDGETUNE_SOURCE_DIR"])


def test_pip_install_puts_a_working_module_in_the_environment(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    install = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--no-build-isolation", "--no-index", "-q",
         str(SOURCE)],
        env=env, capture_output=True, text=True, cwd=tmp_path)
    assert install.returncode == 0, install.stdout + install.stderr
    probe = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import edgetune; print(edgetune.__file__); "
         "print(','.join(o['name'] for o in edgetune.list_optimizers())); "
         f"print(len(edgetune.load_surface('{SOURCE}/traces/surfaces/xavier-nx_yolov8n.h5').space))"],
        env=env, capture_output=True, text=True, cwd=tmp_path)
    assert probe.returncode == 0, probe.stderr
    where, names, points = probe.stdout.split()
    assert Path(where).resolve().is_relative_to(venv.resolve()), where
    assert "coral" in names.split(",")
    # Surfaces are read by the reader installed beside the module, not one
    # in a build tree.
    assert int(points) > 0
    assert (Path(where).parent / "edgetune-surface-reader").exists()
