"""The command modules, in the order they appear in ``--help``."""

from clausecheck.cli import eval_cmd, review_cmd, scan_cmd

MODULES = [review_cmd, eval_cmd, scan_cmd]
