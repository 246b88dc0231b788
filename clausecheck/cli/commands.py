"""The command modules, in the order they appear in ``--help``."""

from clausecheck.cli import eval_cmd, review_cmd, rules_cmd, scan_cmd, schema_cmd

MODULES = [review_cmd, scan_cmd, rules_cmd, schema_cmd, eval_cmd]
