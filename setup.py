"""Build hook: the modules that parse + audit spend their time in are compiled with mypyc when a wheel is built.

`pip install .` (a wheel) compiles the modules in COMPILED to C extensions: parse + audit run on them with about a
quarter fewer machine instructions (docs/speed.md). The .py files ship beside them and are the same code.
An editable install (`pip install -e .`, what `make install` does) stays pure Python, so an edited .py takes effect at
once; `JIXIAO_PURE_PYTHON=1` makes any build pure Python. Without a C compiler the extensions are skipped (they are
optional) and the pure-Python modules serve. The test suite runs on both builds (`make test`, `make test-compiled`).
A wheel also carries the repository's prompts/ and fewshots/ (as jixiao/bundled/), which the drafter and the
extractor read. Everything else (project metadata, dependencies, the mypy settings the compiler reads) is in pyproject.toml.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_py import build_py

# The hot path of `jixiao audit`: the fast text readers (scan), record construction (construct), the target parser,
# the value readers, the vocabulary, the rule engine with what the rules share (rule, facts, basis, fixes) and the
# target-form rules. Not the CLI, the LLM paths or the renderers (their time goes to I/O and libraries), and not the
# self-evaluation and budget-report rules and parsers (rarely hot; typed loosely).
COMPILED = [
    "src/jixiao/scan.py",
    "src/jixiao/construct.py",
    "src/jixiao/values.py",
    "src/jixiao/vocab.py",
    "src/jixiao/parse/__init__.py",
    "src/jixiao/parse/rows.py",
    "src/jixiao/parse/errors.py",
    "src/jixiao/parse/forms.py",
    "src/jixiao/parse/columns.py",
    "src/jixiao/parse/sources/text.py",
    "src/jixiao/parse/target.py",
    "src/jixiao/parse/budget.py",
    "src/jixiao/check/rule.py",
    "src/jixiao/check/engine.py",
    "src/jixiao/check/registry.py",
    "src/jixiao/check/basis.py",
    "src/jixiao/check/fixes.py",
    "src/jixiao/check/facts.py",
    "src/jixiao/check/rules/reading.py",
    "src/jixiao/check/rules/amounts.py",
    "src/jixiao/check/rules/dates.py",
    "src/jixiao/check/rules/direction.py",
    "src/jixiao/check/rules/plausibility.py",
    "src/jixiao/check/rules/structure.py",
    "src/jixiao/check/rules/text.py",
    "src/jixiao/check/rules/units.py",
    "src/jixiao/check/rules/values.py",
]

# setuptools commands that build the package's files; metadata-only (egg_info, dist_info) and editable builds do not
_BUILDS = {"bdist_wheel", "build", "build_ext", "install"}


def ext_modules() -> list:
    if os.environ.get("JIXIAO_PURE_PYTHON", "") not in ("", "0") or not _BUILDS.intersection(sys.argv[1:]):
        return []
    from mypyc.build import mypycify

    extensions = mypycify(["--config-file", "pyproject.toml", *COMPILED], opt_level="3", debug_level="0")
    for extension in extensions:
        extension.optional = True  # no C compiler: setuptools skips it and the .py module is imported instead
    return extensions


class BuildWithResources(build_py):
    """Copies prompts/ and fewshots/ into the package being built (jixiao/bundled/): an installed wheel has no
    repository around it (jixiao.fewshots.RESOURCES_ROOT)."""

    def run(self) -> None:
        super().run()
        for folder in ("prompts", "fewshots"):
            self.copy_tree(folder, os.path.join(self.build_lib, "jixiao", "bundled", folder))


setup(ext_modules=ext_modules(), cmdclass={"build_py": BuildWithResources})
