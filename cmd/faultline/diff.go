package main

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/report"
	githubreport "github.com/faultline-dev/faultline/report/github"
	markdownreport "github.com/faultline-dev/faultline/report/markdown"
	sarifreport "github.com/faultline-dev/faultline/report/sarif"
	textreport "github.com/faultline-dev/faultline/report/text"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

// diffResult is the JSON of `faultline diff` (fields may be added, never renamed).
type diffResult struct {
	Version     int                 `json:"version"`
	Base        string              `json:"base"`
	Summary     diffSummary         `json:"summary"`
	Introduced  []analysis.Finding  `json:"introduced"`
	Fixed       []analysis.Finding  `json:"fixed"`
	Diagnostics []report.Diagnostic `json:"diagnostics"`
	// Worsened are the findings the base has whose reach grew; Improved those
	// whose reach shrank.
	Worsened []report.Change `json:"worsened"`
	Improved []report.Change `json:"improved"`
}

type diffSummary struct {
	Introduced int `json:"introduced"`
	Fixed      int `json:"fixed"`
	// Suppressed counts the introduced and worsened findings an ignore accepts.
	Suppressed int `json:"suppressed"`
	Worsened   int `json:"worsened"`
	Improved   int `json:"improved"`
}

func newDiff(stdout, stderr io.Writer) *cobra.Command {
	var lf lintFlags
	var base string
	cmd := &cobra.Command{
		Use:   "diff --base REF_OR_DIR PATH...",
		Short: "Report the findings a change introduces and those it fixes",
		Long: `diff analyzes PATH... twice: as they are (the head) and as they were in the base, and
reports the findings the head introduces and those it fixes. Findings are matched by
their fingerprint (rule, component and event), so that moved or reworded declarations
are not new findings. A finding both have is worsened when the head's failure takes
down an entrypoint the base's did not or its blast radius grew (it is reported with
the entrypoints added and the sizes before and after), and improved when its reach
only shrank.

--base is a directory that stands for the current directory at the base (PATH... are
read under it), or else a git revision (a branch, a tag, a commit, origin/main,
HEAD~1): the repository that holds the first PATH is read at that revision with
git archive into a temporary directory, and PATH... are read there at the same
place in the repository. A PATH that does not exist in the base has no findings
there. The head's configuration file applies to both.

Exit codes: 0 no introduced or worsened finding at or above --fail-on (suppressed ones
do not count; worsened ones do not with --fail-on-worsened=false); 1 introduced or
worsened findings at or above it; 2 bad input in the head, or bad usage.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			if base == "" {
				return &usageError{"diff: --base is required"}
			}
			for _, p := range paths {
				if p == "-" {
					return &usageError{"diff: standard input has no base; give file or directory paths"}
				}
			}
			s, err := lf.resolve(cmd, paths)
			if err != nil {
				return err
			}
			basePaths, label, cleanup, err := baseTree(base, paths)
			if err != nil {
				return err
			}
			defer cleanup()
			head, err := analyze(paths, s, &lf.vars, lf.blastLimit, nil, true)
			if err != nil {
				return err
			}
			var existing, existingHead []string
			for i, bp := range basePaths {
				if _, err := os.Stat(bp); err == nil {
					existing = append(existing, bp)
					existingHead = append(existingHead, paths[i])
				}
			}
			var baseFindings []analysis.Finding
			if len(existing) > 0 {
				b, err := analyze(existing, s, &lf.vars, lf.blastLimit, nil, false)
				if err != nil {
					return err
				}
				if n := countErrors(b.diags); n > 0 {
					fmt.Fprintf(stderr, "faultline: the base (%s) has %s in its input: findings hidden there count as introduced\n", label, analysis.Plural(n, "error"))
				}
				baseFindings = b.findings
				for i := range baseFindings {
					relocate(&baseFindings[i], existing, existingHead)
				}
			}
			diags := append(s.confDiags, head.diags...)
			printSkipped(stderr, head.skipped)
			printDiagnostics(stderr, diags)
			cmp := report.Compare(head.findings, baseFindings, nil)
			in := report.NewCheck(head.model, head.files, keep(head.findings, cmp), diags)
			in.SetComparison(cmp)
			res := &diffResult{Version: report.Version, Base: label, Introduced: cmp.Introduced, Fixed: cmp.Fixed,
				Diagnostics: in.Diagnostics, Worsened: cmp.Worsened, Improved: cmp.Improved}
			res.Summary = diffSummary{Introduced: len(cmp.Introduced), Fixed: len(cmp.Fixed), Suppressed: in.Summary.Suppressed,
				Worsened: len(cmp.Worsened), Improved: len(cmp.Improved)}
			title := "faultline diff against " + label
			err = writeOutputs(s, stdout, func(format string, w io.Writer) error {
				switch format {
				case "json", "json-compact":
					// json-compact: the same document without indentation
					// (a diff has no shared blast radii).
					// Through the escaping writer, as check's JSON: DEL and
					// the C1 controls of names are \u escapes.
					jw := report.NewJSONWriter(w)
					enc := json.NewEncoder(jw)
					if format == "json" {
						enc.SetIndent("", "  ")
					}
					enc.SetEscapeHTML(false)
					if err := enc.Encode(res); err != nil {
						return err
					}
					return jw.Flush()
				case "sarif":
					return sarifreport.RenderWith(w, in, sarifreport.Options{ToolVersion: version, New: true})
				case "markdown":
					return markdownreport.RenderWith(w, in, markdownreport.Options{Title: title, Fixed: cmp.Fixed, ShowFixed: true, FullList: s.fullList})
				case "github":
					return githubreport.Render(w, in)
				}
				return renderDiffText(w, title, in, cmp)
			})
			if err != nil {
				return err
			}
			if diags.HasErrors() {
				return &exitError{exitBadInput}
			}
			if anyFailing(in, s) {
				return &exitError{exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&base, "base", "", "the base: a directory, or a git revision of the repository holding PATH (required)")
	lf.register(cmd)
	return cmd
}

func renderDiffText(w io.Writer, title string, in *report.Check, cmp report.Comparison) error {
	if _, err := fmt.Fprintf(w, "%s: %d introduced, %d worsened, %d improved, %d fixed\n\n", title,
		len(cmp.Introduced), len(cmp.Worsened), len(cmp.Improved), len(cmp.Fixed)); err != nil {
		return err
	}
	if err := textreport.Render(w, in); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nfixed (%d):", len(cmp.Fixed))
	if len(cmp.Fixed) == 0 {
		b.WriteString(" none\n")
	} else {
		b.WriteString("\n")
	}
	for _, f := range cmp.Fixed {
		fmt.Fprintf(&b, "  %s: %s %s (%s)\n", report.Visible(f.Location.String()), f.Rule, report.Visible(f.Component), report.Visible(f.Event))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// relocate rewrites a base finding's files from the base tree to the head's
// paths, so that a fixed finding names the file as the user knows it.
func relocate(f *analysis.Finding, basePaths, headPaths []string) {
	fix := func(l *analysis.Location) {
		for i, bp := range basePaths {
			if l.File == bp || strings.HasPrefix(l.File, bp+string(filepath.Separator)) {
				l.File = filepath.Clean(headPaths[i]) + l.File[len(bp):]
				return
			}
		}
	}
	fix(&f.Location)
	for i := range f.Related {
		fix(&f.Related[i].Location)
	}
	if f.Suppressed != nil && f.Suppressed.Location != nil {
		l := *f.Suppressed.Location
		fix(&l)
		f.Suppressed.Location = &l
	}
}

// baseTree returns the base counterparts of paths, a label for the base, and a
// cleanup for the temporary tree of a git revision.
func baseTree(base string, paths []string) ([]string, string, func(), error) {
	nop := func() {}
	if info, err := os.Stat(base); err == nil && info.IsDir() {
		var out []string
		for _, p := range paths {
			rel := p
			if filepath.IsAbs(p) {
				wd, _ := os.Getwd()
				r, err := filepath.Rel(wd, p)
				if err != nil || strings.HasPrefix(r, "..") {
					return nil, "", nop, &usageError{fmt.Sprintf("diff: %s is outside the current directory, which --base %s stands for", p, base)}
				}
				rel = r
			}
			out = append(out, filepath.Join(base, rel))
		}
		return out, base, nop, nil
	}
	// A git revision of the repository holding the first path.
	dir := paths[0]
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	root, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, "", nop, &usageError{fmt.Sprintf("diff: --base %s is not a directory, and %s is not in a git repository (%v)", base, paths[0], err)}
	}
	root = strings.TrimSpace(root)
	if _, err := git(root, "rev-parse", "--verify", "--quiet", base+"^{commit}"); err != nil {
		return nil, "", nop, &usageError{fmt.Sprintf("diff: --base %s is neither a directory nor a revision of the git repository %s", base, root)}
	}
	tmp, err := os.MkdirTemp("", "faultline-base-")
	if err != nil {
		return nil, "", nop, err
	}
	cleanup := func() { os.RemoveAll(tmp) }
	cmd := exec.Command("git", "archive", "--format=tar", base)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		cleanup()
		return nil, "", nop, err
	}
	if err := cmd.Start(); err != nil {
		cleanup()
		return nil, "", nop, fmt.Errorf("diff: git archive: %v", err)
	}
	xerr := extract(out, tmp)
	_, _ = io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		cleanup()
		return nil, "", nop, fmt.Errorf("diff: git archive %s: %v: %s", base, err, strings.TrimSpace(stderr.String()))
	}
	if xerr != nil {
		cleanup()
		return nil, "", nop, fmt.Errorf("diff: reading git archive %s: %v", base, xerr)
	}
	// The base tree stands for the repository: Terraform module sources may reach
	// anywhere inside it and no further, as in the head.
	if err := os.Mkdir(filepath.Join(tmp, ".git"), 0o755); err != nil {
		cleanup()
		return nil, "", nop, err
	}
	realRoot, _ := filepath.EvalSymlinks(root)
	var basePaths []string
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err == nil {
			if r, err := filepath.EvalSymlinks(abs); err == nil {
				abs = r
			} else if r, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
				abs = filepath.Join(r, filepath.Base(abs)) // a file deleted in the head
			}
		}
		rel, err := filepath.Rel(realRoot, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			cleanup()
			return nil, "", nop, &usageError{fmt.Sprintf("diff: %s is outside the git repository %s", p, root)}
		}
		basePaths = append(basePaths, filepath.Join(tmp, rel))
	}
	return basePaths, base, cleanup, nil
}

// git runs git in dir and returns its stdout.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(errb.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return out.String(), nil
}

// extract writes the regular files and directories of a tar stream under dir.
// Links and entries that would land outside dir are skipped.
func extract(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.FromSlash(h.Name)
		if !filepath.IsLocal(name) {
			continue
		}
		target := filepath.Join(dir, name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}

func countErrors(diags hcl.Diagnostics) int {
	n := 0
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			n++
		}
	}
	return n
}
