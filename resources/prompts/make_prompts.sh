#!/usr/bin/env bash
# Regenerate the announcer's prompts from prompts.tsv: espeak-ng (voice cmn, 175 words/min) -> sox:
# 8 kHz, mono, 16-bit PCM, peak -6 dBFS, 0.3 s lead-in and 0.5 s tail. Needs: apt-get install espeak-ng sox
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
grep -v '^#' prompts.tsv | while IFS=$'\t' read -r name text; do
    [ -n "$name" ] || continue
    espeak-ng -v cmn -s 175 -w "$tmp/$name.wav" "$text"
    sox "$tmp/$name.wav" -r 8000 -c 1 -b 16 -e signed-integer "$name.wav" gain -n -6 pad 0.3 0.5
    echo "$name.wav  $(soxi -D "$name.wav") s  $text"
done
