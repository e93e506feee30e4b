"""jixiao (绩效): draft and audit Chinese budget-project performance target forms and self-evaluations."""

__version__ = "0.1.0"
