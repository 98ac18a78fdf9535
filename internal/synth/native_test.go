package synth_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/analysistest"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/faultline-dev/faultline/parser"
)

// TestNativePlanted checks that faultline finds exactly what the generator plants,
// and that generation is deterministic.
func TestNativePlanted(t *testing.T) {
	for _, shape := range []string{"", synth.Regional} {
		t.Run("shape="+shape, func(t *testing.T) { testNativePlanted(t, shape) })
	}
}

func testNativePlanted(t *testing.T, shape string) {
	dir := t.TempDir()
	st, err := synth.NativeFiles(dir, synth.NativeOptions{Components: 3000, Files: 7, Shape: shape})
	if err != nil {
		t.Fatal(err)
	}
	m, diags, files := parser.Load([]string{dir})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if len(files) != 7 || len(m.IDs) != st.Components || len(m.Dependencies) != st.Edges {
		t.Fatalf("loaded %d files, %d components, %d edges; generated %+v", len(files), len(m.IDs), len(m.Dependencies), st)
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
	}
	var a, b bytes.Buffer
	if _, err := synth.Native(&a, synth.NativeOptions{Components: 500, Shape: shape}); err != nil {
		t.Fatal(err)
	}
	synth.Native(&b, synth.NativeOptions{Components: 500, Shape: shape})
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("generation is not deterministic")
	}
	_ = filepath.Join
	if shape == synth.Regional && st.SPOFs+st.SharedDomains < 3000/10 {
		t.Errorf("the regional shape plants %d findings in 3,000 components: fewer than a tenth", st.SPOFs+st.SharedDomains)
	}
}
