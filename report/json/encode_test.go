package json_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/faultline-dev/faultline/analysis"
	jsonreport "github.com/faultline-dev/faultline/report/json"
)

// encodingJSON is what Render wrote before it wrote findings itself:
// encoding/json with the indentation of a findings element, or compact.
func encodingJSON(t testing.TB, f *analysis.Finding, compact bool) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	if !compact {
		enc.SetIndent("    ", "  ")
	}
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// oddStrings are strings whose JSON encoding needs care: every escape
// encoding/json writes, HTML characters (not escaped), DEL and C1 controls
// (left raw here: report.JSONWriter escapes them), U+2028/2029, invalid and
// truncated UTF-8, multi-byte runes.
var oddStrings = []string{
	"", "component.db", `quote " and \ backslash`, "\b\f\n\r\t\x00\x01\x1f", "<script>&amp;</script>",
	"del \x7f and c1 \u0085 \u009b", "line\u2028sep\u2029", "bad \xff\xfe utf8", "trunc \xe2\x82", "ünï©ødé 日本 🎉",
	"\xed\xa0\x80 surrogate", "end\\",
}

func randomFinding(r *rand.Rand) analysis.Finding {
	s := func() string { return oddStrings[r.IntN(len(oddStrings))] }
	list := func() []string {
		switch r.IntN(4) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		out := make([]string, r.IntN(5)+1)
		for i := range out {
			out[i] = s()
		}
		return out
	}
	loc := func() analysis.Location {
		return analysis.Location{File: s(), Line: r.IntN(3) - 1, Column: r.IntN(1000), EndLine: r.IntN(2) * 7, EndColumn: r.IntN(2) * 9}
	}
	f := analysis.Finding{Rule: s(), ID: s(), Severity: analysis.Severity(s()), Component: s(), Message: s(), Location: loc(),
		Event: s(), BlastRadius: list(), BlastRadiusSize: r.IntN(300) - 1, Path: list(), PathSize: r.IntN(2) * 5,
		Entrypoints: list(), EntrypointsSize: r.IntN(2) * 3, Unknowns: list(), Fingerprint: s()}
	for range r.IntN(3) {
		f.Related = append(f.Related, analysis.Related{Message: s(), Location: loc()})
	}
	if r.IntN(3) == 0 {
		f.Related = []analysis.Related{}
	}
	if r.IntN(2) == 0 {
		f.Suppressed = &analysis.Suppression{Kind: s(), Reason: s()}
		if r.IntN(2) == 0 {
			l := loc()
			f.Suppressed.Location = &l
		}
	}
	return f
}

// TestFindingBytes checks that the findings Render and RenderCompact write
// themselves are byte for byte what encoding/json writes, on findings with
// every optional field present or not and strings that need escaping.
func TestFindingBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		f := randomFinding(r)
		for _, compact := range []bool{false, true} {
			want := encodingJSON(t, &f, compact)
			if got := jsonreport.AppendFinding(nil, &f, compact); !bytes.Equal(got, want) {
				t.Fatalf("finding %d (compact %v):\n got %s\nwant %s", i, compact, got, want)
			}
		}
	}
}

// FuzzFindingString checks the string encoding against encoding/json on any
// bytes, in every field kind.
func FuzzFindingString(f *testing.F) {
	for _, s := range oddStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fd := analysis.Finding{Rule: s, Message: s, Location: analysis.Location{File: s}, BlastRadius: []string{s, s},
			Related: []analysis.Related{{Message: s}}, Suppressed: &analysis.Suppression{Reason: s}}
		for _, compact := range []bool{false, true} {
			want := encodingJSON(t, &fd, compact)
			if got := jsonreport.AppendFinding(nil, &fd, compact); !bytes.Equal(got, want) {
				t.Fatalf("%q (compact %v):\n got %s\nwant %s", s, compact, got, want)
			}
		}
	})
}
