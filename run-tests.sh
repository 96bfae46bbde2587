#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian machine: installs the real peers the
# integration tests drive (when missing), builds, runs each test project, and ends with
# "N passed, M failed[, K skipped]" counted from the test runners' XML results.
set -uo pipefail
cd "$(dirname "$0")"

peers=(nfdump softflowd tshark tcpdump pmacct python3-scapy prometheus systemd)
missing=()
for pkg in "${peers[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing test peers: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q >/dev/null
  # tshark asks whether non-root users may capture; the default answer is fine.
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

results="$(pwd)/.tmp/test-results"
rm -rf "$results" && mkdir -p "$results"

if ! dotnet build NetFlow.slnx -c Release -nologo -v q; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  timeout 1800 dotnet run --project "$project" -c Release --no-build -- -noColor -result-xml "$results/$name.xml" || status=1
done

projects=$(for p in tests/*/*.csproj; do basename "$p" .csproj; done)
/usr/bin/env python3 - "$results" $projects <<'PY'
import os, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
files = []
for name in sys.argv[2:]:
    f = os.path.join(sys.argv[1], name + ".xml")
    if not os.path.exists(f):
        print(f"{name}: no results (the test run crashed or timed out)")
        failed += 1
        continue
    files.append(f)
    for a in ET.parse(f).getroot().iter("assembly"):
        passed += int(a.get("passed", 0)); skipped += int(a.get("skipped", 0))
        failed += int(a.get("failed", 0)) + int(a.get("errors", 0) or 0)
line = f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
print(line)
sys.exit(0 if files and passed > 0 and failed == 0 else 1)
PY
summary=$?
[ $status -ne 0 ] && exit $status
exit $summary
