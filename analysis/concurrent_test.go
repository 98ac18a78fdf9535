package analysis_test

import (
	"errors"
	"reflect"
	"runtime"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/availability"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/doublefailure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/benchdata"
	"github.com/faultline-dev/faultline/internal/synth"
	"github.com/faultline-dev/faultline/parser"
)

// TestRunAllConcurrentSameAsSerial runs every pass check and report run, on
// both generated shapes, on one goroutine (GOMAXPROCS 1) and on several
// (chains of passes concurrently): the findings and every pass's result must
// be the same. Under -race it also checks that passes of different chains
// share nothing they write.
func TestRunAllConcurrentSameAsSerial(t *testing.T) {
	for _, shape := range []string{"", synth.Regional} {
		t.Run("shape="+shape, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := synth.NativeFiles(dir, synth.NativeOptions{Components: 2000, Files: 2, Shape: shape}); err != nil {
				t.Fatal(err)
			}
			load := func() *graph.Model {
				m, diags, _ := parser.Load([]string{dir})
				if diags.HasErrors() {
					t.Fatal(diags.Error())
				}
				return m
			}
			analyzers := append(catalog.Analyzers(), availability.Analyzer, doublefailure.Analyzer)
			opts := analysis.Options{Now: benchdata.Now, BlastLimit: 100}
			run := func(procs int) ([]analysis.Finding, *availability.Result) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				fs, res, err := analysis.RunAll(load(), analyzers, opts)
				if err != nil {
					t.Fatal(err)
				}
				return fs, res[availability.Analyzer].(*availability.Result)
			}
			serial, serialAv := run(1)
			parallel, parallelAv := run(4)
			if len(serial) == 0 {
				t.Fatal("no findings: the test compares nothing")
			}
			if !reflect.DeepEqual(serial, parallel) {
				t.Errorf("findings differ: %d on one goroutine, %d on several", len(serial), len(parallel))
			}
			if !reflect.DeepEqual(serialAv, parallelAv) {
				t.Error("availability results differ")
			}
		})
	}
}

// TestRunAllErrorInOrder checks that with passes running concurrently the
// error returned is the one a serial run meets first.
func TestRunAllErrorInOrder(t *testing.T) {
	m, _, _ := benchdata.Model(t, 10)
	fail := func(name string) *analysis.Analyzer {
		return &analysis.Analyzer{Name: name, Doc: "fails", Run: func(*analysis.Pass) (any, error) { return nil, errors.New("broken") }}
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for range 20 {
		_, _, err := analysis.RunAll(m, []*analysis.Analyzer{fail("first"), fail("second"), fail("third")}, analysis.Options{Now: benchdata.Now})
		if err == nil || err.Error() != "first: broken" {
			t.Fatalf("error %v, want first: broken", err)
		}
	}
}
