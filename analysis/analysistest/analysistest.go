// Package analysistest runs an analyzer over fixtures whose expectations are
// written in the fixtures themselves, as in golang.org/x/tools/go/analysis/analysistest.
//
// Each *.hcl or *.yaml file in a directory is one model. A comment `# want "rx"` (several
// quoted regexps allowed) on a line expects, for each regexp, one finding located
// on that line whose "rule: message" matches it. A finding that no expectation
// matches and an expectation that no finding matches both fail the test, as does a
// finding without a location, an event, a component or a path.
package analysistest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/analysis"
	_ "github.com/faultline-dev/faultline/internal/golden" // defines -update for every pass test
	"github.com/faultline-dev/faultline/parser"
)

var wantRe = regexp.MustCompile(`#\s*want\s+(.*)$`)

// Now is the fixed analysis time used for fixtures.
var Now = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

type expectation struct {
	line int
	rx   *regexp.Regexp
	used bool
}

// Run runs a (and what it requires) over each fixture in dir.
func Run(t *testing.T, dir string, a *analysis.Analyzer) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.hcl"))
	yamls, _ := filepath.Glob(filepath.Join(dir, "*.yaml")) // Kubernetes fixtures
	files = append(files, yamls...)
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	sort.Strings(files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			m, diags, _ := parser.Load([]string{file})
			if diags.HasErrors() {
				t.Fatalf("fixture does not load: %s", diags.Error())
			}
			findings, err := analysis.Run(m, []*analysis.Analyzer{a}, analysis.Options{Now: Now})
			if err != nil {
				t.Fatal(err)
			}
			wants, err := expectations(file)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range findings {
				if msg := Incomplete(f); msg != "" {
					t.Errorf("%s: incomplete finding: %s", f.Location, msg)
				}
				text := f.Rule + ": " + f.Message
				matched := false
				for _, w := range wants {
					if !w.used && w.line == f.Location.Line && w.rx.MatchString(text) {
						w.used, matched = true, true
						break
					}
				}
				if !matched {
					t.Errorf("%s: unexpected finding: %s", f.Location, text)
				}
			}
			for _, w := range wants {
				if !w.used {
					t.Errorf("%s:%d: no finding matches %q", file, w.line, w.rx)
				}
			}
		})
	}
}

// Incomplete returns what a finding lacks, or "" when it has everything a user
// needs to act on it: rule, ID, severity, component, event, path and location.
func Incomplete(f analysis.Finding) string {
	var missing []string
	if f.Rule == "" || f.ID == "" || f.Severity == "" {
		missing = append(missing, "rule")
	}
	if f.Component == "" {
		missing = append(missing, "component")
	}
	if f.Event == "" {
		missing = append(missing, "event")
	}
	if len(f.Path) == 0 {
		missing = append(missing, "path")
	}
	if f.Location.File == "" || f.Location.Line < 1 || f.Location.Column < 1 {
		missing = append(missing, "location")
	}
	if f.Message == "" {
		missing = append(missing, "message")
	}
	return strings.Join(missing, ", ")
}

func expectations(file string) ([]*expectation, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var out []*expectation
	for i, line := range strings.Split(string(src), "\n") {
		m := wantRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		rest := strings.TrimSpace(m[1])
		for rest != "" {
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: bad want: %v", file, i+1, err)
			}
			s, _ := strconv.Unquote(q)
			rx, err := regexp.Compile(s)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", file, i+1, err)
			}
			out = append(out, &expectation{line: i + 1, rx: rx})
			rest = strings.TrimSpace(rest[len(q):])
		}
	}
	return out, nil
}
