package terraform_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
	"github.com/faultline-dev/faultline/parser"
)

// longPlan returns a one-line plan (or state) whose instance aws_instance.a
// has n attributes, multi-byte characters in their values, and last a
// subnet_id that is the id of aws_subnet.s.
func longPlan(format string, n int) string {
	var vals, unknown, exprs strings.Builder
	vals.WriteString(`{"ami":"ami-1"`)
	unknown.WriteString(`{"ami":false`)
	exprs.WriteString(`{"ami":{"constant_value":"ami-1"}`)
	for i := range n {
		fmt.Fprintf(&vals, `,"attr_%d":"é€😀 %d"`, i, i)
		fmt.Fprintf(&unknown, `,"attr_%d":false`, i)
		if i%2 == 0 {
			fmt.Fprintf(&exprs, `,"attr_%d":{"constant_value":"é€😀 %d"}`, i, i)
		}
	}
	vals.WriteString(`,"subnet_id":"subnet-1"}`)
	unknown.WriteString(`}`)
	exprs.WriteString(`,"subnet_id":{"references":["aws_subnet.s.id","aws_subnet.s"]}}`)
	resources := `[{"address":"aws_subnet.s","mode":"managed","type":"aws_subnet","name":"s","values":{"id":"subnet-1","vpc_id":"v"}},` +
		`{"address":"aws_instance.a","mode":"managed","type":"aws_instance","name":"a","values":` + vals.String() + `}]`
	if format == "state" {
		return `{"format_version":"1.0","values":{"root_module":{"resources":` + resources + `}}}`
	}
	return `{"format_version":"1.2","planned_values":{"root_module":{"resources":` + resources + `}},` +
		`"resource_changes":[{"address":"aws_instance.a","mode":"managed","type":"aws_instance","name":"a","change":{"actions":["create"],"after_unknown":` + unknown.String() + `}}],` +
		`"configuration":{"root_module":{"resources":[{"address":"aws_instance.a","mode":"managed","type":"aws_instance","name":"a","expressions":` + exprs.String() + `}]}}}`
}

// TestLongPlanLine: a one-line plan of 60,000 attributes (terraform show
// -json writes one line) took 25 s: each attribute was looked up by a scan
// of the object's keys, and each position counted the characters from the
// start of the line. Plans and states read it in bounded time, and the
// reference at the end of the line is at its column in characters.
func TestLongPlanLine(t *testing.T) {
	race.SkipBound(t)
	for _, format := range []string{"plan", "state"} {
		t.Run(format, func(t *testing.T) {
			src := longPlan(format, 60_000)
			dir := writeModule(t, map[string]string{"plan.json": src, "good.hcl": "component \"db\" {}\n"})
			start := cputime.Used()
			m, diags, _ := parser.LoadWith([]string{filepath.Join(dir, "plan.json"), filepath.Join(dir, "good.hcl")}, parser.Options{})
			if d := cputime.Used() - start; d > 10*time.Second && !race.Enabled {
				t.Errorf("%d bytes took %v of CPU", len(src), d)
			}
			if diags.HasErrors() {
				t.Errorf("diagnostics: %v", diags)
			}
			if m == nil || m.Components["component.db"] == nil {
				t.Fatal("the native file beside it was not read")
			}
			deps := m.EdgesBetween("aws_instance.a", "aws_subnet.s")
			if len(deps) == 0 {
				t.Fatalf("no edge aws_instance.a -> aws_subnet.s")
			}
			// A plan's edge is at the reference in the configuration, a
			// state's at the value that holds the subnet's id.
			off := strings.Index(src, `["aws_subnet.s.id"`) + 1
			if format == "state" {
				off = strings.Index(src, `"subnet_id":"subnet-1"`) + len(`"subnet_id":`)
			}
			want := utf8.RuneCountInString(src[:off]) + 1
			if r := deps[0].Range; r.Start.Line != 1 || r.Start.Byte != off || r.Start.Column != want {
				t.Errorf("edge at %s (byte %d), want 1:%d (byte %d)", r, r.Start.Byte, want, off)
			}
		})
	}
}

// TestManyPlanResources: 20,000 resources in a plan's configuration were
// each found by a scan of the module's resources (quadratic: over 100 s);
// they are indexed once. The bounds of these two tests are on CPU time: the
// work is a few seconds, which a loaded machine stretches past 10 s of wall
// clock.
func TestManyPlanResources(t *testing.T) {
	race.SkipBound(t)
	const n = 20_000
	var res, cfg strings.Builder
	for i := range n {
		if i > 0 {
			res.WriteString(",")
			cfg.WriteString(",")
		}
		fmt.Fprintf(&res, `{"address":"aws_instance.r%d","mode":"managed","type":"aws_instance","name":"r%d","values":{"ami":"ami-%d","id":"i-%d"}}`, i, i, i, i)
		ref := ""
		if i > 0 {
			ref = fmt.Sprintf(`,"subnet_id":{"references":["aws_instance.r%d.id","aws_instance.r%d"]}`, i-1, i-1)
		}
		fmt.Fprintf(&cfg, `{"address":"aws_instance.r%d","mode":"managed","type":"aws_instance","name":"r%d","expressions":{"ami":{"constant_value":"ami-%d"}%s}}`, i, i, i, ref)
	}
	src := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + res.String() + `]}},"configuration":{"root_module":{"resources":[` + cfg.String() + `]}}}`
	dir := writeModule(t, map[string]string{"plan.json": src})
	start := cputime.Used()
	m, diags, _ := parser.LoadWith([]string{filepath.Join(dir, "plan.json")}, parser.Options{})
	if d := cputime.Used() - start; d > 10*time.Second && !race.Enabled {
		t.Errorf("%d bytes took %v of CPU", len(src), d)
	}
	if diags.HasErrors() {
		t.Errorf("diagnostics: %v", diags)
	}
	if m == nil || len(m.EdgesBetween(fmt.Sprintf("aws_instance.r%d", n-1), fmt.Sprintf("aws_instance.r%d", n-2))) == 0 {
		t.Error("the configuration's reference of the last resource was not read")
	}
}
