package helm

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
)

// FuzzSet asserts that no --set argument panics the parser, and that parsing
// is deterministic.
func FuzzSet(f *testing.F) {
	for _, s := range []string{
		"a=b", "a.b.c=1", "list={a,b,c}", "a[0].b=c", "a[1][2]=x", `a\.b=c\,d`, "a=", "a", ",", "a=b,", "a=null",
		"a[65537]=1", "a.b=1,a.b.c=2", "a[0]=1,a.b=2", "x={a,b", "n=007", "n=-3", "n=1e3", "a[-1]=1",
	} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, asString bool) {
		a, b := map[string]any{}, map[string]any{}
		errA := ParseSet(s, a, asString)
		errB := ParseSet(s, b, asString)
		if (errA == nil) != (errB == nil) || !reflect.DeepEqual(a, b) {
			t.Fatalf("ParseSet(%q) is not deterministic: %v %v / %v %v", s, a, errA, b, errB)
		}
	})
}

// FuzzRender asserts that no chart (a template, a values file and --set
// arguments) panics the renderer or escapes its budget, and that every
// error names a place.
func FuzzRender(f *testing.F) {
	f.Add("replicas: {{ .Values.n }}\n", "n: 3\n", "n=2")
	f.Add(`{{ include "x" . }}{{ define "x" }}{{ include "x" . }}{{ end }}`, "", "")
	f.Add(`{{ range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}`, "", "")
	f.Add(`{{ $s := "ab" }}{{ range until 40 }}{{ $s = print $s $s }}{{ end }}{{ $s }}`, "", "")
	f.Add(`{{ tpl .Values.t . }}`, "t: '{{ tpl .Values.t . }}'\n", "")
	f.Add(`{{ .Values.a.b.c }}{{ required "x" .Values.z }}`, "a: null\n", "a.b=1")
	f.Add(`{{ toYaml .Values | nindent 2 }}{{ .Files.Get "x" }}{{ .Capabilities.KubeVersion.GitVersion }}`, "global: {x: 1}\n", "global.y=2")
	f.Add(`{{ randAlphaNum (int .Values.n) }}{{ uuidv4 }}{{ (genCA "x" 1).Cert }}{{ genPrivateKey "dsa" }}`, "n: 1e12\n", "")
	f.Fuzz(func(t *testing.T, tpl, values, set string) {
		files := []file{
			{name: "Chart.yaml", data: []byte("apiVersion: v2\nname: fuzz\nversion: 1.0.0\n"), loc: "fuzz/Chart.yaml"},
			{name: "values.yaml", data: []byte(values), loc: "fuzz/values.yaml"},
			{name: "templates/t.yaml", data: []byte(tpl), loc: "fuzz/templates/t.yaml"},
			{name: "templates/_h.tpl", data: []byte(`{{ define "h" }}{{ .Values | toJson }}{{ end }}`), loc: "fuzz/templates/_h.tpl"},
		}
		budget := int64(maxChartBytes)
		c, err := loadFiles(files, "fuzz", "fuzz/Chart.yaml", 0, &budget)
		if err != nil {
			return
		}
		vals := map[string]any{}
		if ParseSet(set, vals, false) != nil {
			vals = nil
		}
		start := cputime.Used()
		res := Render(c, Options{Values: vals, MaxWork: 200_000, MaxBytes: 4 << 20})
		if d := cputime.Since(start); d > 10*time.Second && !race.Enabled {
			t.Fatalf("rendering took %s", d)
		}
		for _, e := range res.Errors {
			if e.Loc == "" || e.Line < 1 || e.Col < 1 || e.Msg == "" {
				t.Errorf("an error without a place: %+v", e)
			}
			if !strings.HasPrefix(e.Loc, "fuzz/") {
				t.Errorf("an error outside the chart: %+v", e)
			}
		}
		if len(res.Errors) > 0 && len(res.Outputs) > 0 {
			t.Errorf("a chart with errors rendered %d outputs", len(res.Outputs))
		}
	})
}
