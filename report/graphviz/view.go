// Package graphviz draws faultline's dependency graph for architecture reviews:
// DOT written by this package, and SVG and PNG rendered in-process (no system
// Graphviz) by the WebAssembly build of Graphviz that goccy/go-graphviz ships.
//
// A View is what gets drawn: the components to show (all of them, a --focus
// neighbourhood, groups collapsed, or a summary of the worst failures when the
// graph is too large to read), their marks (SPOFs red, shared-domain victims
// orange, entrypoints with a double border, a blast radius highlighted), the
// dependency edges styled by kind, and clusters by failure domain. NewGraph and
// NewBlast build views; WriteDOT, SVG, PNG and WriteJSON write them.
//
// Only this package imports go-graphviz, whose package init compiles the module
// when the program starts; internal/wasmcache decides where its compilation cache
// lives, and must stay imported wherever go-graphviz is.
package graphviz

import (
	"fmt"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/analysis"
	"github.com/faultline-dev/faultline/graph"
	"github.com/faultline-dev/faultline/report"
)

// DefaultMaxNodes is the size above which a view switches to the summary: the
// components that findings single out, their blast radius sizes and the
// entrypoints they take down. Past about 150 boxes a whole-system picture is no
// longer readable on a wall; the summary, --focus and --collapse are.
const DefaultMaxNodes = 150

// dotLimit is the number of nodes up to which the hierarchical dot layout is
// used; above it sfdp with overlap=scale (dot takes about 11 s at 3000 nodes,
// sfdp about 1.6 s).
const dotLimit = 200

// Options shape a view.
type Options struct {
	// Cluster is the failure-domain type to cluster components by (zone, region,
	// host, …); "auto" picks the type that groups the most components; "" or
	// "none" draws no clusters.
	Cluster string
	// Focus, when set, keeps only this component, its dependencies and its
	// dependents, up to Depth edges away (default 2).
	Focus string
	Depth int
	// Collapse draws each group (Terraform module, Kubernetes namespace:
	// graph.Component.Group) as one node.
	Collapse bool
	// MaxNodes switches to the summary view above this many nodes (0: the
	// default, DefaultMaxNodes; negative: never).
	MaxNodes int
	// Title is drawn above the graph.
	Title string
}

// Node classes: a node's marks, also written as SVG classes for the HTML report.
const (
	ClassSPOF       = "spof"       // a finding of rule spof names it: red
	ClassShared     = "shared"     // shared-domain or common-dependency: orange
	ClassWarning    = "warning"    // another finding names it: yellow
	ClassEntrypoint = "entrypoint" // double border
	ClassGroup      = "group"      // a collapsed group
	ClassEvent      = "event"      // blast: a failure event hits it
	ClassDown       = "down"       // blast: down
	ClassDegraded   = "degraded"   // blast: degraded
	ClassUp         = "up"         // blast: unaffected
)

// Node is a box in the picture.
type Node struct {
	ID      string   `json:"id"`
	Label   string   `json:"label"`
	Kind    string   `json:"kind,omitempty"`
	Tooltip string   `json:"tooltip"`
	Classes []string `json:"classes"`
	Cluster string   `json:"cluster,omitempty"`
	// Location is the component's declaration, file:line:column.
	Location string `json:"location,omitempty"`
	// Members are the components a collapsed group stands for.
	Members []string `json:"members,omitempty"`
	// Layer is the input format the component came from (hcl, terraform,
	// kubernetes), set when the view holds more than one, so that the layers
	// are drawn apart.
	Layer string `json:"layer,omitempty"`
}

func (n *Node) has(class string) bool {
	for _, c := range n.Classes {
		if c == class {
			return true
		}
	}
	return false
}

// Edge is an arrow from a dependent to a dependency (in the summary view, from a
// failing component to an entrypoint it takes down).
type Edge struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Kind is a dependency kind (requires, requires_any, bootstrap, soft,
	// monitors) or "downs" in the summary view.
	Kind string `json:"kind"`
	// Path is true when the edge carries a blast to an entrypoint.
	Path  bool   `json:"path,omitempty"`
	Label string `json:"label,omitempty"`
}

// Cluster is a failure domain drawn as a box around the components placed in it.
type Cluster struct {
	ID    string `json:"id"` // TYPE=NAME
	Label string `json:"label"`
	// Failed is true in a blast view when the domain is one of the events.
	Failed bool `json:"failed,omitempty"`
}

// View is a picture to draw.
type View struct {
	Title string `json:"title,omitempty"`
	// Note explains what the view leaves out (focus, summary).
	Note string `json:"note,omitempty"`
	// Summary is true when the view is the summary of a graph too large to draw.
	Summary  bool       `json:"summary"`
	Nodes    []*Node    `json:"nodes"`
	Edges    []*Edge    `json:"edges"`
	Clusters []*Cluster `json:"clusters"`
	// Layout is the Graphviz layout engine: dot, or sfdp for large views.
	Layout string `json:"layout"`
	// Blast is true for a blast view (its legend differs).
	Blast bool `json:"blast"`
}

// Size returns the number of nodes.
func (v *View) Size() int { return len(v.Nodes) }

// NewGraph builds the view of a model with the findings of a check.
func NewGraph(m *graph.Model, findings []analysis.Finding, opts Options) (*View, error) {
	b, err := newBuilder(m, opts)
	if err != nil {
		return nil, err
	}
	marks := map[string][]string{}
	worst := map[string][]analysis.Finding{}
	for _, f := range findings {
		if m.Components[f.Component] == nil {
			continue
		}
		worst[f.Component] = append(worst[f.Component], f)
		switch f.Rule {
		case "spof":
			marks[f.Component] = append(marks[f.Component], ClassSPOF)
		case "shared-domain", "common-dependency":
			marks[f.Component] = append(marks[f.Component], ClassShared)
		default:
			marks[f.Component] = append(marks[f.Component], ClassWarning)
		}
	}
	for id, ms := range marks {
		marks[id] = []string{strongest(ms)}
	}
	b.marks = marks
	b.findings = worst
	v := b.build(nil)
	if b.tooLarge(v) {
		return b.summary(findings, len(v.Nodes)), nil
	}
	return v, nil
}

// NewBlast builds the view of a blast what-if: what goes down, what degrades,
// and the path to each entrypoint lost.
func NewBlast(m *graph.Model, bl *report.Blast, opts Options) (*View, error) {
	if opts.Cluster == "auto" || opts.Cluster == "" {
		// A domain event is easiest to read with its own domain type drawn.
		for _, e := range bl.Events {
			if d, ok := graph.ParseDomainRef(e); ok && m.Components[e] == nil {
				opts.Cluster = d.Type
				break
			}
		}
	}
	if opts.Title == "" {
		opts.Title = fmt.Sprintf("what if %s fails: %d down (%d entrypoints), %d degraded",
			strings.Join(bl.Events, " and "), len(bl.Down), len(bl.EntrypointsDown), len(bl.Degraded))
	}
	b, err := newBuilder(m, opts)
	if err != nil {
		return nil, err
	}
	marks := map[string][]string{}
	for _, id := range m.IDs {
		marks[id] = []string{ClassUp}
	}
	for _, id := range bl.Degraded {
		marks[id] = []string{ClassDegraded}
	}
	for _, id := range bl.Down {
		marks[id] = []string{ClassDown}
	}
	failedDomains := map[string]bool{}
	for _, e := range bl.Events {
		if m.Components[e] != nil {
			marks[e] = []string{ClassEvent}
		} else {
			failedDomains[e] = true
		}
	}
	b.marks = marks
	// The edges that carry the blast to each lost entrypoint.
	onPath := map[[2]string]bool{}
	for _, e := range bl.EntrypointsDown {
		p := bl.Paths[e]
		for i := 0; i+1 < len(p); i++ {
			if m.Components[p[i+1]] != nil {
				onPath[[2]string{p[i], p[i+1]}] = true
			}
		}
	}
	b.onPath = onPath
	b.failed = failedDomains
	v := b.build(nil)
	v.Blast = true
	if b.tooLarge(v) {
		// Keep what the blast touches and the entrypoints.
		keep := map[string]bool{}
		for _, id := range append(append(append([]string{}, bl.Down...), bl.Degraded...), bl.Events...) {
			keep[id] = true
		}
		for _, id := range m.Entrypoints {
			keep[id] = true
		}
		n := len(v.Nodes)
		v = b.build(keep)
		v.Blast = true
		v.Note = joinNote(v.Note, fmt.Sprintf("%d of %d components shown: those the blast touches and the entrypoints", len(v.Nodes), n))
	}
	return v, nil
}

// strongest returns the most severe mark.
func strongest(ms []string) string {
	best := ms[0]
	rank := map[string]int{ClassSPOF: 3, ClassShared: 2, ClassWarning: 1}
	for _, m := range ms {
		if rank[m] > rank[best] {
			best = m
		}
	}
	return best
}

type builder struct {
	m        *graph.Model
	opts     Options
	marks    map[string][]string
	findings map[string][]analysis.Finding
	onPath   map[[2]string]bool
	failed   map[string]bool
	cluster  string // the domain type actually used
	keep     map[string]bool
	note     string
}

func newBuilder(m *graph.Model, opts Options) (*builder, error) {
	b := &builder{m: m, opts: opts}
	switch opts.Cluster {
	case "", "none":
	case "auto":
		b.cluster = autoCluster(m)
	default:
		found := false
		types := map[string]bool{}
		for d := range m.Domains {
			types[d.Type] = true
			found = found || d.Type == opts.Cluster
		}
		if !found {
			return nil, fmt.Errorf("--cluster %s: the model has no %q domains%s", opts.Cluster, opts.Cluster, typeList(types))
		}
		b.cluster = opts.Cluster
	}
	if opts.Focus != "" {
		if m.Components[opts.Focus] == nil {
			return nil, fmt.Errorf("--focus %s: unknown component", opts.Focus)
		}
		depth := opts.Depth
		if depth <= 0 {
			depth = 2
		}
		b.keep = neighbourhood(m, opts.Focus, depth)
		b.note = fmt.Sprintf("focus: %s, %d edges either way (%d of %d components)", opts.Focus, depth, len(b.keep), len(m.IDs))
	}
	return b, nil
}

func typeList(types map[string]bool) string {
	if len(types) == 0 {
		return "; it places no instance in any domain"
	}
	var ts []string
	for t := range types {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return "; its domain types are: " + strings.Join(ts, ", ")
}

// autoCluster picks the domain type under which the most components sit wholly
// in one domain, among types with at least two such domains.
func autoCluster(m *graph.Model) string {
	types := map[string]bool{}
	for d := range m.Domains {
		types[d.Type] = true
	}
	var sorted []string
	for t := range types {
		sorted = append(sorted, t)
	}
	sort.Strings(sorted)
	best, bestN := "", 0
	for _, t := range sorted {
		count := map[string]int{}
		n := 0
		for _, id := range m.IDs {
			if d := domainOf(m, m.Components[id], t); d != "" {
				count[d]++
				n++
			}
		}
		if len(count) >= 2 && n > bestN {
			best, bestN = t, n
		}
	}
	return best
}

// domainOf returns the domain of type typ that holds every instance of c
// (directly or through a nested domain), or "".
func domainOf(m *graph.Model, c *graph.Component, typ string) string {
	dom := ""
	for i := 0; i < c.Instances(); i++ {
		found := ""
		ptypes := make([]string, 0, len(c.Placement))
		for t := range c.Placement {
			ptypes = append(ptypes, t)
		}
		sort.Strings(ptypes)
		for _, t := range ptypes {
			names := c.Placement[t]
			if i >= len(names) || names[i] == "" {
				continue
			}
			ref := graph.DomainRef{Type: t, Name: names[i]}
			if t == typ {
				found = names[i]
				break
			}
			for _, a := range m.DomainAncestors(ref) {
				if a.Type == typ {
					found = a.Name
					break
				}
			}
			if found != "" {
				break
			}
		}
		if found == "" || (dom != "" && found != dom) {
			return ""
		}
		dom = found
	}
	return dom
}

// neighbourhood returns focus, its dependencies to depth and its dependents to depth.
func neighbourhood(m *graph.Model, focus string, depth int) map[string]bool {
	out := map[string][]string{}
	in := map[string][]string{}
	for _, d := range m.Dependencies {
		out[d.From] = append(out[d.From], d.To)
		in[d.To] = append(in[d.To], d.From)
	}
	keep := map[string]bool{focus: true}
	for _, adj := range []map[string][]string{out, in} {
		frontier := []string{focus}
		seen := map[string]bool{focus: true}
		for step := 0; step < depth && len(frontier) > 0; step++ {
			var next []string
			for _, v := range frontier {
				for _, w := range adj[v] {
					if !seen[w] {
						seen[w] = true
						keep[w] = true
						next = append(next, w)
					}
				}
			}
			frontier = next
		}
	}
	return keep
}

func (b *builder) tooLarge(v *View) bool {
	max := b.opts.MaxNodes
	if max == 0 {
		max = DefaultMaxNodes
	}
	return max > 0 && len(v.Nodes) > max
}

// build draws the components in b.keep (all when nil) and in extra (nil: all).
func (b *builder) build(extra map[string]bool) *View {
	m := b.m
	v := &View{Title: b.opts.Title, Note: b.note}
	show := func(id string) bool {
		return (b.keep == nil || b.keep[id]) && (extra == nil || extra[id])
	}
	nodeOf := map[string]string{} // component -> node ID
	nodes := map[string]*Node{}
	clusters := map[string]*Cluster{}
	for _, id := range m.IDs {
		if !show(id) {
			continue
		}
		c := m.Components[id]
		nid := id
		if b.opts.Collapse && c.Group != "" {
			nid = "group:" + c.Group
			if n := nodes[nid]; n != nil {
				n.Members = append(n.Members, id)
				n.Classes = mergeClasses(n.Classes, b.classes(c))
				nodeOf[id] = nid
				continue
			}
			nodes[nid] = &Node{ID: nid, Kind: "group", Members: []string{id}, Classes: mergeClasses([]string{ClassGroup}, b.classes(c))}
			nodeOf[id] = nid
			continue
		}
		n := &Node{ID: id, Kind: c.Kind, Label: label(c), Classes: b.classes(c), Location: location(c.Range)}
		n.Tooltip = b.tooltip(c)
		if b.cluster != "" {
			if d := domainOf(m, c, b.cluster); d != "" {
				ref := graph.DomainRef{Type: b.cluster, Name: d}
				n.Cluster = ref.String()
				if clusters[n.Cluster] == nil {
					clusters[n.Cluster] = &Cluster{ID: n.Cluster, Label: b.cluster + " " + d, Failed: b.failed[n.Cluster]}
				}
			}
		}
		// A whole failed domain that holds this component's instances in a
		// parent domain is marked through its cluster; mark nested ones too.
		nodes[nid] = n
		nodeOf[id] = nid
	}
	layers := map[string]bool{}
	for id := range nodeOf {
		layers[m.Components[id].Source] = true
	}
	if len(layers) > 1 {
		for id, nid := range nodeOf {
			if n := nodes[nid]; n.Kind != "group" {
				n.Layer = m.Components[id].Source
			}
		}
	}
	for _, n := range nodes {
		if n.Kind == "group" {
			name := strings.TrimPrefix(n.ID, "group:")
			n.Label = fmt.Sprintf("%s\n%d components", short(name, 28), len(n.Members))
			n.Tooltip = fmt.Sprintf("group %s: %s", name, strings.Join(n.Members, ", "))
		}
		v.Nodes = append(v.Nodes, n)
	}
	sort.Slice(v.Nodes, func(i, j int) bool { return v.Nodes[i].ID < v.Nodes[j].ID })
	for _, c := range clusters {
		v.Clusters = append(v.Clusters, c)
	}
	sort.Slice(v.Clusters, func(i, j int) bool { return v.Clusters[i].ID < v.Clusters[j].ID })

	// Edges: one per (from, to, kind), the strongest kind first.
	type key struct{ from, to, kind string }
	seen := map[key]*Edge{}
	for _, d := range m.Dependencies {
		f, okf := nodeOf[d.From]
		t, okt := nodeOf[d.To]
		if !okf || !okt || f == t {
			continue
		}
		k := key{f, t, d.Kind.String()}
		e := seen[k]
		if e == nil {
			e = &Edge{From: f, To: t, Kind: d.Kind.String()}
			seen[k] = e
			v.Edges = append(v.Edges, e)
		}
		if b.onPath[[2]string{d.From, d.To}] && (d.Kind == graph.Requires || d.Kind == graph.RequiresAny) {
			e.Path = true
		}
	}
	sort.Slice(v.Edges, func(i, j int) bool {
		a, c := v.Edges[i], v.Edges[j]
		if a.From != c.From {
			return a.From < c.From
		}
		if a.To != c.To {
			return a.To < c.To
		}
		return a.Kind < c.Kind
	})
	v.Layout = LayoutDot
	if len(v.Nodes) > dotLimit {
		v.Layout = LayoutSFDP
	}
	if v.Edges == nil {
		v.Edges = []*Edge{}
	}
	if v.Clusters == nil {
		v.Clusters = []*Cluster{}
	}
	if v.Nodes == nil {
		v.Nodes = []*Node{}
	}
	return v
}

func (b *builder) classes(c *graph.Component) []string {
	var cl []string
	cl = append(cl, b.marks[c.ID]...)
	if b.isEntry(c.ID) {
		cl = append(cl, ClassEntrypoint)
	}
	sort.Strings(cl)
	return cl
}

func (b *builder) isEntry(id string) bool {
	i := sort.SearchStrings(b.m.Entrypoints, id)
	return i < len(b.m.Entrypoints) && b.m.Entrypoints[i] == id
}

func mergeClasses(a, b []string) []string {
	set := map[string]bool{}
	for _, c := range append(append([]string{}, a...), b...) {
		set[c] = true
	}
	// A group shows its worst member.
	for _, weaker := range [][2]string{{ClassSPOF, ClassShared}, {ClassSPOF, ClassWarning}, {ClassShared, ClassWarning},
		{ClassEvent, ClassDown}, {ClassEvent, ClassDegraded}, {ClassEvent, ClassUp},
		{ClassDown, ClassDegraded}, {ClassDown, ClassUp}, {ClassDegraded, ClassUp}} {
		if set[weaker[0]] {
			delete(set, weaker[1])
		}
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func (b *builder) tooltip(c *graph.Component) string {
	var s strings.Builder
	fmt.Fprintf(&s, "%s\n%s", c.ID, location(c.Range))
	kind := c.Kind
	if kind == "" {
		kind = "component"
	}
	fmt.Fprintf(&s, "\n%s, %s", kind, analysis.Plural(c.Instances(), "instance"))
	if c.NeedUp() > 1 {
		fmt.Fprintf(&s, ", quorum %d", c.NeedUp())
	}
	for _, f := range b.findings[c.ID] {
		fmt.Fprintf(&s, "\n%s %s: %s", f.ID, f.Rule, f.Event)
	}
	return s.String()
}

func location(r graph.Range) string {
	if r.Filename == "" {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// label is a component's short label: its name, and its kind and instances.
func label(c *graph.Component) string {
	name := shortName(c.ID)
	sub := c.Kind
	if c.Instances() > 1 {
		if sub != "" {
			sub += " "
		}
		sub += fmt.Sprintf("×%d", c.Instances())
		if c.NeedUp() > 1 {
			sub += fmt.Sprintf(", quorum %d", c.NeedUp())
		}
	}
	if sub == "" {
		return name
	}
	return name + "\n" + short(sub, 36)
}

// shortName drops the prefixes that every ID of a format shares: component. of
// the native format, the path of a Kubernetes object, module paths of Terraform.
func shortName(id string) string {
	s := strings.TrimPrefix(id, "component.")
	if i := strings.LastIndex(s, "/"); i >= 0 && i < len(s)-1 {
		s = s[i+1:]
	}
	if parts := strings.Split(s, "."); len(parts) > 2 {
		s = strings.Join(parts[len(parts)-2:], ".")
	}
	return short(s, 28)
}

// short elides s to at most n runes.
func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// summary draws the components that findings single out, each with the size of
// its blast radius, and the entrypoints they take down.
func (b *builder) summary(findings []analysis.Finding, total int) *View {
	m := b.m
	max := b.opts.MaxNodes
	if max <= 0 {
		max = DefaultMaxNodes
	}
	type item struct {
		id    string
		size  int
		class string
		entry []string
	}
	items := map[string]*item{}
	for _, f := range findings {
		c := m.Components[f.Component]
		if c == nil || len(f.Entrypoints) == 0 || (b.keep != nil && !b.keep[f.Component]) {
			continue
		}
		it := items[f.Component]
		if it == nil {
			it = &item{id: f.Component}
			items[f.Component] = it
		}
		if f.BlastRadiusSize > it.size {
			it.size = f.BlastRadiusSize
		}
		it.class = strongest(append([]string{it.class}, b.marks[f.Component]...))
		it.entry = append(it.entry, f.Entrypoints...)
	}
	list := make([]*item, 0, len(items))
	for _, it := range items {
		list = append(list, it)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].size != list[j].size {
			return list[i].size > list[j].size
		}
		return list[i].id < list[j].id
	})
	v := &View{Title: b.opts.Title, Summary: true, Layout: LayoutDot, Edges: []*Edge{}, Clusters: []*Cluster{}, Nodes: []*Node{}}
	shownItems := 0
	entries := map[string]bool{}
	for _, it := range list {
		if len(v.Nodes)+len(entries) >= max {
			break
		}
		shownItems++
		c := m.Components[it.id]
		n := &Node{ID: it.id, Kind: c.Kind, Classes: b.classes(c), Location: location(c.Range)}
		n.Label = fmt.Sprintf("%s\nblast radius %d", shortName(it.id), it.size)
		n.Tooltip = b.tooltip(c)
		v.Nodes = append(v.Nodes, n)
		sort.Strings(it.entry)
		prev := ""
		for _, e := range it.entry {
			if e == prev {
				continue
			}
			prev = e
			entries[e] = true
			v.Edges = append(v.Edges, &Edge{From: it.id, To: e, Kind: "downs"})
		}
	}
	for e := range entries {
		if items[e] != nil && containsNode(v.Nodes, e) {
			continue
		}
		c := m.Components[e]
		v.Nodes = append(v.Nodes, &Node{ID: e, Kind: c.Kind, Label: label(c), Classes: b.classes(c), Tooltip: b.tooltip(c), Location: location(c.Range)})
	}
	sort.Slice(v.Nodes, func(i, j int) bool { return v.Nodes[i].ID < v.Nodes[j].ID })
	sort.Slice(v.Edges, func(i, j int) bool {
		if v.Edges[i].From != v.Edges[j].From {
			return v.Edges[i].From < v.Edges[j].From
		}
		return v.Edges[i].To < v.Edges[j].To
	})
	note := fmt.Sprintf("summary of %d components (more than %d to draw): the %d components whose failure takes down an entrypoint, and what they take down; use --focus ID, --collapse or --max-nodes N for more", total, max, shownItems)
	if shownItems < len(list) {
		note += fmt.Sprintf(" (%d more not shown)", len(list)-shownItems)
	}
	v.Note = joinNote(b.note, note)
	if len(v.Nodes) > dotLimit {
		v.Layout = LayoutSFDP
	}
	return v
}

func containsNode(ns []*Node, id string) bool {
	for _, n := range ns {
		if n.ID == id {
			return true
		}
	}
	return false
}
