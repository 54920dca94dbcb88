#!/usr/bin/env bash
# Installs the system packages ChurnGuard needs when they are missing:
# libxgboost (training and parity tests) and, with --postgres, what the tests need besides:
# a PostgreSQL server, promtool (Debian package prometheus), the sqlite3 CLI (a test holds a real lock
# on the database with it), and the openssl and curl CLIs (the JWKS
# and TLS tests make keys and certificates with openssl and probe the HTTPS server with curl), and
# headless Chromium with its WebDriver (chromium, chromium-driver) plus Python's selenium for the
# console's real-browser test, and Python's kubernetes-validate (with PyYAML) for deploy/k8s's test.
# Debian/Ubuntu via apt-get (with sudo when not root), macOS via Homebrew. Safe to run again.
set -euo pipefail

want_postgres=0
for arg in "$@"; do
  case "$arg" in
    --postgres) want_postgres=1 ;;
    *) echo "bootstrap: unknown option $arg" >&2; exit 2 ;;
  esac
done

if ! command -v swift >/dev/null 2>&1; then
  echo "bootstrap: Swift 6 is required (https://www.swift.org/install); 'swift' is not on PATH." >&2
  exit 1
fi

if command -v apt-get >/dev/null 2>&1; then
  # python3 runs the demo's local webhook receiver and CRM stand-ins (Benchmarks/python).
  packages=(libxgboost-dev zlib1g-dev pkg-config python3)
  [ "$want_postgres" = 1 ] && packages+=(postgresql prometheus openssl curl sqlite3 chromium chromium-driver)
  # pip, for the browser test's selenium, when the python3 on PATH has none.
  [ "$want_postgres" = 1 ] && ! python3 -m pip --version >/dev/null 2>&1 && packages+=(python3-pip)
  missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then
      command -v sudo >/dev/null 2>&1 || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
      sudo="sudo"
    fi
    echo "bootstrap: installing ${missing[*]}"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [ "$want_postgres" = 1 ] && ! python3 -c 'import selenium' >/dev/null 2>&1; then
    echo "bootstrap: installing selenium (pip) for the console's browser test"
    # Debian's own python3 refuses installs into it (PEP 668) unless told; a pyenv or venv python does not.
    python3 -m pip install --quiet --disable-pip-version-check selenium 2>/dev/null \
      || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages selenium
  fi
  if [ "$want_postgres" = 1 ] && ! python3 -c 'import kubernetes_validate, yaml' >/dev/null 2>&1; then
    echo "bootstrap: installing kubernetes-validate (pip) for the Kubernetes manifests' test"
    python3 -m pip install --quiet --disable-pip-version-check kubernetes-validate 2>/dev/null \
      || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages kubernetes-validate
  fi
elif command -v brew >/dev/null 2>&1; then
  brew list xgboost >/dev/null 2>&1 || brew install xgboost
  [ "$want_postgres" = 1 ] && { brew list postgresql@16 >/dev/null 2>&1 || brew install postgresql@16; }
else
  echo "bootstrap: no apt-get or brew found; install libxgboost (1.7+) yourself." >&2
fi
