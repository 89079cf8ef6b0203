#!/usr/bin/env bash
# The message catalogues (learning_map/locale/<locale>/LC_MESSAGES/messages.po), with Babel:
#   scripts/catalogues.sh update      extract the messages from the code, merge them into every .po
#   scripts/catalogues.sh compile     compile every .po to its .mo (committed; tests check them)
#   scripts/catalogues.sh check       exit 1 when a .po lacks or has a message the code does not ask for
#   scripts/catalogues.sh init LOCALE start a new locale's .po (then add its line to locales.toml)
#   scripts/catalogues.sh             update, then compile
# Then `npm run build` puts the front end's messages into the bundles. See docs/developer/i18n.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
LOCALE_DIR=learning_map/locale
POT=$(mktemp --suffix=.pot)
trap 'rm -f "$POT"' EXIT

extract() {
  # File names without line numbers: moving code does not change the catalogues.
  "$PYBABEL" -q extract -F babel.cfg -k N_ -k cli_ntext:1,2 -c Translators: --add-location=file --sort-output \
    --no-wrap --project=learning-map --copyright-holder="learning-map contributors" \
    -o "$POT" learning_map
}

case "${1:-all}" in
  update)
    extract
    "$PYBABEL" -q update -i "$POT" -d "$LOCALE_DIR" --no-wrap --ignore-obsolete --no-fuzzy-matching --ignore-pot-creation-date
    ;;
  check)
    extract
    "$PYBABEL" -q update --check -i "$POT" -d "$LOCALE_DIR" --no-wrap --ignore-obsolete --no-fuzzy-matching \
      --ignore-pot-creation-date
    ;;
  compile)
    "$PYBABEL" -q compile -d "$LOCALE_DIR" --statistics
    ;;
  init)
    extract
    "$PYBABEL" init -i "$POT" -d "$LOCALE_DIR" -l "${2:?which locale, e.g. ja}" --no-wrap
    ;;
  all)
    "$0" update
    "$0" compile
    ;;
  *)
    echo "usage: $0 [update|compile|check|init LOCALE]" >&2
    exit 2
    ;;
esac
