package synth_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/faultline-dev/faultline/parser"
)

// TestKubernetesPlanted checks, over a few sizes and seeds, that faultline reads
// a generated stream without a diagnostic into the model the generator
// describes, and finds exactly the planted SPOFs and shared domains and nothing
// else.
func TestKubernetesPlanted(t *testing.T) {
	for _, o := range []synth.KubernetesOptions{
		{Components: 20},
		{Components: 157, Seed: 7},
		{Components: 1000, Seed: 42},
		{Components: 4000, Seed: 3, SPOFs: 60, SharedDomains: 45},
	} {
		t.Run(fmt.Sprintf("%d-%d", o.Components, o.Seed), func(t *testing.T) {
			var buf bytes.Buffer
			st, err := synth.Kubernetes(&buf, o)
			if err != nil {
				t.Fatal(err)
			}
			m, diags, _ := parser.LoadWith([]string{"-"}, parser.Options{Stdin: &buf})
			if len(diags) > 0 {
				t.Fatal(diags.Error())
			}
			checkPlanted(t, m, st, max(o.Components, 20))
		})
	}
}

// TestKubernetesFiles checks that the files variant holds the same stream,
// split by namespace, and that the same options give the same bytes.
func TestKubernetesFiles(t *testing.T) {
	o := synth.KubernetesOptions{Components: 3000, Files: 4}
	dir := t.TempDir()
	st, err := synth.KubernetesFiles(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	m, diags, files := parser.Load([]string{dir})
	if len(diags) > 0 {
		t.Fatal(diags.Error())
	}
	if len(files) != 4 {
		t.Errorf("read %d files, want 4", len(files))
	}
	checkPlanted(t, m, st, 3000)

	var a, b bytes.Buffer
	sa, err := synth.Kubernetes(&a, o)
	if err != nil {
		t.Fatal(err)
	}
	sb, _ := synth.Kubernetes(&b, o)
	if !bytes.Equal(a.Bytes(), b.Bytes()) || sa != sb || sa != st {
		t.Error("generation is not deterministic")
	}
	var joined []byte
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		joined = append(joined, src...)
	}
	if !bytes.Equal(joined, a.Bytes()) {
		t.Errorf("the files of %s do not add up to the stream", filepath.Base(dir))
	}
	var c bytes.Buffer
	synth.Kubernetes(&c, synth.KubernetesOptions{Components: 3000, Seed: 2})
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("another seed gives the same stream")
	}
}

func checkPlanted(t *testing.T, m *graph.Model, st synth.KubernetesStats, components int) {
	t.Helper()
	entry := 0
	for _, c := range m.Components {
		if c.Entrypoint {
			entry++
		}
	}
	if st.Components != components || len(m.IDs) != st.Components || len(m.Dependencies) != st.Edges || entry != st.Entrypoints {
		t.Fatalf("loaded %d components, %d edges, %d entrypoints; generated %+v", len(m.IDs), len(m.Dependencies), entry, st)
	}
	if st.SPOFs == 0 || st.SharedDomains == 0 {
		t.Fatalf("nothing planted: %+v", st)
	}
	fs, err := analysis.Run(m, catalog.Analyzers(), analysis.Options{Now: analysistest.Now})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, f := range fs {
		count[f.Rule]++
	}
	if count["spof"] != st.SPOFs || count["shared-domain"] != st.SharedDomains || len(fs) != st.SPOFs+st.SharedDomains {
		t.Errorf("found %v, planted %d SPOFs and %d shared domains", count, st.SPOFs, st.SharedDomains)
		for i, f := range fs {
			if f.Rule != "spof" && f.Rule != "shared-domain" && i < 20 {
				t.Logf("%s %s: %s", f.Rule, f.Component, f.Message)
			}
		}
	}
}
