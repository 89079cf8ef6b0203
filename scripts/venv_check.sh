#!/usr/bin/env bash
# venv_check.sh VENV PYTHON: exit 0 when VENV can be reused with PYTHON; else print why (one
# line) and exit 1. A venv made by another Python version (pyvenv.cfg's version differs from
# PYTHON's major.minor: its compiled packages do not load) or whose python no longer runs (the
# interpreter it links to was removed or upgraded) is not reusable. A folder without pyvenv.cfg
# is not a venv at all: exit 2, so that bootstrap.sh never deletes it.
set -uo pipefail
venv=$1
python=$2
want=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])') || {
  echo "$python does not run"; exit 1; }
cfg=$venv/pyvenv.cfg
if [ ! -f "$cfg" ]; then
  echo "it has no pyvenv.cfg (not a virtual environment)"; exit 2
fi
# "version = 3.11.7" (and "version_info = 3.11.7.final.0" from some tools).
made=$(sed -n -E 's/^[[:space:]]*version(_info)?[[:space:]]*=[[:space:]]*([0-9]+\.[0-9]+).*/\2/p' "$cfg" | head -n 1)
if [ -z "$made" ]; then
  echo "its pyvenv.cfg names no Python version"; exit 1
fi
if [ "$made" != "$want" ]; then
  echo "it was made by Python $made, and $python is Python $want"; exit 1
fi
runs=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || {
  echo "its python does not run"; exit 1; }
if [ "$runs" != "$want" ]; then
  echo "its python is Python $runs, and $python is Python $want"; exit 1
fi
exit 0
