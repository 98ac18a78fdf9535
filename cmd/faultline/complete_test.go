package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestEveryFindingComplete holds every finding of every input the project
// ships or is measured on (examples/, testdata/, examples/cross-layer, each
// corpus directory under ../shared/corpora, each read as a whole directory) to
// the promise of the README: a rule, a severity, a component, a failure event,
// a propagation path and a location file:line:column (line and column from 1),
// and so for every related location.
func TestEveryFindingComplete(t *testing.T) {
	saved := clock
	clock = func() time.Time { return testClock }
	defer func() { clock = saved }()
	root := filepath.Join("..", "..")
	inputs := []string{
		filepath.Join(root, "examples"),
		filepath.Join(root, "examples", "cross-layer"),
		filepath.Join(root, "testdata"),
	}
	corpora := filepath.Join(root, "..", "shared", "corpora")
	for _, kind := range []string{"kubernetes", "terraform"} {
		dirs, _ := os.ReadDir(filepath.Join(corpora, kind))
		for _, d := range dirs {
			if d.IsDir() {
				inputs = append(inputs, filepath.Join(corpora, kind, d.Name()))
			}
		}
	}
	if len(inputs) == 3 {
		t.Log("no corpora under ../shared/corpora: only the examples and testdata are checked")
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"check", "--format", "json", in}, &stdout, &stderr)
			if code != 0 && code != 1 && code != 2 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			var rep struct {
				Findings []struct {
					Rule, Severity, Component, Event string
					Path                             []string
					Location                         location
					Related                          []struct {
						Message  string
						Location location
					}
				}
			}
			if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
				t.Fatalf("exit %d, no JSON report: %v\n%s", code, err, stderr.String())
			}
			for _, f := range rep.Findings {
				what := f.Rule + " " + f.Component + " (" + f.Event + ")"
				if f.Rule == "" || f.Severity == "" || f.Component == "" || f.Event == "" || len(f.Path) == 0 {
					t.Errorf("%s: rule, severity, component, event or path missing: %+v", what, f)
				}
				if !f.Location.ok() {
					t.Errorf("%s: location %+v is not a file:line:column", what, f.Location)
				}
				for _, r := range f.Related {
					if r.Message == "" || !r.Location.ok() {
						t.Errorf("%s: related %q at %+v is not a file:line:column", what, r.Message, r.Location)
					}
				}
			}
			related := 0
			for _, f := range rep.Findings {
				related += len(f.Related)
			}
			t.Logf("%s: exit %d, %d findings, %d related locations", in, code, len(rep.Findings), related)
		})
	}
}

type location struct {
	File         string
	Line, Column int
}

func (l location) ok() bool { return l.File != "" && l.Line >= 1 && l.Column >= 1 }
