"""Writing reports: atomically (temp file + rename) and never over an input document."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from clausecheck.errors import ConfigError


def emit(render: Callable[[TextIO], None], output: str | Path | None,
         inputs: Iterable[str | Path] = ()) -> None:
    """Run ``render`` into ``output`` (atomically) or to stdout when output is None or "-"."""
    if output is None or str(output) == "-":
        render(sys.stdout)
        sys.stdout.flush()
        return
    target = Path(output)
    guard(target, inputs)
    buffer = io.StringIO()
    render(buffer)
    write_atomic(target, buffer.getvalue())


def guard(target: Path, inputs: Iterable[str | Path]) -> None:
    """Refuse an output path that is one of the input documents."""
    resolved = target.resolve()
    for item in inputs:
        if Path(item).resolve() == resolved:
            raise ConfigError(f"output path {target} is one of the input documents",
                              hint="choose another --output")


def write_atomic(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` via a temp file in the same folder and os.replace."""
    write_atomic_bytes(target, text.encode("utf-8"))


def write_atomic_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` via a temp file in the same folder and os.replace."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs should get the usual file mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask (read by setting it and putting it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
