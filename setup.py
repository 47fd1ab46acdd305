"""Builds the `edgetune` extension with the project's CMake build.

The module is the CMake target `edgetune_module` (experiments/python/), the
same code `cmake --build build` puts in build/python/. pip runs this through
pyproject.toml; it configures a build tree of its own under build/pip/
(Release, no tests) unless EDGETUNE_BUILD_DIR names a configured one to
reuse, then copies the module and the surface reader it starts
(edgetune-surface-reader) into the wheel.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def project_version():
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(edgetune VERSION ([0-9.]+)", text).group(1)


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = Path(os.environ.get("EDGETUNE_BUILD_DIR", ROOT / "build" / "pip")).resolve()
        if not (build_dir / "CMakeCache.txt").exists():
            subprocess.check_call(
                ["cmake", "-S", str(ROOT), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Release",
                 "-DBUILD_TESTING=OFF", f"-DPython3_EXECUTABLE={sys.executable}"])
        jobs = str(os.cpu_count() or 1)
        subprocess.check_call(
            ["cmake", "--build", str(build_dir), "--target", "edgetune_module", "-j", jobs])
        built = sorted((build_dir / "python").glob("edgetune*.so"))
        if len(built) != 1:
            sys.exit(f"setup.py: expected one edgetune*.so in {build_dir / 'python'}, "
                     f"found {len(built)}")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        self.copy_file(str(built[0]), str(target))
        # The process the module reads surfaces in (traces/contained_read.cc)
        # goes beside it, where the module looks first: the build tree may be
        # gone once the wheel is installed.
        reader = build_dir / "edgetune-surface-reader"
        self.copy_file(str(reader), str(target.parent / reader.name))


setup(
    version=project_version(),
    packages=[],  # the extension alone: the C++ folders are not Python packages
    ext_modules=[CMakeExtension("edgetune")],
    cmdclass={"build_ext": CMakeBuild},
    # setuptools' own staging, kept out of the CMake build trees.
    options={"build": {"build_base": "build/setuptools"}},
    zip_safe=False,
)
