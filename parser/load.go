// Package parser loads input paths into one model: it finds the files, hands each
// to the parser of its format, and builds the graph from all of them together, so
// that a reference may name a component declared in another file or format.
package parser

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	hclv2 "github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/parser/hcl"
	"github.com/faultline-dev/faultline/parser/kubernetes"
	"github.com/faultline-dev/faultline/parser/terraform"
)

// ParseFunc parses one file of a format into b; it keeps going after errors.
type ParseFunc func(filename string, src []byte, b *graph.Builder) hclv2.Diagnostics

// formats maps a file-name suffix to the parser of its format. Suffixes, not
// extensions, so that ".tf.json" can be told from ".json"; the longest match wins.
var formats = []struct {
	suffix string
	parse  ParseFunc
}{
	{".hcl", hcl.ParseFile},
	{".yaml", kubernetes.ParseFile},
	{".yml", kubernetes.ParseFile},
	{".json", kubernetes.ParseFile},
	// Terraform files are not parsed one by one: the directories that hold them
	// are modules, loaded together by terraform.Load (see LoadWith).
	{".tf", terraformModule},
	{".tf.json", terraformModule},
}

// terraformModule stands in the formats table for the Terraform suffixes, so
// that a walk finds their files; LoadWith never calls it.
func terraformModule(string, []byte, *graph.Builder) hclv2.Diagnostics { return nil }

// isTerraform reports whether a file belongs to a Terraform module.
func isTerraform(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// ConfigFileName is faultline's configuration file, which is not an input.
const ConfigFileName = ".faultline.hcl"

// formatOf returns the parser for a file name, or nil when no format claims it.
func formatOf(name string) ParseFunc {
	var best ParseFunc
	bestLen := 0
	for _, f := range formats {
		if strings.HasSuffix(name, f.suffix) && len(f.suffix) > bestLen {
			best, bestLen = f.parse, len(f.suffix)
		}
	}
	return best
}

// Load reads every input file under paths, each a file or a directory walked
// recursively, parses each with the parser of its format, and builds one model.
// It returns the model (also when there are errors: it holds what could be read),
// every diagnostic, and the files that were read, sorted.
//
// Walking a directory skips hidden directories (.git, .terraform), hidden and
// editor backup files, the configuration file, and files of no known format. A file
// named explicitly must be of a known format. Files are parsed in sorted order
// whatever the order of paths, so that results do not depend on it.
func Load(paths []string) (*graph.Model, hclv2.Diagnostics, []string) {
	return LoadWith(paths, Options{})
}

// Options are the inputs of a load beyond its paths.
type Options struct {
	// Stdin is read for the path "-" (helm template … | faultline check -).
	Stdin io.Reader
	// Vars and VarFiles are Terraform's --var k=v and --var-file, in order.
	Vars     []string
	VarFiles []string
	// Reader is the door every input byte comes through (docs/SECURITY.md);
	// it keeps what it read, for the scan of ignore comments. Nil: a Reader
	// of this load only.
	Reader *boundary.Reader
}

// StdinName is the file name diagnostics and findings use for standard input.
const StdinName = "<stdin>"

// StdinFormat parses what is read from "-"; nil until a streaming format
// (Kubernetes manifests) registers itself.
var StdinFormat ParseFunc = kubernetes.ParseStream

// LoadWith is Load with options.
func LoadWith(paths []string, opts Options) (*graph.Model, hclv2.Diagnostics, []string) {
	rd := opts.Reader
	if rd == nil {
		rd = boundary.NewReader()
	}
	var diags hclv2.Diagnostics
	var stdin []byte
	readStdin := false
	seen := map[string]bool{}
	var files []string
	// fileRoot is the boundary of each file's input path, for boundary.ReadFile.
	fileRoot := map[string]string{}
	// Terraform: the directories holding .tf files, per input path, in order.
	var tfInputs []terraform.Input
	tfSeen := map[string]bool{}
	tfRoot := ""
	// A .json file may be a Terraform plan or state (terraform show -json)
	// rather than a Kubernetes manifest: its content decides (terraform.IsPlan
	// reads its top-level keys), and a plan joins the Terraform input of the
	// path it was found under, to be read by terraform.Load.
	jsonRoot := map[string]string{}
	claimPlan := func(root, name string, src []byte) bool {
		if !terraform.IsPlan(src) {
			return false
		}
		i := len(tfInputs) - 1
		for i >= 0 && tfInputs[i].Path != root {
			i--
		}
		if i < 0 {
			tfInputs = append(tfInputs, terraform.Input{Path: root})
			i = len(tfInputs) - 1
		}
		tfInputs[i].Plans = append(tfInputs[i].Plans, terraform.PlanFile{Name: name, Src: src})
		return true
	}
	add := func(p string) {
		if isTerraform(p) {
			dir := filepath.Dir(p)
			if tfSeen[tfRoot+"\x00"+dir] {
				return
			}
			tfSeen[tfRoot+"\x00"+dir] = true
			if len(tfInputs) == 0 || tfInputs[len(tfInputs)-1].Path != tfRoot {
				tfInputs = append(tfInputs, terraform.Input{Path: tfRoot})
			}
			in := &tfInputs[len(tfInputs)-1]
			in.Dirs = append(in.Dirs, dir)
			return
		}
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
			if strings.HasSuffix(p, ".json") {
				jsonRoot[p] = tfRoot
			}
		}
	}
	for _, root := range paths {
		if root == "-" {
			if readStdin {
				continue
			}
			readStdin = true
			if StdinFormat == nil || opts.Stdin == nil {
				diags = append(diags, &hclv2.Diagnostic{
					Severity: hclv2.DiagError,
					Summary:  "Cannot read standard input",
					Detail:   "No input format reads standard input yet; give file or directory paths.",
				})
				continue
			}
			src, err := rd.ReadStream(StdinName, opts.Stdin)
			if err != nil {
				diags = append(diags, &hclv2.Diagnostic{Severity: hclv2.DiagError, Summary: "Cannot read standard input", Detail: err.Error()})
				continue
			}
			stdin = src
			continue
		}
		root = filepath.Clean(root)
		tfRoot = root
		bnd := boundary.Root(root)
		info, err := os.Stat(root)
		if err == nil {
			// An input path that is a symbolic link is followed only within its
			// boundary (docs/SECURITY.md); its files are read through it.
			var inside bool
			var target string
			if inside, target, err = boundary.Within(bnd, root); err != nil && strings.Contains(err.Error(), "too many links") {
				err = boundary.ErrLinkLoop
			} else if err == nil && !inside {
				diags = append(diags, &hclv2.Diagnostic{
					Severity: hclv2.DiagError,
					Summary:  fmt.Sprintf("Cannot read %s", root),
					Detail:   fmt.Sprintf("The input path %q is a symbolic link to %s, outside %s (its git repository, or the path itself outside a repository); faultline reads nothing outside it.", root, target, bnd),
				})
				continue
			}
		}
		if err != nil {
			diags = append(diags, &hclv2.Diagnostic{
				Severity: hclv2.DiagError,
				Summary:  fmt.Sprintf("Cannot read %s", root),
				Detail:   fmt.Sprintf("The input path %q cannot be read: %s.", root, reason(err)),
			})
			continue
		}
		if !info.IsDir() {
			switch {
			case filepath.Base(root) == ConfigFileName:
				diags = append(diags, &hclv2.Diagnostic{
					Severity: hclv2.DiagWarning,
					Summary:  "Configuration file ignored",
					Detail:   fmt.Sprintf("%s is faultline's configuration file, not an architecture; it is not read as an input.", root),
					Subject:  fileRange(root),
				})
			case formatOf(root) == nil:
				diags = append(diags, &hclv2.Diagnostic{
					Severity: hclv2.DiagError,
					Summary:  "Unsupported file type",
					Detail:   fmt.Sprintf("faultline does not know the format of %s; it reads %s files.", root, knownSuffixes()),
					Subject:  fileRange(root),
				})
			default:
				fileRoot[root] = bnd
				add(root)
			}
			continue
		}
		walkRoot := root
		if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			walkRoot += string(filepath.Separator) // a link to a directory within the boundary: walk through it
		}
		err = filepath.WalkDir(walkRoot, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				diags = append(diags, &hclv2.Diagnostic{
					Severity: hclv2.DiagError,
					Summary:  fmt.Sprintf("Cannot read %s", p),
					Detail:   fmt.Sprintf("The directory %q cannot be read: %s.", p, reason(err)),
				})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != root && p != walkRoot && isHidden(d.Name()) {
					return fs.SkipDir
				}
				return nil
			}
			if !ignoredFile(d.Name()) && formatOf(d.Name()) != nil {
				fileRoot[p] = bnd
				add(p)
			}
			return nil
		})
		if err != nil { // the callback never fails; WalkDir itself may
			diags = append(diags, &hclv2.Diagnostic{
				Severity: hclv2.DiagError,
				Summary:  fmt.Sprintf("Cannot read %s", root),
				Detail:   fmt.Sprintf("The directory %q cannot be walked: %s.", root, reason(err)),
			})
		}
	}
	sort.Strings(files)

	b := graph.NewBuilder()
	var read []string
	if stdin != nil && !claimPlan("-", StdinName, stdin) {
		read = append(read, StdinName)
		diags = append(diags, StdinFormat(StdinName, stdin, b)...)
	}
	for i, p := range readAhead(rd, files, fileRoot) {
		f := files[i]
		if p.err != nil {
			diags = append(diags, &hclv2.Diagnostic{
				Severity: hclv2.DiagError,
				Summary:  "Failed to read file",
				Detail:   fmt.Sprintf("The file %q could not be read: %s.", f, reason(p.err)),
				Subject:  fileRange(f),
			})
			continue
		}
		if strings.HasSuffix(f, ".json") && claimPlan(jsonRoot[f], f, p.src) {
			continue // terraform.Load reads it and lists it
		}
		read = append(read, f)
		if p.native != nil {
			diags = append(diags, p.native.Decode(b)...)
			continue
		}
		diags = append(diags, formatOf(f)(f, p.src, b)...)
	}
	if len(tfInputs) > 0 {
		tdiags, tfiles := terraform.Load(tfInputs, terraform.Options{Vars: opts.Vars, VarFiles: opts.VarFiles, Reader: rd}, b)
		diags = append(diags, tdiags...)
		read = append(read, tfiles...)
		sort.Strings(read)
	}
	m, bdiags := b.Build()
	return m, append(diags, bdiags...), read
}

// prepared is a file read (and, for the native format, parsed) ahead of its turn.
type prepared struct {
	src    []byte
	err    error
	native *hcl.Prepared
}

// readAhead reads the files, and parses the native-format ones, on up to
// GOMAXPROCS goroutines a bounded window ahead of the caller, and yields them in
// the order given: the builder is fed one file at a time, in the same order as a
// sequential load, so the result does not depend on scheduling.
//
// Files are read through rd: within the boundary of their input
// path (roots[file]), regular, and at most boundary.MaxFileBytes.
func readAhead(rd *boundary.Reader, files []string, roots map[string]string) func(yield func(int, prepared) bool) {
	return func(yield func(int, prepared) bool) {
		workers := max(1, runtime.GOMAXPROCS(0))
		slots := make([]chan prepared, len(files))
		for i := range slots {
			slots[i] = make(chan prepared, 1)
		}
		window := make(chan struct{}, 2*workers)
		done := make(chan struct{})
		defer close(done)
		go func() {
			for i, f := range files {
				select {
				case window <- struct{}{}:
				case <-done:
					return
				}
				go func() {
					src, err := rd.ReadFile(f, roots[f])
					p := prepared{src: src, err: err}
					if err == nil && formatOf(f) != nil && isNative(f) {
						p.native = hcl.Prepare(f, src)
					}
					slots[i] <- p
				}()
			}
		}()
		for i := range files {
			p := <-slots[i]
			<-window
			if !yield(i, p) {
				return
			}
		}
	}
}

// isNative reports whether a file is in faultline's own format.
func isNative(name string) bool {
	return strings.HasSuffix(name, ".hcl")
}

// fileRange is the start of a file, the subject of a diagnostic about the whole file.
func fileRange(name string) *hclv2.Range {
	return &hclv2.Range{Filename: name, Start: hclv2.InitialPos, End: hclv2.InitialPos}
}

// reason is err without the path that the diagnostic already names.
func reason(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

func isHidden(name string) bool { return strings.HasPrefix(name, ".") }

// ignoredFile reports files that a walk skips whatever their suffix: hidden files
// (among them the configuration file) and editor leftovers, as Terraform does.
func ignoredFile(name string) bool {
	return isHidden(name) ||
		strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")
}

func knownSuffixes() string {
	s := make([]string, len(formats))
	for i, f := range formats {
		s[i] = "*" + f.suffix
	}
	return strings.Join(s, ", ")
}
