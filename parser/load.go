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
	"slices"
	"sort"
	"strings"
	"time"

	hclv2 "github.com/hashicorp/hcl/v2"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/boundary"
	"github.com/faultline-dev/faultline/internal/stages"
	"github.com/faultline-dev/faultline/parser/crosslayer"
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
	// Namespace is the namespace of Kubernetes objects that name none, as
	// with kubectl apply -n; "" is "default".
	Namespace string
	// Vars and VarFiles are Terraform's --var k=v and --var-file, in order.
	Vars     []string
	VarFiles []string
	// Reader is the door every input byte comes through (docs/SECURITY.md);
	// it keeps what it read, for the scan of ignore comments. Nil: a Reader
	// of this load only.
	Reader *boundary.Reader
	// Units are the configuration's unit blocks.
	Units []UnitSpec
	// Exclude are the paths to leave out (--exclude, the configuration's
	// exclude), in gitignore syntax.
	Exclude []Exclude
	// Clusters bind manifest files to the Kubernetes cluster they run on
	// (the configuration's cluster blocks; parser/crosslayer).
	Clusters []crosslayer.Binding
	// Helm are the values of the Helm charts the load renders (--values,
	// --set, --set-string).
	Helm HelmOptions
	// Now is "today": what the now function of a Helm chart returns.
	Now time.Time
	// RequireComponents makes a load that reads no component an error ("Nothing
	// to analyze"): a CI job pointed at the wrong path must not stay green.
	RequireComponents bool
}

// Result is what a load read and what it found and left alone.
type Result struct {
	Model *graph.Model
	Diags hclv2.Diagnostics
	// Files are the files read, sorted.
	Files []string
	// Skipped are the files a walk found and did not read, sorted by file.
	Skipped []Skipped
}

// Skipped is a file that a walk found, read, and left alone: HCL of another
// tool (Terragrunt, Packer, …), or YAML or JSON that holds no Kubernetes object.
type Skipped struct {
	File string
	// Tool is the tool whose HCL file this is ("HCL" when no tool is
	// recognised); empty for YAML and JSON.
	Tool string
	// Reason says what the file is instead, as a phrase without a final period.
	Reason string
}

// Notice reports whether a skip is worth a line by default: another tool's HCL,
// which a user may have meant as faultline's. YAML and JSON that are not
// manifests are everywhere in a repository, and only counted.
func (s Skipped) Notice() bool { return s.Tool != "" }

// StdinName is the file name diagnostics and findings use for standard input.
const StdinName = "<stdin>"

// StdinFormat parses what is read from "-"; nil until a streaming format
// (Kubernetes manifests) registers itself.
var StdinFormat ParseFunc = kubernetes.ParseStream

// LoadWith is Load with options.
func LoadWith(paths []string, opts Options) (*graph.Model, hclv2.Diagnostics, []string) {
	r := LoadAll(paths, opts)
	return r.Model, r.Diags, r.Files
}

// LoadAll is LoadWith with everything a load learned, the skipped files among it.
//
// A file is read by its content, not only its name: a .hcl file is faultline's
// when it declares component or domain blocks (another tool's HCL is skipped),
// a .yaml, .yml or .json file when it holds a Kubernetes object
// (kubernetes.IsObjectShape) or is a Terraform plan. A file named explicitly
// that holds nothing faultline reads is an error.
func LoadAll(paths []string, opts Options) *Result {
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
	// explicit are the files named as input paths: they must hold something.
	explicit := map[string]bool{}
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
	// inputOf is the input path each walked file was found under, for units.
	inputOf := map[string]string{}
	explicitNow := false
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
			if !explicitNow {
				inputOf[p] = tfRoot
			}
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
			case newScope(rd, bnd, root, opts.Exclude).excludedFile(root):
				// Named, and excluded: a pre-commit hook names every changed file.
			default:
				fileRoot[root] = bnd
				explicit[root] = true
				explicitNow = true
				add(root)
				explicitNow = false
			}
			continue
		}
		walkRoot := root
		if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			walkRoot += string(filepath.Separator) // a link to a directory within the boundary: walk through it
		}
		sc := newScope(rd, bnd, walkRoot, opts.Exclude)
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
				if !sc.enter(p, d.Name()) {
					return fs.SkipDir
				}
				return nil
			}
			if !ignoredFile(d.Name()) && formatOf(d.Name()) != nil && sc.keep(p) {
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
	if len(opts.Clusters) > 0 {
		crosslayer.Of(b).Bindings = opts.Clusters
	}
	if opts.Namespace != "" {
		kubernetes.SetNamespace(b, opts.Namespace)
	}
	var read []string
	var skipped []Skipped
	if stdin != nil && !claimPlan("-", StdinName, stdin) {
		read = append(read, StdinName)
		diags = append(diags, StdinFormat(StdinName, stdin, b.Unit(""))...)
	}
	type pendingFile struct {
		w *walked
		p prepared
	}
	var pending []pendingFile
	endRead := stages.Track("read, parse, decode")
	var projects []project
	tests := newAssertions(rd, files, fileRoot)
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
		if isKustomization(f) || filepath.Base(f) == "Chart.yaml" {
			projects = append(projects, project{file: f, input: inputOf[f], src: p.src})
			continue
		}
		if why := tests.of(f); why != "" && !explicit[f] && p.manifest != nil {
			skipped = append(skipped, Skipped{File: f, Reason: why})
			continue
		}
		if skip := p.skip(f); skip != nil {
			if explicit[f] && skip.Tool == "HCL" {
				// Named as an input and of no other tool: meant as faultline's,
				// whose diagnostics say what is wrong with it.
			} else if explicit[f] {
				diags = append(diags, &hclv2.Diagnostic{
					Severity: hclv2.DiagError,
					Summary:  "Nothing to read",
					Detail:   fmt.Sprintf("%s was named as an input, but holds nothing faultline reads: %s.", f, skip.Reason),
					Subject:  fileRange(f),
				})
				continue
			} else {
				skipped = append(skipped, *skip)
				continue
			}
		}
		read = append(read, f)
		w := &walked{file: f, input: inputOf[f]}
		switch {
		case p.native != nil:
			w.ids = p.native.Components()
			pending = append(pending, pendingFile{w, p})
		case p.manifest != nil:
			w.ids = p.manifest.Objects()
			pending = append(pending, pendingFile{w, p})
		default:
			diags = append(diags, formatOf(f)(f, p.src, b)...)
		}
	}
	endRead()
	// Kustomize directories and Helm charts are read as a whole: the files
	// beneath them are not read one by one.
	hr := &helmRun{namespace: opts.Namespace, now: opts.Now}
	charts := false
	for _, p := range projects {
		if !isKustomization(p.file) {
			hr.values, hr.err = opts.Helm.UserValues()
			charts = true
			break
		}
	}
	if !charts {
		if d := unusedHelmValues(opts.Helm); d != nil {
			diags = append(diags, d)
		}
	}
	pr := readProjects(rd, projects, fileRoot, hr)
	diags = append(diags, pr.diags...)
	if len(pr.dirs) > 0 {
		inProject := func(f string) bool { return pr.holder(f) != "" }
		plain := map[string]bool{}
		for _, bu := range pr.builds {
			plain[bu.name] = bu.plain
		}
		for _, pf := range pending {
			if d := pr.holder(pf.w.file); d != "" && !plain[pf.w.file] {
				skipped = append(skipped, Skipped{File: pf.w.file, Reason: "beneath " + d + ", a Kustomize directory or Helm chart read as a whole: its build or rendering reads the file, if it uses it, not the walk"})
			}
		}
		pending = slices.DeleteFunc(pending, func(pf pendingFile) bool { return inProject(pf.w.file) })
		read = slices.DeleteFunc(read, inProject)
		skipped = slices.DeleteFunc(skipped, func(s Skipped) bool { return inProject(s.File) && !strings.HasPrefix(s.Reason, "beneath ") })
		sort.Slice(skipped, func(i, j int) bool { return skipped[i].File < skipped[j].File })
	}
	for _, bu := range pr.builds {
		man := kubernetes.Prepare(bu.name, bu.src, !bu.plain)
		pending = append(pending, pendingFile{&walked{file: bu.name, ids: man.Objects(), unit: bu.unit, fixed: true}, prepared{manifest: man}})
		if !slices.Contains(read, bu.name) {
			read = append(read, bu.name)
		}
	}
	sort.Strings(read)
	endReplay := stages.Track("replay")
	ws := make([]*walked, len(pending))
	for i, pf := range pending {
		ws[i] = pf.w
	}
	assignUnits(ws, opts.Units, nil)
	ids := 0
	for _, w := range ws {
		if w.unit == "" {
			ids += len(w.ids)
		}
	}
	b.Grow(ids)
	for _, pf := range pending {
		ub := b.Unit(pf.w.unit)
		if pf.p.native != nil {
			diags = append(diags, pf.p.native.Decode(ub)...)
		} else {
			diags = append(diags, pf.p.manifest.Add(ub)...)
		}
	}
	endReplay()
	if len(tfInputs) > 0 {
		endTerraform := stages.Track("terraform")
		tdiags, tfiles := terraform.Load(tfInputs, terraform.Options{Vars: opts.Vars, VarFiles: opts.VarFiles, Reader: rd}, b)
		endTerraform()
		diags = append(diags, tdiags...)
		read = append(read, tfiles...)
		sort.Strings(read)
	}
	endBuild := stages.Track("build")
	m, bdiags := b.Build()
	endBuild()
	diags = append(diags, bdiags...)
	relocateBuilds(m, diags, pr.builds)
	if opts.RequireComponents && len(m.IDs) == 0 {
		if len(pr.failed) > 0 {
			diags = append(diags, renderFailed(paths, pr.failed))
		} else {
			diags = append(diags, nothingToAnalyze(paths, read, skipped, pr.empty))
		}
	}
	return &Result{Model: m, Diags: diags, Files: read, Skipped: skipped}
}

// nothingToAnalyze is the diagnostic of a load that read no component: it says
// what was found and what was skipped, so that a wrong path is seen for what it
// is. It is an error when nothing faultline recognises was found (an empty
// directory, a path to the wrong place: a CI job must not stay green on it),
// and a warning when the inputs are valid code that declares nothing faultline
// models (a Terragrunt live repository, a GitOps repository of Flux or Argo CD
// objects, a module of variables, a manifest of ConfigMaps): a check of such
// code has no finding to report, and failing it would fail valid code.
func nothingToAnalyze(paths, read []string, skipped []Skipped, empty []string) *hclv2.Diagnostic {
	var found []string
	if len(empty) > 0 {
		found = append(found, "rendered "+andList(empty)+" into no object with these values")
	}
	switch {
	case len(read) > 0:
		found = append(found, fmt.Sprintf("read %s without a component", plural(len(read), "file")))
	case len(empty) == 0:
		found = append(found, "read no file")
	}
	tools := map[string]int{}
	other, beneath := 0, 0
	for _, s := range skipped {
		switch {
		case s.Tool != "":
			tools[s.Tool]++
		case strings.HasPrefix(s.Reason, "beneath "):
			beneath++
		default:
			other++
		}
	}
	names := make([]string, 0, len(tools))
	for t := range tools {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		found = append(found, fmt.Sprintf("skipped %s of %s", plural(tools[t], "HCL file"), t))
	}
	if beneath > 0 {
		found = append(found, fmt.Sprintf("left %s to the Kustomize directories and Helm charts that hold them (-v lists them)", plural(beneath, "file")))
	}
	if other > 0 {
		found = append(found, fmt.Sprintf("skipped %s that hold no Kubernetes object (-v lists them)", plural(other, "YAML or JSON file")))
	}
	sev, valid := hclv2.DiagError, ""
	if len(read) > 0 || len(tools) > 0 || beneath > 0 || len(empty) > 0 {
		sev, valid = hclv2.DiagWarning, " The inputs declare nothing faultline models, so there is no finding to report."
	}
	return &hclv2.Diagnostic{
		Severity: sev,
		Summary:  "Nothing to analyze",
		Detail: fmt.Sprintf("No component was read from %s: faultline %s.%s It reads its own HCL format (component and domain blocks), Terraform (*.tf, *.tf.json, plans) and Kubernetes manifests.",
			strings.Join(paths, " "), strings.Join(found, ", "), valid),
	}
}

// renderFailed is the error of a load that read no component because charts
// or Kustomize directories did not render: not "nothing found", since the
// inputs hold something faultline could not render.
func renderFailed(paths, failed []string) *hclv2.Diagnostic {
	what := andList(failed)
	return &hclv2.Diagnostic{
		Severity: hclv2.DiagError,
		Summary:  "Nothing to analyze: rendering failed",
		Detail: fmt.Sprintf("No component was read from %s because %s did not render (its diagnostics say why); fix it, or pipe the rendered manifests in (helm template …, kustomize build … | faultline check -).",
			strings.Join(paths, " "), what),
	}
}

// unusedHelmValues is the warning of a load given Helm values (--values,
// --set, --set-string) but no chart to render with them: a CI job whose
// chart path or values path is mistyped would otherwise pass silently.
func unusedHelmValues(h HelmOptions) *hclv2.Diagnostic {
	var given []string
	for _, f := range h.ValueFiles {
		given = append(given, "--values "+f)
	}
	for _, s := range h.Set {
		given = append(given, "--set "+s)
	}
	for _, s := range h.SetString {
		given = append(given, "--set-string "+s)
	}
	if len(given) == 0 {
		return nil
	}
	if len(given) > 5 {
		given = append(given[:5], fmt.Sprintf("and %d more", len(given)-5))
	}
	return &hclv2.Diagnostic{
		Severity: hclv2.DiagWarning,
		Summary:  "Helm values not used",
		Detail: fmt.Sprintf("Helm values were given (%s), but no Helm chart (a directory with Chart.yaml) is among the inputs, so they are not used; check the paths.",
			strings.Join(given, ", ")),
	}
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// prepared is a file read (and, for the native format and manifests, parsed)
// ahead of its turn.
type prepared struct {
	src      []byte
	err      error
	native   *hcl.Prepared
	manifest *kubernetes.Prepared
}

// skip returns why the file is not read, or nil when it is.
func (p prepared) skip(name string) *Skipped {
	switch {
	case p.native != nil && p.native.Foreign != "":
		tool := p.native.Foreign
		what := "a " + tool + " file, not faultline's format"
		if tool == "HCL" {
			what = "HCL that is not faultline's format"
		}
		return &Skipped{File: name, Tool: tool, Reason: what + " (it declares no component or domain block)"}
	case p.manifest != nil && !p.manifest.Recognised:
		return &Skipped{File: name, Reason: "no Kubernetes object (a document with an apiVersion and kind of Kubernetes' shape) and no Terraform plan"}
	}
	return nil
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
					if err == nil && formatOf(f) != nil {
						switch {
						case isNative(f):
							p.native = hcl.Prepare(f, src)
						case isManifest(f) && !(strings.HasSuffix(f, ".json") && terraform.IsPlan(src)):
							p.manifest = kubernetes.Prepare(f, src, false)
						}
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

// isManifest reports whether a file may hold Kubernetes manifests.
func isManifest(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".json")
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

// relocateBuilds moves the ranges of the model and of the diagnostics that
// point into the stream of a Kustomize build to the files it was built from,
// and notes the patches that changed each object (kustomize_origin.go).
func relocateBuilds(m *graph.Model, diags hclv2.Diagnostics, builds []projectBuild) {
	maps := map[string]*buildMap{}
	for _, bu := range builds {
		if bu.where != nil {
			maps[bu.name] = bu.where
		}
	}
	if len(maps) == 0 {
		return
	}
	f := func(r graph.Range) graph.Range {
		if bm := maps[r.Filename]; bm != nil {
			return bm.relocate(r)
		}
		return r
	}
	for _, id := range m.IDs {
		c := m.Components[id]
		if bm := maps[c.Range.Filename]; bm != nil {
			c.Patches = append(c.Patches, bm.patchesOf(c.Range)...)
		}
	}
	m.Relocate(f)
	for _, d := range diags {
		if d.Subject != nil {
			r := f(*d.Subject)
			d.Subject = &r
		}
		if d.Context != nil {
			r := f(*d.Context)
			d.Context = &r
		}
	}
}

// andList joins items as a sentence does: "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
