"""Command-line flags layered over the config file: how review, eval, scan, baseline and config show read flags.

It lives with the CLI, not in ``clausecheck.config``, because it speaks the CLI's language: typer's
parameter names, the ``flag --x`` source labels ``config show`` prints, and "the first path argument, else
the working directory" as the place to look for a config file. ``clausecheck.config`` does the layering.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def settings_from(paths: list[str] | None, config: Path | None, **flags: Any) -> Any:
    """Effective settings: closest config to the first scanned path (or cwd), then the given flags."""
    import dataclasses

    from clausecheck import config as config_mod

    names = {"fail_on": "fail-on", "jobs": "jobs", "include": "include", "exclude": "exclude",
             "baseline": "baseline", "waivers": "waivers", "pdf_engine": "pdf-engine"}
    overrides = {names[k]: (v, f"flag --{names[k]}") for k, v in flags.items()
                 if k in names and v not in (None, [])}
    if flags.get("no_cache"):
        overrides["cache"] = (False, "flag --no-cache")
    start = Path(paths[0]) if paths and Path(paths[0]).exists() else Path.cwd()
    settings = config_mod.load(start, config, overrides)
    if flags.get("rules"):
        policy = settings.policy
        extra = tuple(str(Path(r).absolute()) for r in flags["rules"])
        sources = dict(settings.sources, **{"rule-dirs": settings.sources["rule-dirs"] + " + flag --rules"})
        settings = dataclasses.replace(settings, sources=sources,
                                       policy=dataclasses.replace(policy, rule_dirs=policy.rule_dirs + extra))
    return settings
