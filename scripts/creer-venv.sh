#!/usr/bin/env bash
# Create the virtual environment; on a fresh Debian, install python3-venv first if it is missing.
set -euo pipefail
python="${1:?python}"
venv="${2:?venv}"
if [ -z "$python" ]; then
  echo "Python 3.11 introuvable : installez-le (apt-get install python3)." >&2
  exit 1
fi
version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ "$version" != "3.11" ]; then
  echo "Titrepro demande Python 3.11 (trouvé : $version avec $python)." >&2
  exit 1
fi
if ! "$python" -m venv "$venv" 2>/dev/null; then
  rm -rf "$venv"
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "Installation de python3-venv (Debian)…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-dev >/dev/null
    "$python" -m venv "$venv"
  else
    echo "Le module venv manque : sudo apt-get install python3-venv" >&2
    exit 1
  fi
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
