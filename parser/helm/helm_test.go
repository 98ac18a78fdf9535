package helm

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// osFS reads a chart from disk, for the tests.
type osFS struct{}

func (osFS) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }
func (osFS) ReadDir(name string) ([]Entry, error) {
	des, err := os.ReadDir(name)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, d := range des {
		isDir := d.IsDir()
		if d.Type()&os.ModeSymlink != 0 {
			if st, err := os.Stat(filepath.Join(name, d.Name())); err == nil {
				isDir = st.IsDir()
			}
		}
		out = append(out, Entry{Name: d.Name(), Dir: isDir})
	}
	return out, nil
}

// docSep is where helm template splits a template's output into documents.
var docSep = regexp.MustCompile(`(?:^|\s*\n)---\s*`)

// documents returns "# Source: NAME\nDOC" for every non-empty document of the
// outputs, sorted: what helm template prints, without its order by kind.
func documents(outs []Output) []string {
	var docs []string
	for _, o := range outs {
		for _, d := range docSep.Split(strings.TrimSpace(string(o.Data)), -1) {
			if d = strings.TrimSpace(d); d != "" {
				docs = append(docs, "# Source: "+o.Name+"\n"+d)
			}
		}
	}
	sort.Strings(docs)
	return docs
}

// helmDocuments splits helm template's output into its documents, sorted.
func helmDocuments(out string) []string {
	var docs []string
	for _, chunk := range strings.Split("\n"+out, "\n---\n# Source: ") {
		name, content, _ := strings.Cut(chunk, "\n")
		if strings.TrimSpace(name) == "" || strings.TrimSpace(name) == "---" {
			continue
		}
		for _, d := range docSep.Split(strings.TrimSpace(content), -1) {
			if d = strings.TrimSpace(d); d != "" {
				docs = append(docs, "# Source: "+name+"\n"+d)
			}
		}
	}
	sort.Strings(docs)
	return docs
}

func renderDir(t *testing.T, dir string, files [][]byte, set []string) *Result {
	t.Helper()
	c, err := LoadDir(osFS{}, filepath.ToSlash(dir))
	if err != nil {
		t.Fatalf("LoadDir(%s): %v", dir, err)
	}
	vals, err := UserValues(files, set, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Render(c, Options{Values: vals, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
}

// TestShopAsHelm renders the test chart (../../testdata/helm/shop) with the
// values of each rendering that the real helm template made
// (../../testdata/helm/rendered, README.md there says how) and compares every
// document, byte for byte.
func TestShopAsHelm(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "helm")
	prod, err := os.ReadFile(filepath.Join(dir, "shop", "values-prod.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rendered string
		files    [][]byte
		set      []string
	}{
		{"default.yaml", nil, nil},
		{"set-replicas.yaml", nil, []string{"replicaCount=3"}},
		{"values-prod.yaml", [][]byte{prod}, nil},
		{"no-postgres.yaml", nil, []string{"postgres.enabled=false"}},
	} {
		t.Run(tc.rendered, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "rendered", tc.rendered))
			if err != nil {
				t.Fatal(err)
			}
			res := renderDir(t, filepath.Join(dir, "shop"), tc.files, tc.set)
			for _, e := range res.Errors {
				t.Errorf("%s:%d:%d: %s", e.Loc, e.Line, e.Col, e.Msg)
			}
			got, exp := documents(res.Outputs), helmDocuments(string(want))
			if strings.Join(got, "\n---\n") != strings.Join(exp, "\n---\n") {
				t.Errorf("rendering differs from helm template's:\n got:\n%s\nwant:\n%s", strings.Join(got, "\n---\n"), strings.Join(exp, "\n---\n"))
			}
		})
	}
}

// TestAgainstHelm is the differential check against the real helm template:
// with FAULTLINE_HELM set to a helm binary and FAULTLINE_HELM_CHARTS to a
// list of chart directories (separated by ':'), it renders each chart both
// ways and reports the ones that differ. It is skipped otherwise
// (docs/helm.md gives the results and how they were produced).
func TestAgainstHelm(t *testing.T) {
	bin, list := os.Getenv("FAULTLINE_HELM"), os.Getenv("FAULTLINE_HELM_CHARTS")
	if bin == "" || list == "" {
		t.Skip("FAULTLINE_HELM and FAULTLINE_HELM_CHARTS are not set")
	}
	same, sameWS, differ, bothFail, onlyHelmFails, onlyOursFails, yamlRejected := 0, 0, 0, 0, 0, 0, 0
	var maxWork int64
	maxWorkChart := ""
	for _, dir := range strings.Split(list, ":") {
		if dir == "" {
			continue
		}
		cmd := exec.Command(bin, "template", "release-name", dir, "--debug")
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
		out, herr := cmd.Output()
		c, lerr := LoadDir(osFS{}, filepath.ToSlash(filepath.Clean(dir)))
		var res *Result
		if lerr == nil {
			res = Render(c, Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		}
		oursFail := lerr != nil || len(res.Errors) > 0
		switch {
		case herr != nil && len(out) > 0 && !oursFail:
			yamlRejected++ // helm prints what it rendered, and rejects its YAML: compare
		case herr != nil && oursFail:
			bothFail++
			msg := ""
			if ee, ok := herr.(*exec.ExitError); ok {
				msg = string(ee.Stderr)
			}
			if lerr != nil {
				t.Logf("%s: both fail: faultline: %v; helm: %s", dir, lerr, lastLine(msg))
			} else {
				t.Logf("%s: both fail: faultline: %s:%d:%d: %s; helm: %s", dir, res.Errors[0].Loc, res.Errors[0].Line, res.Errors[0].Col, res.Errors[0].Msg, lastLine(msg))
			}
			continue
		case herr != nil:
			onlyHelmFails++
			msg := ""
			if ee, ok := herr.(*exec.ExitError); ok {
				msg = string(ee.Stderr)
			}
			t.Logf("%s: helm fails, faultline renders: %s", dir, lastLine(msg))
			continue
		case oursFail:
			onlyOursFails++
			if lerr != nil {
				t.Logf("%s: faultline fails to load: %v", dir, lerr)
			} else {
				t.Logf("%s: faultline fails: %s:%d:%d: %s", dir, res.Errors[0].Loc, res.Errors[0].Line, res.Errors[0].Col, res.Errors[0].Msg)
			}
			continue
		}
		if res.Work > maxWork {
			maxWork, maxWorkChart = res.Work, dir
		}
		got, exp := documents(res.Outputs), helmDocuments(string(out))
		if strings.Join(got, "\n---\n") == strings.Join(exp, "\n---\n") {
			same++
			continue
		}
		ws := regexp.MustCompile(`\s+`)
		if ws.ReplaceAllString(strings.Join(got, " "), " ") == ws.ReplaceAllString(strings.Join(exp, " "), " ") {
			sameWS++
			continue
		}
		differ++
		t.Logf("%s: differs", dir)
		if os.Getenv("FAULTLINE_HELM_DIFF") != "" {
			os.WriteFile(filepath.Join(os.Getenv("FAULTLINE_HELM_DIFF"), strings.ReplaceAll(strings.Trim(dir, "/"), "/", "_")+".got"), []byte(strings.Join(got, "\n---\n")), 0o644)
			os.WriteFile(filepath.Join(os.Getenv("FAULTLINE_HELM_DIFF"), strings.ReplaceAll(strings.Trim(dir, "/"), "/", "_")+".want"), []byte(strings.Join(exp, "\n---\n")), 0o644)
		}
	}
	t.Logf("the most work: %d units (%s)", maxWork, maxWorkChart)
	t.Logf("identical %d, identical but for whitespace %d, different %d (of which helm rejects the YAML of %d); both fail %d, only helm fails %d, only faultline fails %d", same, sameWS, differ, yamlRejected, bothFail, onlyHelmFails, onlyOursFails)
}

// lastLine is the line of helm's stderr that says what failed.
func lastLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "Error: ") {
			return l
		}
	}
	return strings.TrimSpace(s)
}
