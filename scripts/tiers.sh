# Runs test tiers one after another and sums them up; sourced by scripts/test-all.sh.
# run_tier NAME KIND COMMAND... runs a tier whatever happened before; print_summary prints one line
# per tier and "total: N passed, N failed", and returns non-zero when any tier failed.

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
summary=()
total_passed=0
total_failed=0

# The counts a test runner printed last: "N passed, N failed" (the node runners, the integration
# runner) or pytest's closing line ("3 failed, 60 passed, 2 errors in 81.2s"; errors count as failed).
# Prints "PASSED FAILED"; "0 0" when the log holds neither.
counts_from_log() {
  local log=$1 line passed failed errors
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  if [ -n "$line" ]; then
    sed -E 's/^([0-9]+) passed, ([0-9]+) failed$/\1 \2/' <<<"$line"
    return
  fi
  line=$(grep -E '[0-9]+ (passed|failed|errors?)(,| in )' "$log" | grep -E ' in [0-9.]+s' | tail -n 1)
  passed=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || true)
  failed=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || true)
  errors=$(grep -oE '[0-9]+ errors?' <<<"$line" | grep -oE '[0-9]+' || true)
  echo "${passed:-0} $((${failed:-0} + ${errors:-0}))"
}

# run_tier NAME KIND COMMAND...: runs COMMAND with its output shown and logged. KIND "check" counts
# the tier as one passed or failed check by its exit status; "tests" takes the runner's counts, and
# a runner that failed without counting a failure, or passed without running a test, counts one.
run_tier() {
  local name=$1 kind=$2 status passed failed line
  shift 2
  printf '\n==== %s\n' "$name"
  "$@" 2>&1 | tee "$logs/$name.log"
  status=${PIPESTATUS[0]}
  if [ "$kind" = check ]; then
    if [ "$status" -eq 0 ]; then passed=1 failed=0; else passed=0 failed=1; fi
  else
    read -r passed failed < <(counts_from_log "$logs/$name.log")
    if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
    if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then failed=1; fi
  fi
  line=$(printf '%-12s %s passed, %s failed' "$name:" "$passed" "$failed")
  if [ "$status" -ne 0 ]; then line+=" (exit status $status)"; fi
  summary+=("$line")
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
}

print_summary() {
  printf '\n==== summary\n'
  printf '%s\n' "${summary[@]}"
  echo "total: $total_passed passed, $total_failed failed"
  [ "$total_failed" -eq 0 ]
}
