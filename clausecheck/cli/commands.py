"""The command modules, in the order they appear in ``--help``."""

from clausecheck.cli import review_cmd

MODULES = [review_cmd]
