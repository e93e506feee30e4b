"""Eval suites: labeled samples -> metrics -> comparison with a baseline -> gates (see evals/README.md).

    from jixiao.evals.suite import load_suite
    from jixiao.evals.runner import run_suite, RunOptions
    result = run_suite("evals/checker/suite.yaml", RunOptions(write=False))
    result.summary["metrics"]["micro.recall"], result.exit_code
"""
