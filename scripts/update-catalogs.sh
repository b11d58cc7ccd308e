#!/usr/bin/env bash
# After changing texts in code or in content/instrument.yaml: re-extract the template, merge it
# into every catalog (new entries arrive empty, for translators), and keep the German catalog
# equal to the msgids (German is the source language). Then run `python -m bot check`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
py=.venv/bin/python
.venv/bin/pybabel extract -F babel.cfg -k _n:1,2 --add-comments=TRANSLATORS: --sort-by-file \
  --project=Schullotse --copyright-holder="Schullotse contributors" --msgid-bugs-address="" \
  -o locales/messages.pot . >/dev/null
for po in locales/*/LC_MESSAGES/messages.po; do
  locale=$(basename "$(dirname "$(dirname "$po")")")
  .venv/bin/pybabel update -i locales/messages.pot -d locales -D messages -l "$locale" \
    --no-fuzzy-matching --ignore-obsolete -w 100 >/dev/null
done
"$py" - <<'PY'
from babel.messages.pofile import read_po, write_po

path = "locales/de/LC_MESSAGES/messages.po"
with open(path, "rb") as f:
    catalog = read_po(f, locale="de")
for message in catalog:
    if message.id:
        message.string = tuple(message.id) if isinstance(message.id, tuple) else message.id
with open(path, "wb") as f:
    write_po(f, catalog, width=100)
PY
echo "catalogs updated; now: .venv/bin/python -m bot check"
