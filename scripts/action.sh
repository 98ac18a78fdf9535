#!/usr/bin/env bash
# The step of the faultline GitHub Action (action.yml at the repository root).
#
# On a pull request (or with an explicit base) it runs `faultline diff` against
# the base branch, otherwise `faultline check`; it writes the SARIF, JSON and
# Markdown outputs into $RUNNER_TEMP/faultline-results for the steps that upload
# them, prints the findings as annotations (at most GitHub's 10 of each kind per
# step; the rest in the log), adds the Markdown to the job summary, and comments
# on the pull request with gh. It never fails the step itself: it records
# faultline's exit code in $GITHUB_OUTPUT, and the action's last step exits
# with it, after the uploads.
#
# Inputs, from action.yml: FAULTLINE_PATHS (space-separated), FAULTLINE_BASE,
# FAULTLINE_FAIL_ON, FAULTLINE_FORMATS (comma-separated: sarif, github,
# markdown, json), FAULTLINE_PR (the pull request's number), FAULTLINE_BIN (the
# faultline binary; default: faultline on PATH).
set -uo pipefail

paths=${FAULTLINE_PATHS:-.}
fail_on=${FAULTLINE_FAIL_ON:-error}
formats=${FAULTLINE_FORMATS:-sarif,github,markdown}
base=${FAULTLINE_BASE:-}
pr=${FAULTLINE_PR:-}
bin=${FAULTLINE_BIN:-faultline}
out=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/faultline-results
output=${GITHUB_OUTPUT:-/dev/null}

has() { case ",${formats// /}," in *",$1,"*) return 0 ;; esac; return 1; }

if [ -z "$base" ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
  case "${GITHUB_EVENT_NAME:-}" in
    pull_request | pull_request_target) base="origin/$GITHUB_BASE_REF" ;;
  esac
fi

mkdir -p "$out"
rm -f "$out/faultline.sarif" "$out/faultline.md" "$out/faultline.json"
args=(--fail-on "$fail_on" -o "json=$out/faultline.json")
has sarif && args+=(-o "sarif=$out/faultline.sarif")
has markdown && args+=(-o "markdown=$out/faultline.md")
format=text
has github && format=github
args+=(--format "$format")
where="the code-scanning alerts and the artifact faultline-results of this workflow run"
if [ -n "${GITHUB_SERVER_URL:-}" ] && [ -n "${GITHUB_REPOSITORY:-}" ] && [ -n "${GITHUB_RUN_ID:-}" ]; then
  where="the code-scanning alerts and the artifact faultline-results of [this workflow run]($GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID)"
fi
args+=(--full-list "$where")

read -r -a path_list <<<"$paths"
if [ -n "$base" ]; then
  "$bin" diff --base "$base" "${args[@]}" -- "${path_list[@]}"
else
  "$bin" check "${args[@]}" -- "${path_list[@]}"
fi
code=$?

{
  echo "exit-code=$code"
  echo "results=$out"
  if [ -s "$out/faultline.sarif" ]; then echo "sarif=$out/faultline.sarif"; fi
  if [ -s "$out/faultline.md" ]; then echo "markdown=$out/faultline.md"; fi
} >>"$output"

if [ -s "$out/faultline.md" ]; then
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    cat "$out/faultline.md" >>"$GITHUB_STEP_SUMMARY"
  fi
  if [ -n "$pr" ]; then
    # --edit-last keeps one comment per pull request, updated on each push.
    gh pr comment "$pr" --body-file "$out/faultline.md" --edit-last 2>/dev/null ||
      gh pr comment "$pr" --body-file "$out/faultline.md" ||
      echo "::warning title=faultline::could not comment on pull request #$pr (does the workflow grant pull-requests: write?)"
  fi
fi
echo "faultline exited $code (fail-on: $fail_on)"
exit 0
