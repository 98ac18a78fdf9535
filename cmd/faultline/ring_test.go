package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRingAnySize pins issue 19's ring: a model that is one ring of components
// gave 1 finding up to about 1,300 components and N+1 from about 1,400 — spof
// findings claiming entrypoints the summary did not list, because past the
// engine's work budget the shared method read "no entrypoint" as "every
// component" — and --blast-limit 0 changed it back. The findings must not
// depend on the ring's size nor on the blast limit, and every entrypoint a
// finding claims is one the summary lists.
func TestRingAnySize(t *testing.T) {
	if testing.Short() {
		t.Skip("large rings")
	}
	bin := cli(t)
	dir := t.TempDir()
	type finding struct {
		Rule, Component, Event string
		Entrypoints            []string
		EntrypointsSize        int `json:"entrypoints_size"`
	}
	check := func(file string, args ...string) ([]string, []finding) {
		t.Helper()
		o := runIn(t, dir, nil, append(append([]string{bin, "check", "--format", "json"}, args...), file)...)
		if o.code != 1 {
			t.Fatalf("%s %v: exit %d, want 1: %s", file, args, o.code, o.stderr)
		}
		var report struct {
			Summary struct {
				Entrypoints []string `json:"entrypoints"`
			} `json:"summary"`
			Findings []finding `json:"findings"`
		}
		if err := json.Unmarshal(o.stdout, &report); err != nil {
			t.Fatal(err)
		}
		for _, f := range report.Findings {
			for _, e := range f.Entrypoints {
				if !slices.Contains(report.Summary.Entrypoints, e) {
					t.Fatalf("%s %v: %s of %s claims entrypoint %s, not among the summary's %v", file, args, f.Rule, f.Component, e, report.Summary.Entrypoints)
				}
			}
		}
		return report.Summary.Entrypoints, report.Findings
	}
	ring := func(n int, entry bool) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "component %q {\n  requires = [component.c%d]\n", fmt.Sprintf("c%d", i), (i+1)%n)
			if entry && i == 0 {
				b.WriteString("  entrypoint = true\n")
			}
			b.WriteString("}\n")
		}
		file := filepath.Join(dir, fmt.Sprintf("ring%d-%v.hcl", n, entry))
		if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return file
	}
	for _, n := range []int{1000, 1400, 3000} {
		// No entrypoint is declared, and none is inferred: every component has a
		// dependent. The one finding is the cycle.
		file := ring(n, false)
		for _, args := range [][]string{nil, {"--blast-limit", "0"}} {
			entries, fs := check(file, args...)
			if len(entries) != 0 || len(fs) != 1 || fs[0].Rule != "dependency-cycle" {
				t.Errorf("ring of %d %v: entrypoints %v, findings %+v; want none and the cycle", n, args, entries, fs)
			}
		}
		if n != 3000 {
			continue // one ring past the budget is enough for the claims
		}
		// One entrypoint: every component is a single point of failure that
		// takes it down, whatever the size (--blast-limit 0 would print n²
		// components, so a small limit keeps the output small; the shared
		// method's agreement with the engine is tested in analysis/failure).
		entries, fs := check(ring(n, true), "--blast-limit", "2")
		spof := 0
		for _, f := range fs {
			if f.Rule == "spof" {
				spof++
				if !slices.Equal(f.Entrypoints, []string{"component.c0"}) || f.EntrypointsSize != 0 {
					t.Fatalf("ring of %d with an entrypoint: %s claims %v (%d)", n, f.Component, f.Entrypoints, f.EntrypointsSize)
				}
			}
		}
		if !slices.Equal(entries, []string{"component.c0"}) || spof != n {
			t.Errorf("ring of %d with an entrypoint: entrypoints %v, %d spof findings, want %d", n, entries, spof, n)
		}
	}
}
