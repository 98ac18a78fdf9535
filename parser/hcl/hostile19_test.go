package hcl_test

import (
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
	"github.com/faultline-dev/faultline/parser/hcl"
)

// TestNestedForBudget: nested for expressions and %{for} templates of about a
// kilobyte once ran for minutes (issue 19): thirty elements nested six deep
// are 729 million iterations. The evaluation budget stops them with an error
// at the expression, and the rest of the file is read.
func TestNestedForBudget(t *testing.T) {
	race.SkipBound(t)
	list := "[" + strings.TrimSuffix(strings.Repeat("0,", 30), ",") + "]"
	nested := "x"
	tmpl := "x"
	for i := 0; i < 6; i++ {
		v := string(rune('a' + i))
		nested = "[for " + v + " in " + list + " : " + nested + "]"
		tmpl = "%{for " + v + " in " + list + "}" + tmpl + "%{endfor}"
	}
	for name, attr := range map[string]string{"for": "replicas = " + nested, "template": "kind = \"" + tmpl + "\""} {
		t.Run(name, func(t *testing.T) {
			src := "component \"a\" {\n  " + attr + "\n}\ncomponent \"b\" {\n  kind = \"database\"\n}\n"
			if len(src) > 2000 {
				t.Fatalf("the input is %d bytes", len(src))
			}
			start := cputime.Used()
			b := graph.NewBuilder()
			diags := hcl.ParseFile("f.hcl", []byte(src), b)
			if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
				t.Errorf("took %v", d)
			}
			found := false
			for _, d := range diags {
				if (d.Summary == "Evaluation too costly" || d.Summary == "Value too large") && d.Subject != nil && d.Subject.Start.Line == 2 {
					found = true
				}
			}
			if !found {
				t.Errorf("no budget error at line 2: %v", diags)
			}
			m, _ := b.Build()
			if m == nil || m.Components["component.b"] == nil {
				t.Error("the component after it was not read")
			}
		})
	}
}
