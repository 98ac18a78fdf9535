// Package synth generates realistic synthetic inputs of a chosen size, seeded and
// deterministic, with a known number of planted problems, for benchmarks and
// scale tests. Each generator says what it plants, so that a test can check that
// faultline finds exactly that.
package synth

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
)

// NativeOptions shape a generated native-format architecture.
type NativeOptions struct {
	Components int    // total components (at least 10)
	Files      int    // files to spread them over (at least 1)
	Seed       uint64 // 0: a fixed default
	// SPOFs is the number of planted single-instance components that an
	// entrypoint requires; SharedDomains the number of planted components whose two
	// replicas share one zone. Defaults: 1% and 0.5% of Components, at least 1.
	// The regional shape ignores both.
	SPOFs, SharedDomains int
	// Shape is "layered" (the default: three replicas over zones a, b and c
	// everywhere but the planted problems) or "regional" (see Regional).
	Shape string
}

// Regional is the shape of NativeOptions that nobody tuned faultline to: three
// zones nested in one region (domain blocks with parents), 28% of the
// components single-instance in one zone, a fifth of the others spread over
// the region's three zones (so that the region's failure defeats them), 1% with
// two replicas in one zone, the rest on their own hosts; the same layered
// requires as the default shape. Its findings are many (about a fifth of the
// components): every single-instance component that an entrypoint reaches is a
// spof, every zoned replicated one a shared-domain (of its zone when both
// replicas share one, else of the region). NativeStats counts them exactly.
const Regional = "regional"

// NativeStats says what a generated architecture holds.
type NativeStats struct {
	Components, Edges, Entrypoints int
	SPOFs, SharedDomains           int // planted: exactly these findings are expected
}

// countPlanted counts one component planted as a finding ("spof", "shared").
func (st *NativeStats) countPlanted(planted string) {
	switch planted {
	case "spof":
		st.SPOFs++
	case "shared":
		st.SharedDomains++
	}
}

func (o *NativeOptions) defaults() {
	o.Components = max(o.Components, 10)
	o.Files = max(o.Files, 1)
	if o.Seed == 0 {
		o.Seed = 0x5eed
	}
	if o.Shape == "" {
		o.Shape = "layered"
	}
	if o.SPOFs <= 0 {
		o.SPOFs = max(1, o.Components/100)
	}
	if o.SharedDomains <= 0 {
		o.SharedDomains = max(1, o.Components/200)
	}
}

type nativeComp struct {
	name     string
	kind     string
	entry    bool
	replicas int
	zones    []string // nil: no placement
	requires []int
	planted  string // "spof", "shared", or ""
}

// NativeModel builds the components of a layered architecture: 2% entrypoints
// (load balancers), 48% services, 40% backends (databases, caches, queues) and 10%
// infrastructure. Each component of a layer requires up to three components of
// deeper layers. Every component runs three replicas over zones a, b and c,
// except the planted ones: single-instance components (SPOFs) and components
// with two replicas in zone a (shared domains), taken from the deepest layers and
// each required by at least one component of the layer above it.
func nativeModel(o NativeOptions) ([]nativeComp, NativeStats) {
	if o.Shape == Regional {
		return regionalModel(o)
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0xfa17))
	n := o.Components
	bounds := []int{0, n * 2 / 100, n * 50 / 100, n * 90 / 100, n}
	if bounds[1] == 0 {
		bounds[1] = 1
	}
	kinds := []string{"lb", "service", "database", "network"}
	comps := make([]nativeComp, n)
	layerOf := func(i int) int {
		for l := 0; l < 4; l++ {
			if i < bounds[l+1] {
				return l
			}
		}
		return 3
	}
	for i := range comps {
		l := layerOf(i)
		comps[i] = nativeComp{name: fmt.Sprintf("c%d", i), kind: kinds[l], entry: l == 0, replicas: 3, zones: []string{"a", "b", "c"}}
		if l < 3 {
			seen := map[int]bool{}
			for k := 0; k < 3; k++ {
				lo := bounds[l+1]
				j := lo + rng.IntN(n-lo)
				if !seen[j] {
					seen[j] = true
					comps[i].requires = append(comps[i].requires, j)
				}
			}
		}
	}
	// Plant problems in the deepest layers, each with a dependent in the layer above.
	st := NativeStats{Components: n}
	plant := func(i int, what string) {
		c := &comps[i]
		c.planted = what
		if what == "spof" {
			c.replicas, c.zones = 1, []string{"a"}
		} else {
			c.replicas, c.zones = 2, []string{"a", "a"}
		}
		// A chain from an entrypoint down to it, one component per layer, so that
		// its loss reaches an entrypoint.
		below := i
		for l := layerOf(i) - 1; l >= 0; l-- {
			d := bounds[l] + rng.IntN(bounds[l+1]-bounds[l])
			if !slices.Contains(comps[d].requires, below) {
				comps[d].requires = append(comps[d].requires, below)
			}
			below = d
		}
	}
	next := n - 1
	for k := 0; k < o.SPOFs && next >= bounds[1]; k++ {
		plant(next, "spof")
		next -= 7
	}
	for k := 0; k < o.SharedDomains && next >= bounds[1]; k++ {
		plant(next, "shared")
		next -= 7
	}
	for _, c := range comps {
		st.Edges += len(c.requires)
		if c.entry {
			st.Entrypoints++
		}
		st.countPlanted(c.planted)
	}
	return comps, st
}

// regionZones are the zones of the regional shape, all in region r1.
var regionZones = []string{"r1-a", "r1-b", "r1-c"}

// regionalModel builds the Regional shape (the layers and requires of
// nativeModel, other placements) and counts the findings it must produce.
func regionalModel(o NativeOptions) ([]nativeComp, NativeStats) {
	rng := rand.New(rand.NewPCG(o.Seed, 0x7e61))
	n := o.Components
	bounds := []int{0, max(1, n*2/100), n * 50 / 100, n * 90 / 100, n}
	kinds := []string{"lb", "service", "database", "network"}
	comps := make([]nativeComp, n)
	l := 0
	for i := range comps {
		for i >= bounds[l+1] {
			l++
		}
		c := nativeComp{name: fmt.Sprintf("c%d", i), kind: kinds[l], entry: l == 0}
		switch r := rng.IntN(100); {
		case r < 28:
			c.replicas, c.zones, c.planted = 1, []string{regionZones[rng.IntN(3)]}, "spof"
		case r < 29:
			z := regionZones[rng.IntN(3)]
			c.replicas, c.zones, c.planted = 2, []string{z, z}, "shared"
		case r < 43:
			c.replicas, c.zones, c.planted = 3, regionZones, "shared"
		default:
			c.replicas = 2 + rng.IntN(2)
		}
		if l < 3 {
			lo, k := bounds[l+1], 3
			if c.entry {
				k = 12 // front doors fan out: more of the graph is reachable
			}
			for ; k > 0; k-- {
				if j := lo + rng.IntN(n-lo); !slices.Contains(c.requires, j) {
					c.requires = append(c.requires, j)
				}
			}
		}
		comps[i] = c
	}
	// What an entrypoint reaches by requires; requires point into deeper
	// layers, so one pass in index order settles it.
	reached := make([]bool, n)
	st := NativeStats{Components: n}
	for i := range comps {
		c := &comps[i]
		if c.entry {
			reached[i] = true
			st.Entrypoints++
		}
		st.Edges += len(c.requires)
		if !reached[i] {
			continue
		}
		for _, j := range c.requires {
			reached[j] = true
		}
		st.countPlanted(c.planted)
	}
	return comps, st
}

// writeDomains declares the zones of the regional shape.
func writeDomains(w *bufio.Writer, o NativeOptions) {
	if o.Shape != Regional {
		return
	}
	for _, z := range regionZones {
		fmt.Fprintf(w, "domain \"zone\" %q {\n  parent = \"region.r1\"\n}\n", z)
	}
}

// Native writes a generated architecture as one native-format file.
func Native(w io.Writer, o NativeOptions) (NativeStats, error) {
	o.defaults()
	comps, st := nativeModel(o)
	bw := bufio.NewWriter(w)
	writeDomains(bw, o)
	for i := range comps {
		writeNative(bw, &comps[i], comps)
	}
	return st, bw.Flush()
}

// NativeFiles writes a generated architecture into dir as o.Files files.
func NativeFiles(dir string, o NativeOptions) (NativeStats, error) {
	o.defaults()
	comps, st := nativeModel(o)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	per := (len(comps) + o.Files - 1) / o.Files
	for f := 0; f*per < len(comps); f++ {
		file, err := os.Create(filepath.Join(dir, fmt.Sprintf("part-%04d.hcl", f)))
		if err != nil {
			return st, err
		}
		bw := bufio.NewWriter(file)
		if f == 0 {
			writeDomains(bw, o)
		}
		for i := f * per; i < min(len(comps), (f+1)*per); i++ {
			writeNative(bw, &comps[i], comps)
		}
		if err := bw.Flush(); err != nil {
			file.Close()
			return st, err
		}
		if err := file.Close(); err != nil {
			return st, err
		}
	}
	return st, nil
}

func writeNative(w *bufio.Writer, c *nativeComp, all []nativeComp) {
	fmt.Fprintf(w, "component %q {\n  kind     = %q\n  replicas = %d\n", c.name, c.kind, c.replicas)
	if c.entry {
		w.WriteString("  entrypoint = true\n")
	}
	if c.zones != nil {
		w.WriteString("  placement {\n    zone = [")
		for i, z := range c.zones {
			if i > 0 {
				w.WriteString(", ")
			}
			fmt.Fprintf(w, "%q", z)
		}
		w.WriteString("]\n  }\n")
	}
	if len(c.requires) > 0 {
		w.WriteString("  requires = [")
		for i, r := range c.requires {
			if i > 0 {
				w.WriteString(", ")
			}
			w.WriteString("component." + all[r].name)
		}
		w.WriteString("]\n")
	}
	w.WriteString("}\n")
}
