#!/usr/bin/env bash
# Dependency vulnerability check (issue 7): exits non-zero when an installed package has a known vulnerability,
# or when nothing could actually be checked (a silent "no known vulnerabilities" over zero audited packages is
# not a pass).
#
# Usage: bash .ci/audit.sh [VENV]     (default: the active virtualenv, else ./.venv, else python3 on PATH)
#
# 1. pip-audit (installed into that environment) against OSV, then against PyPI's per-release JSON API.
# 2. Where neither answers (machines that reach only PyPI's index and project pages, as here: OSV does not
#    resolve and /pypi/NAME/VERSION/json is not served), an equivalent check from PyPI's project JSON
#    (/pypi/NAME/json): its "vulnerabilities" list is that of the latest release, so every installed package
#    must BE the latest release and have none. An older installed version cannot be cleared this way and
#    fails the check: upgrade it (parsers of untrusted files should be current anyway), or set
#    AUDIT_ALLOW_OUTDATED=1 to report without failing. A package that another installed package caps below
#    its latest release (thinc under spaCy), or whose latest release needs a newer Python, is reported as "held back", not failed.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${1:-${VIRTUAL_ENV:-}}"
if [ -z "$venv" ] && [ -x .venv/bin/python ]; then venv=.venv; fi
if [ -n "$venv" ]; then py="$venv/bin/python"; else py="$(command -v python3)"; fi
[ -x "$py" ] || { echo "audit: no python at $py" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! "$py" -m pip install -q --disable-pip-version-check pip-audit >"$work/install.log" 2>&1; then
  cat "$work/install.log" >&2; echo "audit: could not install pip-audit" >&2; exit 2
fi

for service in osv pypi; do
  rm -f "$work/report.json"
  "$py" -m pip_audit --progress-spinner off --skip-editable --timeout 30 -s "$service" -f json \
      -o "$work/report.json" >"$work/$service.log" 2>&1 || true
  [ -s "$work/report.json" ] || { echo "audit: pip-audit via $service: no answer ($(tail -n 1 "$work/$service.log"))"; continue; }
  set +e
  "$py" - "$work/report.json" "$service" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
deps = report.get("dependencies", [])
vulnerable = [d for d in deps if d.get("vulns")]
audited = [d for d in deps if "skip_reason" not in d]
for d in vulnerable:
    for v in d["vulns"]:
        print(f"VULNERABLE {d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v.get('fix_versions', [])) or 'no release yet'})")
if vulnerable:
    sys.exit(1)
if not audited:
    print(f"audit: pip-audit via {sys.argv[2]} could not check any of {len(deps)} packages")
    sys.exit(3)
print(f"audit: pip-audit via {sys.argv[2]}: {len(audited)} packages checked, no known vulnerability"
      + (f" ({len(deps) - len(audited)} not on PyPI, skipped)" if len(deps) > len(audited) else ""))
EOF
  status=$?
  set -e
  [ "$status" -eq 3 ] || exit "$status"
done

echo "audit: falling back to PyPI project JSON (latest release's advisories)"
exec "$py" - <<'EOF'
import concurrent.futures, json, os, sys, urllib.error, urllib.request
from importlib import metadata

OWN = {"clausecheck"}
allow_outdated = os.environ.get("AUDIT_ALLOW_OUTDATED") == "1"

def canonical(name):
    return name.lower().replace("_", "-").replace(".", "-")

def check(name, version):
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=30) as response:
            data = json.load(response)
    except urllib.error.HTTPError as exc:
        return name, version, None, None, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return name, version, None, None, f"unreachable: {exc}"
    needs = data["info"].get("requires_python") or ""
    return name, version, (data["info"]["version"], needs), data.get("vulnerabilities") or [], None

def held_back(name, latest):
    """Installed packages whose requirement on ``name`` excludes its latest release."""
    try:
        from packaging.requirements import Requirement
    except ImportError:
        return []
    holders = []
    for dist in metadata.distributions():
        for line in dist.requires or []:
            try:
                req = Requirement(line)
            except Exception:
                continue
            if canonical(req.name) == name and req.specifier and not req.specifier.contains(latest, prereleases=True):
                holders.append(f"{dist.metadata['Name']} ({req.name}{req.specifier})")
    return sorted(set(holders))

def python_excluded(needs):
    """["Python X.Y (needs ...)"] when this interpreter cannot install the latest release."""
    try:
        from packaging.specifiers import SpecifierSet
        here = ".".join(map(str, sys.version_info[:3]))
        return [] if not needs or SpecifierSet(needs).contains(here) else [f"Python {here} (needs {needs})"]
    except Exception:
        return []

installed = {canonical(d.metadata["Name"]): d.version for d in metadata.distributions() if d.metadata["Name"]}
installed = {n: v for n, v in installed.items() if n not in OWN}
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    results = sorted(pool.map(lambda item: check(*item), installed.items()))

failed = False
checked = 0
for name, version, release, vulns, error in results:
    latest, needs = release or (None, "")
    if error == "HTTP 404":
        print(f"skipped {name} {version}: not on PyPI")
    elif error:
        print(f"UNCHECKED {name} {version}: {error}")
        failed = True
    elif version != latest:
        holders = held_back(name, latest) + python_excluded(needs)
        if holders:  # a dependent caps it below the latest: upgrading is not ours to do
            print(f"held back {name} {version} (latest {latest}) by {', '.join(holders)}: not verifiable here")
        else:
            print(f"OUTDATED {name} {version} (latest {latest}): upgrade it; an old release cannot be cleared "
                  "from the project JSON")
            failed = failed or not allow_outdated
    elif vulns:
        for v in vulns:
            print(f"VULNERABLE {name} {version}: {v.get('id')} (fixed in {', '.join(v.get('fixed_in') or []) or 'no release yet'})")
        failed = True
    else:
        checked += 1
if checked == 0:
    print("audit: no package could be checked")
    sys.exit(3)
print(f"audit: {checked} of {len(results)} packages are the latest release with no known vulnerability")
sys.exit(1 if failed else 0)
EOF
