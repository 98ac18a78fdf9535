package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/internal/golden"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = golden.Update // rewrites the expected output sections of testdata/script/*.txtar that a cmp finds stale

// testClock is "today" for every command the tests run: a fixed date, years from
// when the tests were written, so that no script depends on the day it runs and
// one that forgets --now where a date matters is caught at once, not in a year.
var testClock = time.Date(2031, 6, 15, 12, 0, 0, 0, time.UTC)

// TestMain lets the test binary act as the faultline command (and as the findings
// helper) when a script execs it, so that the scripts run the real CLI, exit codes
// included, without building a separate binary. Its clock is testClock.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"faultline": func() {
			clock = func() time.Time { return testClock }
			os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
		},
		"findings": findingsMain,
	})
}

// TestScript runs the end-to-end scripts in testdata/script. Each script runs in
// its own work directory; $EXAMPLES is the repository's examples directory, so that
// the scripts pin what the examples' header comments promise; $CORPORA is the
// directory of real repositories the walk scripts read in place. With -update, a
// failing `cmp stdout want` rewrites the want section of the script instead.
func TestScript(t *testing.T) {
	examples, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	// $CORPORA holds real repositories, read in place; scripts skip without it.
	corpora, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "corpora"))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                "testdata/script",
		UpdateScripts:      *update,
		RequireUniqueNames: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLES", examples)
			// $REPO is the repository's root, for scripts that run its files
			// (the GitHub Action's script).
			env.Setenv("REPO", filepath.Dir(examples))
			// Scripts run with HOME=/no-home: point the user cache directory at
			// this process's, where go-graphviz's init compiled Graphviz when
			// this test binary started, so that each command starts warm
			// instead of compiling it again (or creating /no-home as root).
			if cache, err := os.UserCacheDir(); err == nil {
				env.Setenv("XDG_CACHE_HOME", cache)
			}
			env.Setenv("CORPORA", corpora)
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond != "corpora" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			_, err := os.Stat(corpora)
			return err == nil, nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode": exitcode,
		},
	})
}

// exitcode is the script command "exitcode CODE PROGRAM [ARG...]": like exec, it runs
// PROGRAM and keeps its stdout and stderr for the commands that follow, but it fails
// unless PROGRAM exits with CODE. "! exec" cannot tell findings (exit 1) from bad
// input (exit 2), and that difference is the CLI's contract.
func exitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exitcode")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exitcode CODE PROGRAM [ARG...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %q is not an exit code", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// findingsMain reads the JSON of `faultline check --format json` on stdin and prints
// one line per finding, "rule component event", sorted: the set of findings, without
// the wording of messages, to compare with what an example's comment promises.
func findingsMain() {
	var report struct {
		Summary struct {
			Findings int `json:"findings"`
		} `json:"summary"`
		Findings []struct {
			Rule      string `json:"rule"`
			Component string `json:"component"`
			Event     string `json:"event"`
		} `json:"findings"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&report); err != nil {
		fmt.Fprintf(os.Stderr, "findings: reading the JSON report on stdin: %v\n", err)
		os.Exit(2)
	}
	if report.Summary.Findings != len(report.Findings) {
		fmt.Fprintf(os.Stderr, "findings: summary.findings is %d but the report lists %d findings\n",
			report.Summary.Findings, len(report.Findings))
		os.Exit(1)
	}
	lines := make([]string, len(report.Findings))
	for i, f := range report.Findings {
		lines[i] = fmt.Sprintf("%s %s %s", f.Rule, f.Component, f.Event)
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
}
