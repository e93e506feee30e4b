"""jixiao (绩效): draft and audit Chinese budget-project performance target forms and self-evaluations."""

__version__ = "0.1.0"


def compiled_modules() -> list[str]:
    """jixiao's modules that run compiled by mypyc (a wheel build: setup.py); empty for a pure-Python install."""
    import importlib.util
    import pkgutil

    found = []
    for info in pkgutil.walk_packages(__path__, "jixiao."):
        spec = importlib.util.find_spec(info.name)
        if spec is not None and spec.origin is not None and not spec.origin.endswith(".py"):
            found.append(info.name)
    return found
