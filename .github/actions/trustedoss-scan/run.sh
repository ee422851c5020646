#!/usr/bin/env bash
# The TrustedOSS scan action's steps (action.yml), as the runner runs them: inputs in INPUT_* variables, step outputs
# appended to $GITHUB_OUTPUT, the Markdown summary appended to $GITHUB_STEP_SUMMARY. Exit codes are the CLI's:
# 0 passed, 1 gate failed, 2 scan failed or cancelled, 3 usage, auth or network error.
set -uo pipefail

# The CLI command; word-split on purpose, so a test can run the built dll ("dotnet /path/trustedoss.dll").
read -r -a cli <<<"${TRUSTEDOSS_CLI:-trustedoss}"

for required in API_URL:api-url API_KEY:api-key PROJECT:project; do
  var="INPUT_${required%%:*}"
  if [ -z "${!var:-}" ]; then
    echo "::error::the input ${required#*:} is required"
    exit 3
  fi
done
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set: run this as a step of the action}"
: "${GITHUB_STEP_SUMMARY:?GITHUB_STEP_SUMMARY is not set: run this as a step of the action}"

# The key reaches the CLI only through its environment, never as an argument (argv is visible to other processes).
export TRUSTEDOSS_API_URL="$INPUT_API_URL" TRUSTEDOSS_API_KEY="$INPUT_API_KEY"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

scan=(scan --project "$INPUT_PROJECT" --kind "${INPUT_KIND:-source}" --wait)
[ -z "${INPUT_REF:-}" ] || scan+=(--ref "$INPUT_REF")
[ -z "${INPUT_IMAGE_REF:-}" ] || scan+=(--image-ref "$INPUT_IMAGE_REF")
[ -z "${INPUT_DIR:-}" ] || scan+=(--dir "$INPUT_DIR")
echo "::group::trustedoss scan"
scan_id=$("${cli[@]}" "${scan[@]}")
scan_status=$?
echo "::endgroup::"
if [ -z "$scan_id" ]; then
  # Nothing was triggered (bad input, key, project, or a scan already running): the CLI said why on stderr.
  echo "::error::the scan could not be started (exit $scan_status)"
  exit "$scan_status"
fi
echo "scan-id=$scan_id" >>"$GITHUB_OUTPUT"

sarif="${INPUT_SARIF_FILE:-trustedoss.sarif}"
gate=(gate --scan "$scan_id" --fail-on-severity "${INPUT_FAIL_ON_SEVERITY:-high}"
  --fail-on-license-tier "${INPUT_FAIL_ON_LICENSE_TIER:-forbidden}"
  --sarif "$sarif" --markdown "$work/summary.md" --outputs-file "$work/outputs")
[ "${INPUT_ONLY_NEW:-false}" != true ] || gate+=(--only-new)
[ -z "${INPUT_ALLOW_LIST:-}" ] || gate+=(--allow-list "$INPUT_ALLOW_LIST")
"${cli[@]}" "${gate[@]}"
status=$?

# scan-id is already written; the gate's outputs add status, gate, counts, … (also for a failed scan).
[ ! -f "$work/outputs" ] || grep -v '^scan-id=' "$work/outputs" >>"$GITHUB_OUTPUT"
if [ -f "$work/summary.md" ]; then
  echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
  cat "$work/summary.md" >>"$GITHUB_STEP_SUMMARY"
else
  printf '## TrustedOSS scan `%s` did not succeed\n\nSee the step log: `trustedoss watch %s` replays it.\n' "$scan_id" "$scan_id" >>"$GITHUB_STEP_SUMMARY"
fi
case "$status" in
  0) ;;
  1) echo "::error::TrustedOSS gate failed for scan $scan_id" ;;
  2) echo "::error::TrustedOSS scan $scan_id failed or was cancelled" ;;
  *) echo "::error::trustedoss gate could not run (exit $status)" ;;
esac
exit "$status"
