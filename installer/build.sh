#!/usr/bin/env bash
# Build the Windows installer (dist/ClusterPolicy-<version>-win64-setup.exe) on Linux, or with
# --linux the PyInstaller bundle. Installs the Debian tools it needs where missing (as root),
# uses the project's .venv (python3 bootstrap.py test sets it up) and the download cache in
# installer/.cache. See installer/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
need=""
for pair in makensis:nsis osslsigncode:osslsigncode 7z:p7zip-full \
            x86_64-w64-mingw32-objdump:binutils-mingw-w64-x86-64 openssl:openssl; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need="$need ${pair#*:}"
done
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $need >/dev/null
  else
    echo "missing tools: $need — install them (sudo apt-get install$need) and run again" >&2
    exit 2
  fi
fi
[ -x .venv/bin/python ] || python3 bootstrap.py test --co -q >/dev/null
exec .venv/bin/python installer/build.py "$@"
