"""Shared fixtures of the Python module's tests (run by ctest: PYTHONPATH holds
build/python, EDGETUNE_BINARY and EDGETUNE_SOURCE_DIR are set)."""
import json
import os
import subprocess

import pytest

SOURCE_DIR = os.environ.get("EDGETUNE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("EDGETUNE_BINARY", os.path.join(SOURCE_DIR, "build", "edgetune"))
HERE = os.path.dirname(os.path.abspath(__file__))


def shipped(name):
    return os.path.join(SOURCE_DIR, "traces", "surfaces", name)


def cli(*args, check=True):
    """Runs the edgetune binary; returns (exit code, stdout, stderr)."""
    done = subprocess.run([BINARY, *args], capture_output=True, text=True)
    if check:
        assert done.returncode == 0, done.stderr
    return done.returncode, done.stdout, done.stderr


def cli_json(*args):
    return json.loads(cli(*args, "--json")[1])


@pytest.fixture(scope="session")
def surface_path():
    return shipped("xavier-nx_yolov8s.h5")


@pytest.fixture(scope="session")
def examples():
    """tests/python/example_optimizers.py, imported as a module."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("example_optimizers",
                                                  os.path.join(HERE, "example_optimizers.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
