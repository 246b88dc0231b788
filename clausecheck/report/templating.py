"""The jinja2 environments, built once: HTML (autoescape always on) and Markdown (every value escaped).

Templates are found only through ``resources.data_dir("templates")``. ``autoescape=True`` rather than
``select_autoescape``, which would not escape a template named ``*.html.j2``. ``StrictUndefined`` turns a
typo in a template into an error instead of an empty cell.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$@:])")


class MarkdownSafe(str):
    """Markdown produced by the reporter itself, written without escaping."""


def escape_markdown(value: Any) -> str:
    """Inline-safe Markdown for untrusted text: no HTML, links, tables cells broken, mentions or math.

    ``<``, ``>`` and ``&`` become entities (GitHub renders raw HTML); Markdown punctuation is
    backslash-escaped; newlines collapse so contract text cannot start a heading, a list or a new table row.
    """
    if value is None:
        return ""
    if isinstance(value, MarkdownSafe):
        return str(value)
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


@functools.cache
def html_environment() -> Any:
    """The HTML jinja2 Environment (autoescape on, strict undefined)."""
    import jinja2

    from clausecheck.resources import data_dir

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(data_dir("templates"))), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


@functools.cache
def markdown_environment() -> Any:
    """The Markdown jinja2 Environment: every ``{{ value }}`` goes through ``escape_markdown``."""
    import jinja2

    from clausecheck.resources import data_dir

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(data_dir("templates"))), autoescape=False,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True, finalize=escape_markdown)
