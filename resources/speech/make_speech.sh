#!/usr/bin/env bash
# Regenerate the caller requests in this directory from requests.tsv:
# espeak-ng (voice cmn, 150 words/min) -> sox: 8 kHz, mono, 16-bit PCM, peak -6 dBFS, 0.3 s lead-in,
# 1 s of silence at the end (a looped request pauses between repeats).
# Needs: apt-get install espeak-ng sox
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
grep -v '^#' requests.tsv | while IFS=$'\t' read -r name category text; do
    [ -n "$name" ] || continue
    espeak-ng -v cmn -s 150 -w "$tmp/$name.wav" "$text"
    sox "$tmp/$name.wav" -r 8000 -c 1 -b 16 -e signed-integer "$name.wav" gain -n -6 pad 0.3 1.0
    echo "$name.wav  $category  $text  $(soxi -D "$name.wav") s"
done
