"""Eval suites: labeled samples -> metrics -> comparison with a baseline -> gates (see evals/README.md).

    from jixiao.evals.suite import load_suite
    from jixiao.evals.runner import run_suite, RunOptions
    result = run_suite("evals/checker/suite.yaml", RunOptions(write=False))
    result.summary["metrics"]["micro.recall"], result.exit_code
"""

# Exit codes of `jixiao eval` (evals/README.md); here, so the command line reads them without importing the runner
EXIT_OK, EXIT_GATE, EXIT_DATA, EXIT_INFRA = 0, 1, 2, 3
