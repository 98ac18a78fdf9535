package html_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/analysis/catalog"
	"github.com/faultline-dev/faultline/analysis/failure"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/parser"
	"github.com/faultline-dev/faultline/report"
	"github.com/faultline-dev/faultline/report/graphviz"
	htmlreport "github.com/faultline-dev/faultline/report/html"
)

// page renders the report of the graphviz package's shop fixture: two SPOFs, a
// cache pair in one zone, a monitor that shares fate.
func page(t *testing.T) []byte {
	t.Helper()
	m, diags, files := parser.Load([]string{"../../testdata/shop.hcl"})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	analyzers := catalog.Analyzers()
	fs, err := analysis.Run(m, analyzers, analysis.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	v, err := graphviz.NewGraph(m, fs, graphviz.Options{Cluster: "zone"})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := graphviz.SVGBytes(v)
	if err != nil {
		t.Fatal(err)
	}
	var rules []*analysis.Rule
	for _, a := range analyzers {
		rules = append(rules, a.Rule)
	}
	r := htmlreport.NewReport(m, failure.Compute(graph.NewIndex(m)), report.NewCheck(m, len(files), fs, diags), rules)
	r.Title, r.Inputs, r.Version, r.Graph = "Architecture review: shop", []string{"shop.hcl"}, "test", svg
	var buf bytes.Buffer
	if err := htmlreport.Render(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSelfContained checks the page's content and that it references nothing
// outside itself.
func TestSelfContained(t *testing.T) {
	p := string(page(t))
	for _, want := range []string{
		`<div class="n">8</div><div class="l">components</div>`,
		`<a href="#rule-spof">FL001&nbsp;spof</a>`,
		`<td class="mono">../../testdata/shop.hcl:35:1</td>`, // the db's declaration
		`<g id="component.db" class="node spof">`,
		`<td><code>instance of component.nat</code></td>`,
		`<td><code>zone=eu-1a</code></td>`,
		`<h3><code>component.web</code>`,
	} {
		if !strings.Contains(p, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	// Every URL in the page is an XML namespace name or a fragment.
	for _, m := range regexp.MustCompile(`(?i)(?:src|href)\s*=\s*"([^"#][^"]*)"`).FindAllStringSubmatch(p, -1) {
		t.Errorf("external reference %q", m[1])
	}
	for _, m := range regexp.MustCompile(`https?://[^"' <]*`).FindAllString(p, -1) {
		if m != "http://www.w3.org/2000/svg" && m != "http://www.w3.org/1999/xlink" {
			t.Errorf("URL %q in the page", m)
		}
	}
	if strings.Contains(p, "<script") || strings.Contains(p, "<?xml") {
		t.Error("the page has a script or an XML declaration")
	}
}

// chromium runs headless Chromium on a file and returns its console messages
// (Chromium logs every console message, whatever its level, as a CONSOLE line
// on stderr with --enable-logging=stderr) and the screenshot.
func chromium(t *testing.T, bin, file, shot string) []string {
	t.Helper()
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--enable-logging=stderr", "--v=0",
		"--window-size=1600,3200", "--screenshot="+shot, "file://"+file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("chromium: %v\n%s", err, stderr.String())
		}
	case <-time.After(90 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("chromium did not finish in 90 s")
	}
	var console []string
	for _, l := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(l, ":CONSOLE") {
			console = append(console, l)
		}
	}
	return console
}

// TestChromium loads the report in headless Chromium (Debian's chromium
// package), requires that it logs no console message at all (the page has no
// script, so any message is an error: a blocked resource, a CSP violation), and
// checks the screenshot. A control page with a blocked external image proves that
// such messages are captured. FAULTLINE_SCREENSHOT_DIR keeps the screenshot.
func TestChromium(t *testing.T) {
	bin := "/usr/bin/chromium"
	if _, err := os.Stat(bin); err != nil {
		t.Skip("no /usr/bin/chromium (apt-get install chromium): the report is not checked in a browser")
	}
	dir := t.TempDir()
	control := filepath.Join(dir, "control.html")
	csp := `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`
	if err := os.WriteFile(control, []byte(`<!DOCTYPE html><html><head>`+csp+`</head><body><img src="https://example.invalid/x.png"></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if msgs := chromium(t, bin, control, filepath.Join(dir, "control.png")); len(msgs) == 0 || !strings.Contains(strings.Join(msgs, "\n"), "Content Security Policy") {
		t.Fatalf("the control page's CSP violation was not captured: %q", msgs)
	}

	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, page(t), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "report.png")
	if msgs := chromium(t, bin, file, shot); len(msgs) > 0 {
		t.Errorf("console messages:\n%s", strings.Join(msgs, "\n"))
	}
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	// The error card and badges are red (#b0001e); the graph's SPOFs #c8102e.
	if n := reddish(img); n < 2000 {
		t.Errorf("the screenshot shows %d red pixels: did the page render?", n)
	}
	if keep := os.Getenv("FAULTLINE_SCREENSHOT_DIR"); keep != "" {
		if err := os.WriteFile(filepath.Join(keep, "report-screenshot.png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func reddish(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 > 150 && g>>8 < 60 && bl>>8 < 70 {
				n++
			}
		}
	}
	return n
}
