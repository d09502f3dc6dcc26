#!/usr/bin/env bash
# The browser tests use Debian's Chromium (never a downloaded browser). Install it when we can.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "Installation de Chromium (Debian) pour les tests navigateur…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
else
  echo "Chromium absent (/usr/bin/chromium) : les tests navigateur seront ignorés. sudo apt-get install chromium" >&2
fi
