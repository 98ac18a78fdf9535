// Package analysis is faultline's small framework for analysis passes, modelled on
// golang.org/x/tools/go/analysis: an Analyzer declares its name, its rule
// documentation, the analyzers whose results it requires, and a Run function; Run
// executes a set of analyzers over one model, each once, in dependency order.
package analysis

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/internal/stages"
)

// Severity is a finding's severity.
type Severity string

// The severities, strongest first.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Rank orders severities: error 3, warning 2, info 1, anything else 0.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 3
	case Warning:
		return 2
	case Info:
		return 1
	}
	return 0
}

// Rule documents a rule: the contract users read in `faultline rules` and
// `faultline explain`, and later in SARIF.
type Rule struct {
	ID       string   `json:"id"`       // stable, FL0nn
	Name     string   `json:"name"`     // stable, kebab-case; the name users type
	Severity Severity `json:"severity"` // default severity
	Title    string   `json:"title"`    // one line
	Text     string   `json:"text"`     // what it finds and why it matters
	Before   string   `json:"before"`   // an example that triggers it (native HCL)
	After    string   `json:"after"`    // the same example, fixed
	Fix      string   `json:"fix"`      // how to fix it
	Since    string   `json:"since"`    // the version that introduced it
}

// Analyzer is one analysis pass.
type Analyzer struct {
	Name     string
	Doc      string // for passes without a rule (shared computations)
	Rule     *Rule  // nil for passes that only compute a result
	Requires []*Analyzer
	Run      func(*Pass) (any, error)
}

// Pass is what an analyzer's Run sees.
type Pass struct {
	Analyzer *Analyzer
	Model    *graph.Model
	Index    *graph.Index
	// ResultOf holds the results of the analyzers this one requires.
	ResultOf map[*Analyzer]any
	// Now is the analysis time, for time-dependent rules (--now).
	Now time.Time
	// Options are the run's options, thresholds included.
	Options Options
	report  func(Finding)
}

// Location is a finding's source range.
type Location struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line,omitempty"`
	EndColumn int    `json:"end_column,omitempty"`
}

// LocationOf converts a source range.
func LocationOf(r graph.Range) Location {
	return Location{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column, EndLine: r.End.Line, EndColumn: r.End.Column}
}

// String returns file:line:column.
func (l Location) String() string { return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Column) }

// Related is a secondary location along a finding's path.
type Related struct {
	Message  string   `json:"message"`
	Location Location `json:"location"`
}

// Finding is one result of a rule. Its JSON form is the contract of docs/json.md.
type Finding struct {
	Rule        string   `json:"rule"`
	ID          string   `json:"id"`
	Severity    Severity `json:"severity"`
	Component   string   `json:"component"`
	Message     string   `json:"message"`
	Location    Location `json:"location"`
	Event       string   `json:"event"`
	BlastRadius []string `json:"blast_radius"`
	// BlastRadiusSize is the size of the whole blast radius; BlastRadius lists at
	// most Options.BlastLimit of it (sorted by ID) when a limit is set.
	BlastRadiusSize int      `json:"blast_radius_size"`
	Path            []string `json:"path"`
	// PathSize is the number of components on the whole path when Path is cut
	// short: a path longer than Options.BlastLimit lists its first and last
	// components with one Elided marker between them.
	PathSize    int      `json:"path_size,omitempty"`
	Entrypoints []string `json:"entrypoints,omitempty"`
	// EntrypointsSize is the number of entrypoints lost when Entrypoints lists
	// only the first Options.BlastLimit of them.
	EntrypointsSize int       `json:"entrypoints_size,omitempty"`
	Related         []Related `json:"related,omitempty"`
	// Unknowns lists the unknown input values the finding's component rests on.
	Unknowns []string `json:"unknowns,omitempty"`
	// Fingerprint identifies the finding across runs and edits: see Fingerprint.
	// Empty until SetFingerprints fills it in.
	Fingerprint string `json:"fingerprint,omitempty"`
	// Suppressed is set when an ignore (a source comment, a Kubernetes annotation,
	// the configuration file) accepts the finding: it is still reported, marked,
	// but does not count toward --fail-on.
	Suppressed *Suppression `json:"suppressed,omitempty"`
}

// Suppression says why a finding is accepted.
type Suppression struct {
	// Kind is where the ignore was written: "comment" (faultline:ignore in the
	// source), "annotation" (faultline.dev/ignore on a Kubernetes object) or
	// "config" (an ignore block of .faultline.hcl).
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
	// Location is the ignore's own position.
	Location *Location `json:"location,omitempty"`
}

// Fingerprint returns the stable fingerprint of a finding of rule about component
// for event: the first 16 bytes of SHA-256 over the three joined by NUL, in hex.
// It leaves out positions and messages, so that an edit elsewhere in a file, a
// moved declaration or a reworded message keeps it; a renamed component or a
// changed event (another zone, another expiry date) is a new finding.
func Fingerprint(rule, component, event string) string {
	h := sha256.Sum256([]byte(rule + "\x00" + component + "\x00" + event))
	return hex.EncodeToString(h[:16])
}

// SetFingerprints fills in the Fingerprint of each finding.
func SetFingerprints(fs []Finding) {
	for i := range fs {
		fs[i].Fingerprint = Fingerprint(fs[i].Rule, fs[i].Component, fs[i].Event)
	}
}

// Report records a finding; the rule's name, ID and default severity are filled in.
func (p *Pass) Report(f Finding) {
	if r := p.Analyzer.Rule; r != nil {
		f.Rule, f.ID = r.Name, r.ID
		if f.Severity == "" {
			f.Severity = r.Severity
		}
	}
	if f.BlastRadius == nil {
		f.BlastRadius = []string{}
	}
	if f.BlastRadiusSize < len(f.BlastRadius) {
		f.BlastRadiusSize = len(f.BlastRadius)
	}
	if f.Path == nil {
		f.Path = []string{}
	}
	if l := p.Options.BlastLimit; l > 0 {
		f.Path, f.PathSize = cutPath(f.Path, f.PathSize, l)
		// A rule may have listed fewer than all (EntrypointsSize says how
		// many), but perhaps more than the limit.
		total := max(f.EntrypointsSize, len(f.Entrypoints))
		if len(f.Entrypoints) > l {
			f.Entrypoints = f.Entrypoints[:l:l]
		}
		f.EntrypointsSize = 0
		if total > len(f.Entrypoints) {
			f.EntrypointsSize = total
		}
		if len(f.Related) > l {
			h := l / 2
			f.Related = append(f.Related[:h:h], f.Related[len(f.Related)-(l-h):]...)
		}
	}
	p.report(f)
}

// ListShown is how many names List shows.
const ListShown = 10

// List joins the first names of a list of n for a message: all of them up to
// ten, else the first ten and how many more.
func List(names []string, n int) string {
	const show = ListShown
	if n <= show && len(names) == n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:min(show, len(names))], ", ") + fmt.Sprintf(", and %d more", n-min(show, len(names)))
}

// Elided is the element of a path that stands for n components left out of it.
func Elided(n int) string { return fmt.Sprintf("… %d more …", n) }

// cutPath keeps the first limit/2 and the last limit-limit/2 components of a path
// longer than limit, with an Elided marker between them, and returns it with the
// whole path's size. A rule that cut the path itself sets size.
func cutPath(path []string, size, limit int) ([]string, int) {
	n := len(path)
	if size > n {
		return path, size
	}
	if n <= limit {
		return path, 0
	}
	h := limit / 2
	out := append(path[:h:h], Elided(n-limit))
	return append(out, path[n-(limit-h):]...), n
}

// BlastRadius converts a blast radius (component positions, ascending) into the
// IDs a finding lists, at most the run's blast limit of them, and its full size.
func (p *Pass) BlastRadius(vs []int32) ([]string, int) {
	n := len(vs)
	if l := p.Options.BlastLimit; l > 0 && n > l {
		vs = vs[:l]
	}
	ids := make([]string, len(vs))
	for i, v := range vs {
		ids[i] = p.Index.IDs[v]
	}
	return ids, n
}

var ruleName = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
var ruleID = regexp.MustCompile(`^FL[0-9]{3}$`)

// Validate checks a set of analyzers: documented rules, unique names and IDs, and
// no cycle in Requires.
func Validate(analyzers []*Analyzer) error {
	var errs []error
	names := map[string]bool{}
	ids := map[string]bool{}
	state := map[*Analyzer]int{}
	var visit func(a *Analyzer) bool
	visit = func(a *Analyzer) bool {
		switch state[a] {
		case 1:
			errs = append(errs, fmt.Errorf("analyzer %s: cycle in Requires", a.Name))
			return false
		case 2:
			return true
		}
		state[a] = 1
		for _, r := range a.Requires {
			if !visit(r) {
				return false
			}
		}
		state[a] = 2
		return true
	}
	for _, a := range analyzers {
		if a.Name == "" || a.Run == nil {
			errs = append(errs, fmt.Errorf("analyzer %q: missing name or Run", a.Name))
			continue
		}
		if names[a.Name] {
			errs = append(errs, fmt.Errorf("analyzer %s: duplicate name", a.Name))
		}
		names[a.Name] = true
		if r := a.Rule; r != nil {
			switch {
			case r.Name != a.Name:
				errs = append(errs, fmt.Errorf("analyzer %s: rule name %q differs", a.Name, r.Name))
			case !ruleName.MatchString(r.Name):
				errs = append(errs, fmt.Errorf("analyzer %s: rule name is not kebab-case", a.Name))
			case !ruleID.MatchString(r.ID):
				errs = append(errs, fmt.Errorf("analyzer %s: rule ID %q is not FLnnn", a.Name, r.ID))
			case ids[r.ID]:
				errs = append(errs, fmt.Errorf("analyzer %s: duplicate rule ID %s", a.Name, r.ID))
			case r.Severity.Rank() == 0:
				errs = append(errs, fmt.Errorf("analyzer %s: bad severity %q", a.Name, r.Severity))
			case strings.TrimSpace(r.Title) == "" || strings.TrimSpace(r.Text) == "" ||
				strings.TrimSpace(r.Before) == "" || strings.TrimSpace(r.After) == "" || strings.TrimSpace(r.Fix) == "":
				errs = append(errs, fmt.Errorf("analyzer %s: rule documentation incomplete (title, text, before, after, fix)", a.Name))
			}
			ids[r.ID] = true
		} else if strings.TrimSpace(a.Doc) == "" {
			errs = append(errs, fmt.Errorf("analyzer %s: no Doc", a.Name))
		}
		visit(a)
	}
	return errors.Join(errs...)
}

// Options configure a Run.
type Options struct {
	// Now is the analysis time, for time-dependent rules. Required: RunAll
	// returns an error when it is zero (the analysis never reads the clock).
	Now time.Time
	// BlastLimit caps the blast radius listed in each finding (0: no cap); the
	// full size is always in BlastRadiusSize.
	BlastLimit int
	// RetryThreshold is the product of attempts along a call path above which
	// retry-amplification reports it (0: DefaultRetryThreshold).
	RetryThreshold float64
	// CertWarningDays is the window before expiry in which cert-expiry reports a
	// certificate (0: DefaultCertWarningDays).
	CertWarningDays int
}

// The documented defaults of the thresholds.
const (
	DefaultRetryThreshold  = 10
	DefaultCertWarningDays = 30
)

// WithDefaults returns o with unset thresholds at their defaults.
func (o Options) WithDefaults() Options {
	if o.RetryThreshold <= 0 {
		o.RetryThreshold = DefaultRetryThreshold
	}
	if o.CertWarningDays <= 0 {
		o.CertWarningDays = DefaultCertWarningDays
	}
	return o
}

// unknownsOf returns the unknown values a finding rests on: those of its
// component, and those of the opaque components on its path (a module whose
// contents faultline could not read).
func unknownsOf(m *graph.Model, f Finding) []string {
	var out []string
	if c := m.Components[f.Component]; c != nil {
		out = append(out, c.Unknowns...)
	}
	for _, id := range f.Path {
		if c := m.Components[id]; c != nil && c.Opaque && id != f.Component {
			for _, u := range c.Unknowns {
				if !slices.Contains(out, u) {
					out = append(out, u)
				}
			}
		}
	}
	return out
}

// Run runs analyzers (and those they require) over m and returns the findings,
// sorted by file, line, column, rule, component and event.
func Run(m *graph.Model, analyzers []*Analyzer, opts Options) ([]Finding, error) {
	fs, _, err := RunAll(m, analyzers, opts)
	return fs, err
}

// RunAll is Run that also returns the result of every analyzer that ran.
func RunAll(m *graph.Model, analyzers []*Analyzer, opts Options) ([]Finding, map[*Analyzer]any, error) {
	if err := Validate(analyzers); err != nil {
		return nil, nil, err
	}
	opts = opts.WithDefaults()
	if opts.Now.IsZero() {
		// The analysis never reads the wall clock: a caller that forgot the time
		// would make time-dependent rules (cert-expiry, ignore expiry) depend on
		// the day the program runs, and its tests pass or fail by the calendar.
		return nil, nil, errors.New("analysis: Options.Now is not set (the analysis time: the CLI passes --now or today)")
	}
	endIndex := stages.Track("index")
	x := graph.NewIndex(m)
	endIndex()
	order := runOrder(analyzers)
	pos := make(map[*Analyzer]int, len(order))
	for i, a := range order {
		pos[a] = i
	}
	results := make([]any, len(order))
	found := make([][]Finding, len(order))
	errs := make([]error, len(order))
	run := func(i int) error {
		a := order[i]
		resultOf := map[*Analyzer]any{}
		for _, r := range a.Requires {
			resultOf[r] = results[pos[r]]
		}
		p := &Pass{Analyzer: a, Model: m, Index: x, ResultOf: resultOf, Now: opts.Now, Options: opts,
			report: func(f Finding) {
				if f.Unknowns == nil {
					f.Unknowns = unknownsOf(m, f)
				}
				if c := m.Components[f.Component]; c != nil {
					for _, r := range c.Patches {
						f.Related = append(f.Related, Related{Message: f.Component + " is patched at " + LocationOf(r).String(), Location: LocationOf(r)})
					}
				}
				if len(f.Unknowns) > 0 {
					f.Message += " (this rests on values unknown before apply: see unknowns)"
				}
				found[i] = append(found[i], f)
			}}
		endPass := stages.Track("pass " + a.Name)
		res, err := a.Run(p)
		endPass()
		if err != nil {
			errs[i] = fmt.Errorf("%s: %w", a.Name, err)
			return errs[i]
		}
		results[i] = res
		return nil
	}
	endPasses := stages.Track("passes (all, concurrently)")
	runChains(chains(order, pos), run)
	endPasses()
	var findings []Finding
	all := make(map[*Analyzer]any, len(order))
	for i, a := range order {
		if errs[i] != nil {
			return nil, nil, errs[i]
		}
		findings = append(findings, found[i]...)
		all[a] = results[i]
	}
	// The findings are in the order one pass after another would report
	// them, and the sort is stable: the same output whichever pass ended
	// first.
	SortFindings(findings)
	return findings, all, nil
}

// runOrder returns analyzers and those they require, each once, every one
// after those it requires: the order in which one goroutine runs them.
func runOrder(analyzers []*Analyzer) []*Analyzer {
	var order []*Analyzer
	seen := map[*Analyzer]bool{}
	var visit func(a *Analyzer)
	visit = func(a *Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		order = append(order, a)
	}
	for _, a := range analyzers {
		visit(a)
	}
	return order
}

// chains splits order (positions into it) into the sets of analyzers joined
// through Requires, each in run order, the chains in the order of their first
// analyzer. Passes that share a result run one after another, as the result
// may keep caches (failure.Results does); passes of different chains share
// only the model and the index, which no pass writes, and run concurrently.
func chains(order []*Analyzer, pos map[*Analyzer]int) [][]int {
	root := make([]int, len(order))
	for i := range root {
		root[i] = i
	}
	var find func(i int) int
	find = func(i int) int {
		for root[i] != i {
			root[i] = root[root[i]]
			i = root[i]
		}
		return i
	}
	for i, a := range order {
		for _, r := range a.Requires {
			if a, b := find(i), find(pos[r]); a != b {
				root[max(a, b)] = min(a, b)
			}
		}
	}
	var out [][]int
	at := map[int]int{}
	for i := range order {
		r := find(i)
		k, ok := at[r]
		if !ok {
			k = len(out)
			at[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], i)
	}
	return out
}

// runChains runs the chains on up to GOMAXPROCS goroutines, each chain's
// passes in order (a chain stops at its first error). A panic in a pass is
// raised again on the caller's goroutine once every chain has stopped.
func runChains(cs [][]int, run func(int) error) {
	workers := min(runtime.GOMAXPROCS(0), len(cs))
	if workers <= 1 {
		for _, c := range cs {
			for _, i := range c {
				if run(i) != nil {
					break
				}
			}
		}
		return
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	panics := make([]any, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[w] = recover() }()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(cs) {
					return
				}
				for _, i := range cs[k] {
					if run(i) != nil {
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
}

// SortFindings sorts findings into their stable output order.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.Location.File != b.Location.File:
			return a.Location.File < b.Location.File
		case a.Location.Line != b.Location.Line:
			return a.Location.Line < b.Location.Line
		case a.Location.Column != b.Location.Column:
			return a.Location.Column < b.Location.Column
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		case a.Component != b.Component:
			return a.Component < b.Component
		}
		return a.Event < b.Event
	})
}

// Plural returns "1 word" or "n words".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
