#!/usr/bin/env bash
# Refreshes the translation sources from the code: new strings arrive as "unfinished",
# strings no longer in the code are dropped. Translate the new ones (Qt Linguist:
# .venv/bin/pyside6-linguist resources/translations/sshdesk_zh_CN.ts), then commit the .ts;
# the app compiles it at run time. tests/unit/test_translations.py checks it is complete.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(find sshdesk -name '*.py' | sort)
for ts in resources/translations/sshdesk_*.ts; do
  .venv/bin/pyside6-lupdate -no-obsolete -locations none "${sources[@]}" -ts "$ts"
  # lupdate takes any "#:" comment near a tr() call as a note to translators; ours are
  # notes to programmers, and the wrong ones end up attached.
  sed -i '/<extracomment>.*<\/extracomment>/d' "$ts"
done
