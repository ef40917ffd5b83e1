#!/usr/bin/env bash
# Regenerate what a queued caller hears (telephony/center/music.py): greeting.wav, the welcome spoken
# once (espeak-ng, voice cmn, as resources/prompts/make_prompts.sh), and hold.wav, a quiet 16 s
# pentatonic melody (C4 D4 E4 G4 A4, sine with soft attack and release, -12 dBFS) looped after it.
# The notes stay away from the lab's test tones (agent 1110 Hz, callers 530/620/810 Hz, 110 900 Hz).
# 8 kHz mono 16-bit PCM. Needs: apt-get install espeak-ng sox
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
espeak-ng -v cmn -s 175 -w "$tmp/greeting.wav" "您好，欢迎致电12345政务服务便民热线，坐席正忙，请您稍候。"
sox "$tmp/greeting.wav" -r 8000 -c 1 -b 16 -e signed-integer greeting.wav gain -n -6 pad 0.3 0.7
i=0
for note in 262 330 392 440 392 330 294 330 262 294 330 392 330 294 262 262; do
    sox -n -r 8000 -c 1 -b 16 "$tmp/n$(printf %02d $i).wav" synth 1.0 sine "$note" fade q 0.08 1.0 0.35 vol 0.25
    i=$((i + 1))
done
sox "$tmp"/n*.wav hold.wav gain -n -12
echo "greeting.wav $(soxi -D greeting.wav) s; hold.wav $(soxi -D hold.wav) s"
