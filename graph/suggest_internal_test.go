package graph

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
)

// naiveSuggest is the definition: the declared ID nearest to id within the
// limit, the first declared among equals.
func naiveSuggest(order []string, id string) string {
	name := id[strings.LastIndex(id, ".")+1:]
	limit := min(3, 1+len(name)/5)
	best, bestD := "", limit+1
	for _, c := range order {
		if d := levenshteinFull(id, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

func levenshteinFull(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
		}
	}
	return d[len(a)][len(b)]
}

func TestLevenshtein(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 3, 0}, {"a", "", 3, 1}, {"kitten", "sitting", 4, 3}, {"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 2}, {"component.db", "component.dbb", 2, 1},
		{"abcdef", "uvwxyz", 3, 3}, {"abcdef", "abcdef", 1, 0}, {"ab", "ba", 5, 2},
	} {
		if got := Levenshtein(c.a, c.b, c.limit); got != c.want {
			t.Errorf("Levenshtein(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
	// Against the full table, for every limit: the distance, or the limit.
	rng := rand.New(rand.NewSource(1))
	word := func() string {
		b := make([]byte, rng.Intn(9))
		for i := range b {
			b[i] = "abc"[rng.Intn(3)]
		}
		return string(b)
	}
	for range 5000 {
		a, b, limit := word(), word(), 1+rng.Intn(6)
		if got, want := Levenshtein(a, b, limit), min(levenshteinFull(a, b), limit); got != want {
			t.Fatalf("Levenshtein(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
		}
	}
}

// TestSuggest: the indexed, memoised hints are the definition's, ties going
// to the component declared first.
func TestSuggest(t *testing.T) {
	order := []string{"component.dbb", "component.web", "component.db", "component.dba", "component.cache", "component.queue-1", "component.queue-2"}
	b := &Builder{order: order}
	for _, id := range []string{"component.db", "component.dbx", "component.d", "component.wbe", "component.nope", "component.queue-3", "component.cach", "x", "component.database"} {
		s := b.suggester()
		if got, want := s.suggest(id), naiveSuggest(order, id); got != want {
			t.Errorf("suggest(%q) = %q, want %q", id, got, want)
		}
		if got, want := s.suggest(id), naiveSuggest(order, id); got != want {
			t.Errorf("suggest(%q), memoised, = %q, want %q", id, got, want)
		}
	}
	rng := rand.New(rand.NewSource(2))
	var many []string
	for range 300 {
		many = append(many, fmt.Sprintf("component.s%d", rng.Intn(2000)))
	}
	s := (&Builder{order: many}).suggester()
	for range 300 {
		id := fmt.Sprintf("component.s%d", rng.Intn(3000))
		if got, want := s.suggest(id), naiveSuggest(many, id); got != want {
			t.Fatalf("suggest(%q) = %q, want %q", id, got, want)
		}
	}
}

// TestSuggestBounded: 20,000 components and 20,000 distinct broken
// references of the same lengths build within a bounded time (comparing each
// reference with each component took minutes).
func TestSuggestBounded(t *testing.T) {
	if race.Enabled {
		t.Skip("a CPU-time guard; the race detector slows it tenfold")
	}
	const n = 20_000
	b := NewBuilder()
	for i := range n {
		b.AddComponent(&Component{ID: fmt.Sprintf("component.service-%05d", i), Kind: "service", Replicas: 2})
	}
	for i := range n {
		b.AddDependency(Dependency{From: fmt.Sprintf("component.service-%05d", i), To: fmt.Sprintf("component.servise-%05d", i), Kind: Requires})
	}
	start := cputime.Used()
	_, diags := b.Build()
	if d := cputime.Since(start); d > 10*time.Second {
		t.Errorf("Build with %d broken references took %s of CPU", n, d)
	}
	if len(diags) != n {
		t.Fatalf("%d diagnostics, want %d", len(diags), n)
	}
	if !strings.Contains(diags[0].Detail, `Did you mean "component.service-00000"?`) {
		t.Errorf("the first reference has no hint: %s", diags[0].Detail)
	}
}
