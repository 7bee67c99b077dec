#!/usr/bin/env bash
# `npm test`: the whole suite, fail-fast, in three stages:
#   1. type check           npx tsc --noEmit
#   2. unit + integration   npx vitest run (then the time-math suites under two more TZ values)
#   3. end-to-end           npx playwright test   (Debian/Ubuntu chromium at /usr/bin/chromium)
# Databases: with TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres)
# every suite gets a fresh database on that PostgreSQL server; without it, an
# in-memory PGlite — so a newcomer needs no PostgreSQL or Redis.
# Extra arguments go to Playwright (e.g. `npm test -- e2e/api.spec.ts`).
# Ends with one line: "<N> passed, <N> failed" over vitest and Playwright.
set -uo pipefail
cd "$(dirname "$0")/.."

export NEXT_TELEMETRY_DISABLED=1
CHROMIUM=/usr/bin/chromium
reports="$(mktemp -d)"
trap 'rm -rf "$reports"' EXIT
started=$SECONDS
passed=0
failed=0

bold() { printf '\n\033[1m%s\033[0m\n' "$*"; }

# Adds a reporter's counts to the totals: $1 = vitest|playwright, $2 = JSON file.
count() {
  [ -s "$2" ] || return 0
  local counts
  counts="$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
    const [p, f] = process.argv[1] === "vitest"
      ? [r.numPassedTests ?? 0, r.numFailedTests ?? 0]
      : [(r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0), r.stats?.unexpected ?? 0];
    console.log(p, f);' "$1" "$2" 2>/dev/null)" || return 0
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
}

summary() {
  echo
  echo "$passed passed, $failed failed  ($((SECONDS - started)) s)"
}

# Stops at the first failing stage, keeping that stage's exit code.
fail() {
  local code=$1
  shift
  printf '\n\033[31mFAILED: %s\033[0m\n' "$*" >&2
  summary
  exit "$code"
}

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "Databases: a fresh database per suite on TEST_DATABASE_URL (PostgreSQL)"
else
  echo "Databases: in-memory PGlite (set TEST_DATABASE_URL to use a PostgreSQL server)"
fi

bold "[1/3] Type check: npx tsc --noEmit"
npx tsc --noEmit || fail $? "type errors (run: npx tsc --noEmit)"
echo "No type errors."

bold "[2/3] Unit and integration tests: npx vitest run"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
code=$?
count vitest "$reports/vitest.json"
[ "$code" -eq 0 ] || fail "$code" "unit/integration tests (run: npx vitest run)"
# Time math must not depend on the server's zone: the run above used this
# process's TZ; run the time-sensitive suites again under two others.
for tz in America/Los_Angeles Asia/Tokyo; do
  echo "Time-zone suites again with TZ=$tz"
  TZ=$tz npx vitest run lib/availability lib/time lib/calendars/ical --reporter=dot \
    --reporter=json --outputFile.json="$reports/vitest-$tz.json" >/dev/null
  code=$?
  count vitest "$reports/vitest-$tz.json"
  [ "$code" -eq 0 ] || fail "$code" "time-zone suites under TZ=$tz (run: npm run test:tz)"
done

bold "[3/3] End-to-end tests: npx playwright test"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Chromium is missing at $CHROMIUM; installing Debian's chromium package …"
    { apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }; } ||
      fail 1 "could not install chromium (apt-get install -y chromium)"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "Chromium is missing at $CHROMIUM; installing Debian's chromium package with sudo …"
    { sudo apt-get install -y chromium || { sudo apt-get update && sudo apt-get install -y chromium; }; } ||
      fail 1 "could not install chromium (sudo apt-get install -y chromium)"
  else
    fail 1 "the e2e tests need Chromium at $CHROMIUM. Install it with:
    sudo apt-get update && sudo apt-get install -y chromium
  (Debian/Ubuntu; Playwright's own browser download is not used). Then run npm test again."
  fi
fi
PLAYWRIGHT_JSON_OUTPUT_FILE="$reports/playwright.json" npx playwright test --reporter=list,json "$@"
code=$?
count playwright "$reports/playwright.json"
[ "$code" -eq 0 ] || fail "$code" "end-to-end tests (run: npx playwright test; traces and screenshots in test-results/)"

summary
