#!/usr/bin/env bash
# Times the routing decision (grading + plan) in a release build: a 4k-token, 32-message conversation and a
# one-word prompt, every provider counted as configured. Prints p50/p90/p99/max in microseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20000}"
swift build -c release --product flourish >/dev/null
bin=.build/release/flourish
export OPENAI_API_KEY=bench ANTHROPIC_API_KEY=bench GEMINI_API_KEY=bench
echo "4k-token conversation (bench/conversation-4k-tokens.json):"
"$bin" route --file bench/conversation-4k-tokens.json --time "$runs" | grep -E '^(tier|chosen|decision)'
echo "one-word prompt:"
"$bin" route "hi" --time "$runs" | grep -E '^(tier|chosen|decision)'
