#!/usr/bin/env bash
# Extract every msgid (babel.cfg) and merge it into the kk, ru and en catalogues; safe to re-run.
#
#   scripts/i18n.sh          extract, then update web/locale/{kk,ru,en}/LC_MESSAGES/messages.po
#   scripts/i18n.sh check    exit 1 if an update would change a catalogue (nothing is written)
#   scripts/i18n.sh todo     list the kk and ru entries still untranslated or fuzzy
#
# New msgids arrive with an empty msgstr (or a fuzzy guess from a similar msgid): translate them,
# remove the "fuzzy" flag, and run tests/web/test_i18n.py. Catalogues are read as .po at start;
# nothing is compiled.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-update}"
languages=(kk ru en)
pot="$(mktemp --suffix=.pot)"
trap 'rm -f "$pot"' EXIT

pybabel -q extract -F babel.cfg --add-location=file --add-comments=TRANSLATORS: \
    --project=Sabaq --copyright-holder="Sabaq contributors" -o "$pot" .

update_args=(-i "$pot" -d web/locale -D messages --ignore-obsolete --ignore-pot-creation-date)
# English msgstrs stay empty (the msgid is the text), so a fuzzy guess there only adds noise.
fuzzy_flag() { if [[ "$1" == en ]]; then echo --no-fuzzy-matching; fi; }
case "$mode" in
update)
    for lang in "${languages[@]}"; do
        po="web/locale/$lang/LC_MESSAGES/messages.po"
        if [[ -f "$po" ]]; then
            pybabel -q update "${update_args[@]}" $(fuzzy_flag "$lang") -l "$lang"
        else
            pybabel -q init -i "$pot" -d web/locale -D messages -l "$lang"
        fi
    done
    ;;
check)
    stale=0
    for lang in "${languages[@]}"; do
        if ! pybabel -q update "${update_args[@]}" $(fuzzy_flag "$lang") -l "$lang" --check \
            2>/dev/null; then
            echo "web/locale/$lang: out of date; run scripts/i18n.sh" >&2
            stale=1
        fi
    done
    exit "$stale"
    ;;
todo) ;;
*)
    echo "usage: scripts/i18n.sh [update|check|todo]" >&2
    exit 2
    ;;
esac

# English msgstrs may stay empty (the msgid is the English text), so only kk and ru are listed.
python - kk ru <<'PY'
import sys
from babel.messages.pofile import read_po

for lang in sys.argv[1:]:
    with open(f"web/locale/{lang}/LC_MESSAGES/messages.po", "rb") as fh:
        catalog = read_po(fh, locale=lang)
    entries = [m for m in catalog if m.id]
    strings = {m.id: m.string if isinstance(m.string, tuple) else (m.string,) for m in entries}
    todo = [m for m in entries if m.fuzzy or not all(strings[m.id])]
    print(f"{lang}: {len(entries)} msgids, {len(todo)} to translate")
    for m in todo:
        print(f"  {'(fuzzy) ' if m.fuzzy else ''}{m.id!r}")
PY
