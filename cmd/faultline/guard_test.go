package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 19, part one: every input byte through one guarded reader, the
// configuration found only within the input's boundary, and outputs never
// written through a link. These run the real command (TestMain installs it),
// each under a deadline, so that a hang fails instead of blocking the suite.

// runBounded runs faultline with args in dir, killed after 10 s.
func runBounded(t *testing.T, dir string, env []string, args ...string) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, cli(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	o := outcome{}
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("faultline %v did not end within 10 s\nstderr: %s", args, stderr.Bytes())
	}
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("faultline %v: %v", args, err)
		}
		o.code = ee.ExitCode()
	}
	o.stdout, o.stderr = stdout.Bytes(), stderr.Bytes()
	return o
}

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

const spofHCL = `component "db" {}
component "api" {
  requires = [component.db]
}
`

// TestIgnoreScanReadsThroughTheLoader: the scan for faultline:ignore comments
// reads the loader's bytes, never the disk: a .tf link to a file outside the
// repository (whose ignore comment would echo a secret into a diagnostic), a
// link to /dev/zero, a named pipe and a file over the size limit are each one
// error at the file, and the run ends, exit 2, with the good file analyzed.
func TestIgnoreScanReadsThroughTheLoader(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	write(t, filepath.Join(root, "secrets", "secret.tf"), "# faultline:ignore TOPSECRET-TOKEN because\nresource \"aws_instance\" \"x\" {}\n")
	write(t, filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
	write(t, filepath.Join(repo, "arch", "main.hcl"), spofHCL)
	write(t, filepath.Join(repo, "arch", "big.tf"), "# faultline:ignore spof "+strings.Repeat("x", 8000)+"\n")
	symlink(t, "../../secrets/secret.tf", filepath.Join(repo, "arch", "link.tf"))
	symlink(t, "/dev/zero", filepath.Join(repo, "arch", "zero.tf"))
	if err := syscall.Mkfifo(filepath.Join(repo, "arch", "pipe.tf"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := runBounded(t, repo, []string{"FAULTLINE_MAX_FILE_SIZE=4KiB"}, "check", "--now", "2026-01-01", "arch")
	if o.code != 2 {
		t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", o.code, o.stdout, o.stderr)
	}
	for _, f := range []string{"link.tf", "zero.tf", "pipe.tf", "big.tf"} {
		if !bytes.Contains(o.stderr, []byte("arch/"+f+":1:1: error: Failed to read file")) {
			t.Errorf("no read error at %s:\n%s", f, o.stderr)
		}
	}
	if bytes.Contains(o.stdout, []byte("TOPSECRET")) || bytes.Contains(o.stderr, []byte("TOPSECRET")) {
		t.Errorf("the secret outside the repository leaked:\n%s\n%s", o.stdout, o.stderr)
	}
	if !bytes.Contains(o.stdout, []byte("component.db is a single point of failure")) {
		t.Errorf("the good file's finding is missing:\n%s", o.stdout)
	}
}

// TestConfigNotAboveTheInput: outside a git repository, a .faultline.hcl in a
// parent directory of the input path does not apply; inside one, a
// configuration above the repository's root does not either.
func TestConfigNotAboveTheInput(t *testing.T) {
	root := t.TempDir()
	if _, err := os.Stat(filepath.Join(root, ".git")); err == nil {
		t.Skip("the temporary directory is in a git repository")
	}
	disable := "rule \"spof\" {\n  enabled = false\n}\n"
	write(t, filepath.Join(root, ".faultline.hcl"), disable)
	write(t, filepath.Join(root, "proj", "main.hcl"), spofHCL)
	for _, args := range [][]string{{"check", "proj"}, {"check", "proj/main.hcl"}} {
		if o := runBounded(t, root, nil, args...); o.code != 1 {
			t.Errorf("%v: exit %d, want 1 (the parent's configuration applied)\n%s%s", args, o.code, o.stdout, o.stderr)
		}
	}
	// Inside a repository: the configuration above the repository's root is
	// ignored, the one at its root applies to a subdirectory.
	write(t, filepath.Join(root, "repo", ".git", "HEAD"), "ref: refs/heads/main\n")
	write(t, filepath.Join(root, "repo", "sub", "main.hcl"), spofHCL)
	if o := runBounded(t, filepath.Join(root, "repo"), nil, "check", "sub"); o.code != 1 {
		t.Errorf("in a repository: exit %d, want 1\n%s%s", o.code, o.stdout, o.stderr)
	}
	write(t, filepath.Join(root, "repo", ".faultline.hcl"), disable)
	if o := runBounded(t, filepath.Join(root, "repo"), nil, "check", "sub"); o.code != 0 {
		t.Errorf("the repository's own configuration: exit %d, want 0\n%s%s", o.code, o.stdout, o.stderr)
	}
}

// TestOutputsNeverThroughLinks: -o FORMAT=FILE, report -o, graph -o and
// --write-baseline replace a link planted at their path with a regular file:
// the existing file it points at is not touched, a dangling link creates
// nothing; a directory link that leads out of the repository is refused.
func TestOutputsNeverThroughLinks(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	outside := filepath.Join(root, "outside")
	write(t, filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
	write(t, filepath.Join(repo, "arch", "main.hcl"), spofHCL)
	write(t, filepath.Join(outside, "victim"), "KEEP\n")
	runs := []struct {
		file string
		args []string
	}{
		{"r.md", []string{"check", "--now", "2026-01-01", "-o", "markdown=r.md", "arch"}},
		{"r.sarif", []string{"check", "--now", "2026-01-01", "-o", "sarif=r.sarif", "arch"}},
		{"report.html", []string{"report", "--now", "2026-01-01", "-o", "report.html", "arch"}},
		{"g.dot", []string{"graph", "--format", "dot", "-o", "g.dot", "arch"}},
		{"baseline.json", []string{"check", "--now", "2026-01-01", "--write-baseline", "baseline.json", "arch"}},
	}
	for _, r := range runs {
		for _, target := range []string{filepath.Join(outside, "victim"), filepath.Join(outside, "created-"+r.file)} {
			link := filepath.Join(repo, r.file)
			os.Remove(link)
			symlink(t, target, link)
			o := runBounded(t, repo, nil, r.args...)
			if o.code == 2 {
				t.Fatalf("%v: exit 2\n%s", r.args, o.stderr)
			}
			if b, _ := os.ReadFile(filepath.Join(outside, "victim")); string(b) != "KEEP\n" {
				t.Fatalf("%v wrote through the link to %s", r.args, target)
			}
			if _, err := os.Lstat(filepath.Join(outside, "created-"+r.file)); err == nil {
				t.Fatalf("%v created a file through the dangling link", r.args)
			}
			info, err := os.Lstat(link)
			if err != nil || !info.Mode().IsRegular() || info.Size() == 0 {
				t.Fatalf("%v: %s is not the written regular file (%v)", r.args, r.file, err)
			}
		}
	}
	entries, _ := os.ReadDir(repo)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a temporary file was left: %s", e.Name())
		}
	}
	// A directory link out of the repository is refused.
	symlink(t, outside, filepath.Join(repo, "reports"))
	o := runBounded(t, repo, nil, "check", "--now", "2026-01-01", "-o", "markdown=reports/r.md", "arch")
	if o.code != 2 || !bytes.Contains(o.stderr, []byte("writes nothing through it")) {
		t.Errorf("a directory link out: exit %d\n%s", o.code, o.stderr)
	}
	if _, err := os.Lstat(filepath.Join(outside, "r.md")); err == nil {
		t.Error("a file was written through the directory link")
	}
}

// TestNoLineFromTheInput: a Kubernetes name and a file name holding a newline
// and a "::" workflow command never start a line of their own, on stdout in
// any format or in the diagnostics on stderr (a CI log runs such a line).
func TestNoLineFromTheInput(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, ".git", "HEAD"), "ref: refs/heads/main\n")
	write(t, filepath.Join(dir, "in", "app.yaml"), `apiVersion: apps/v1
kind: Deployment
metadata:
  name: "web\n::error file=x::pwned\n## heading"
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: "c\r::warning::pwned", image: x}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: LoadBalancer
  selector: {app: web}
`)
	write(t, filepath.Join(dir, "in", "bad\n::error::pwned\r.yaml"), "kind: [\n")
	ours := regexp.MustCompile(`^(::(error|warning|notice) [^:]*::|faultline: )`)
	for _, format := range []string{"text", "github", "markdown", "json", "sarif"} {
		o := runBounded(t, dir, nil, "check", "--now", "2026-01-01", "--format", format, "in")
		if o.code != 2 {
			t.Fatalf("%s: exit %d, want 2 (the broken file)\n%s", format, o.code, o.stderr)
		}
		for _, out := range [][]byte{o.stdout, o.stderr} {
			for i, line := range strings.Split(string(out), "\n") {
				if strings.Contains(line, "pwned") && (strings.HasPrefix(line, "::") && !(format == "github" && ours.MatchString(line)) || strings.HasPrefix(line, "## heading")) {
					t.Errorf("%s: line %d comes from the input: %q", format, i+1, line)
				}
				if strings.ContainsAny(line, "\r\x00") {
					t.Errorf("%s: line %d holds a raw control character: %q", format, i+1, line)
				}
			}
		}
	}
}
