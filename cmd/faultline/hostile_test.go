package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The CLI as CI runs it (docs/SECURITY.md): these tests run the real command —
// the test binary, which TestMain installs in $PATH as "faultline" — as a
// separate process, so that GOMAXPROCS, the network namespace and the system
// calls are those of a real run.

// cli returns the path of the faultline command.
func cli(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("faultline")
	if err != nil {
		t.Fatalf("faultline is not in $PATH (TestMain installs it): %v", err)
	}
	return p
}

// outcome is what one run produced: its exit code, stdout, stderr and the files
// it wrote.
type outcome struct {
	code           int
	stdout, stderr []byte
	files          map[string][]byte
}

// runIn runs argv (argv[0] may be a wrapper: unshare, strace) in dir with extra
// environment variables, and collects the files the command writes under out/.
func runIn(t *testing.T, dir string, env []string, argv ...string) outcome {
	t.Helper()
	os.RemoveAll(filepath.Join(dir, "out"))
	if err := os.MkdirAll(filepath.Join(dir, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	o := outcome{}
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("%v: %v", argv, err)
		}
		o.code = ee.ExitCode()
	}
	o.stdout, o.stderr = stdout.Bytes(), stderr.Bytes()
	o.files = map[string][]byte{}
	entries, _ := os.ReadDir(filepath.Join(dir, "out"))
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, "out", e.Name()))
		o.files[e.Name()] = b
	}
	return o
}

func (o outcome) equal(p outcome) bool {
	if o.code != p.code || !bytes.Equal(o.stdout, p.stdout) || !bytes.Equal(o.stderr, p.stderr) || len(o.files) != len(p.files) {
		return false
	}
	for k, v := range o.files {
		if !bytes.Equal(v, p.files[k]) {
			return false
		}
	}
	return true
}

// copyTree copies src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

const boutique = "../../../shared/corpora/kubernetes/microservices-demo/kubernetes-manifests"

// workspace returns a git repository holding inputs of every format: four
// native examples, Online Boutique's manifests (when the shared corpus is
// there) and a Terraform root module.
func workspace(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"aws-kinesis-2020.hcl", "facebook-2021.hcl", "roblox-2021.hcl", "well-designed.hcl"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "examples", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, "in", "hcl"), 0o755)
		if err := os.WriteFile(filepath.Join(dir, "in", "hcl", f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(boutique); err == nil {
		copyTree(t, boutique, filepath.Join(dir, "in", "k8s"))
	} else {
		os.MkdirAll(filepath.Join(dir, "in", "k8s"), 0o755)
		os.WriteFile(filepath.Join(dir, "in", "k8s", "shop.yaml"), mustRead(t, "../../parser/kubernetes/testdata/shop.yaml"), 0o644)
	}
	copyTree(t, "../../parser/terraform/testdata/aws-app", filepath.Join(dir, "in", "tf"))
	if git, err := exec.LookPath("git"); err == nil {
		for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base"}} {
			cmd := exec.Command(git, args...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
	} else {
		os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
	}
	return dir
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// commands is every command with every output format, over the workspace.
func commands(withGit bool) [][]string {
	cmds := [][]string{{"version"}, {"rules"}, {"rules", "--format", "json"}, {"explain", "spof"}}
	for _, f := range []string{"text", "json", "sarif", "markdown", "github"} {
		cmds = append(cmds, []string{"check", "--now", "2026-01-01", "--format", f, "in"})
	}
	cmds = append(cmds,
		[]string{"check", "--now", "2026-01-01", "--order", "2", "--format", "json", "in/hcl"},
		[]string{"check", "--now", "2026-01-01", "-o", "sarif=out/r.sarif", "-o", "markdown=out/r.md", "in"})
	for _, f := range []string{"text", "json", "dot", "svg", "png"} {
		cmds = append(cmds, []string{"blast", "--format", f, "--fail", "rack=r1", "--fail", "component.dns_west", "in/hcl"})
	}
	for _, f := range []string{"dot", "svg", "png", "json"} {
		cmds = append(cmds, []string{"graph", "--format", f, "-o", "out/g." + f, "in/hcl"})
	}
	cmds = append(cmds, []string{"report", "--now", "2026-01-01", "-o", "out/report.html", "in"}, []string{"init", "out"})
	if withGit {
		cmds = append(cmds, []string{"diff", "--now", "2026-01-01", "--base", "HEAD", "--format", "json", "in"})
	}
	return cmds
}

// TestDeterminism runs every command and output format once with GOMAXPROCS=1
// and twice with GOMAXPROCS=2: the three runs must agree byte for byte (stdout,
// stderr, exit code and written files).
func TestDeterminism(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every command three times")
	}
	dir := workspace(t)
	_, gitErr := exec.LookPath("git")
	for _, args := range commands(gitErr == nil) {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			argv := append([]string{cli(t)}, args...)
			first := runIn(t, dir, []string{"GOMAXPROCS=1"}, argv...)
			if first.code > 1 {
				t.Fatalf("exit %d:\n%s", first.code, first.stderr)
			}
			for i, env := range []string{"GOMAXPROCS=2", "GOMAXPROCS=2"} {
				if o := runIn(t, dir, []string{env}, argv...); !o.equal(first) {
					t.Errorf("run %d (%s) differs from the first (GOMAXPROCS=1): exit %d vs %d, stdout %d vs %d bytes, stderr %q vs %q",
						i+2, env, o.code, first.code, len(o.stdout), len(first.stdout), o.stderr, first.stderr)
				}
			}
		})
	}
}

// netns returns the command prefix that runs a program in a new network
// namespace with no interface but a loopback that is down, or "" when this
// machine does not allow it (as root, unshare -n; otherwise unshare -rn with
// user namespaces).
func netns(t *testing.T) []string {
	if _, err := exec.LookPath("unshare"); err != nil {
		return nil
	}
	for _, prefix := range [][]string{{"unshare", "-n"}, {"unshare", "-rn"}} {
		if exec.Command(prefix[0], append(prefix[1:], "true")...).Run() == nil {
			return prefix
		}
	}
	return nil
}

// TestNoNetwork runs every command inside a network namespace that has no
// network at all (no interface up, not even loopback: any connection or DNS
// lookup fails at once) and checks that each gives the same output as outside
// it; and, where strace exists, that no command makes a single socket(2) or
// connect(2) call other than on a Unix socket. The first shows that no command
// needs the network; the second that none even tries, for these inputs.
func TestNoNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every command three times")
	}
	prefix := netns(t)
	strace, straceErr := exec.LookPath("strace")
	if prefix == nil && straceErr != nil {
		t.Skip("neither unshare -n (network namespaces) nor strace is available here")
	}
	dir := workspace(t)
	_, gitErr := exec.LookPath("git")
	env := []string{"GOMAXPROCS=2", "HTTP_PROXY=http://192.0.2.1:9", "HTTPS_PROXY=http://192.0.2.1:9", "ALL_PROXY=socks5://192.0.2.1:9"}
	for _, args := range commands(gitErr == nil) {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			argv := append([]string{cli(t)}, args...)
			want := runIn(t, dir, env, argv...)
			if want.code > 1 {
				t.Fatalf("exit %d:\n%s", want.code, want.stderr)
			}
			if prefix != nil {
				if got := runIn(t, dir, env, append(append([]string{}, prefix...), argv...)...); !got.equal(want) {
					t.Errorf("without a network: exit %d (want %d), stderr %q", got.code, want.code, got.stderr)
				}
			}
			if straceErr == nil {
				trace := filepath.Join(t.TempDir(), "trace")
				got := runIn(t, dir, env, append([]string{strace, "-f", "-qq", "-e", "trace=socket,connect,sendto,sendmsg", "-o", trace}, argv...)...)
				if got.code != want.code {
					t.Errorf("under strace: exit %d (want %d): %s", got.code, want.code, got.stderr)
				}
				for _, l := range strings.Split(string(mustRead(t, trace)), "\n") {
					// "???( <detached ...>" is strace losing a thread as it exits
					// (diff's git child): a call strace could not name, not a
					// network call; the unshare -n run above is the stronger check.
					if l != "" && !strings.Contains(l, "AF_UNIX") && !strings.Contains(l, "+++") && !strings.Contains(l, "---") && !strings.Contains(l, "<detached ...>") {
						t.Errorf("a network system call: %s", l)
					}
				}
			}
		})
	}
}

// finding is a finding's identity in the JSON report.
type finding struct {
	Rule, Component, Event, File string
}

func findingsOf(t *testing.T, stdout []byte) ([]finding, []string) {
	t.Helper()
	var r struct {
		Findings []struct {
			Rule, Component, Event string
			Location               struct{ File string }
		}
		Diagnostics []struct {
			Severity, Summary string
			Location          struct{ File string }
		}
	}
	if err := json.Unmarshal(stdout, &r); err != nil {
		t.Fatalf("the JSON report: %v\n%s", err, stdout)
	}
	var fs []finding
	for _, f := range r.Findings {
		fs = append(fs, finding{f.Rule, f.Component, f.Event, f.Location.File})
	}
	var errs []string
	for _, d := range r.Diagnostics {
		if d.Severity == "error" {
			errs = append(errs, d.Location.File+": "+d.Summary)
		}
	}
	return fs, errs
}

// TestPartialFailure injects a syntax error into one file of a corpus of every
// format: the other files' findings are all still reported, the broken file's
// diagnostic is listed, and the exit code is 2.
func TestPartialFailure(t *testing.T) {
	dir := workspace(t)
	argv := []string{cli(t), "check", "--now", "2026-01-01", "--fail-on", "never", "--blast-limit", "0", "--format", "json", "in"}
	clean := runIn(t, dir, nil, argv...)
	cleanFindings, cleanErrs := findingsOf(t, clean.stdout)
	if clean.code != 0 || len(cleanErrs) > 0 || len(cleanFindings) < 20 {
		t.Fatalf("the clean corpus: exit %d, %d findings, errors %v\n%s", clean.code, len(cleanFindings), cleanErrs, clean.stderr)
	}
	k8s := "in/k8s/emailservice.yaml" // a resource of the kustomization, which is read through it
	if _, err := os.Stat(filepath.Join(dir, k8s)); err != nil {
		k8s = "in/k8s/shop.yaml"
	}
	for _, tc := range []struct {
		file, inject string
	}{
		{"in/hcl/roblox-2021.hcl", "\ncomponent \"broken\" {\n  kind = \n"},
		{"in/hcl/facebook-2021.hcl", "\n}}} not hcl {{{\n"},
		{k8s, "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: [broken\n"},
		{"in/tf/main.tf", "\nresource \"aws_instance\" \"broken\" {\n  ami = \n"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			p := filepath.Join(dir, tc.file)
			orig := mustRead(t, p)
			defer os.WriteFile(p, orig, 0o644)
			if err := os.WriteFile(p, append(append([]byte{}, orig...), tc.inject...), 0o644); err != nil {
				t.Fatal(err)
			}
			broken := runIn(t, dir, nil, argv...)
			got, errs := findingsOf(t, broken.stdout)
			if broken.code != 2 {
				t.Errorf("exit %d, want 2", broken.code)
			}
			listed := false
			for _, e := range errs {
				listed = listed || strings.HasPrefix(e, tc.file+": ")
			}
			if !listed || !bytes.Contains(broken.stderr, []byte(tc.file+":")) {
				t.Errorf("the syntax error in %s is not listed: JSON %v, stderr %s", tc.file, errs, broken.stderr)
			}
			have := map[finding]bool{}
			for _, f := range got {
				have[f] = true
			}
			var missing []string
			kept := 0
			for _, f := range cleanFindings {
				if f.File == tc.file {
					continue
				}
				kept++
				if !have[f] {
					missing = append(missing, fmt.Sprint(f))
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("%d of the %d findings of the other files are lost:\n%s", len(missing), kept, strings.Join(missing, "\n"))
			}
		})
	}
}
