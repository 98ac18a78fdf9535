package availability

import (
	"math"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/internal/cputime"
	"github.com/faultline-dev/faultline/internal/race"
)

// TestAtLeastLarge compares the fast k-of-n computation used above exactBelow
// instances with the full distribution, and bounds its time: 100,000 replicas
// took 40 s with the full distribution.
func TestAtLeastLarge(t *testing.T) {
	full := func(ps []float64, k int) float64 {
		dist := make([]float64, len(ps)+1)
		dist[0] = 1
		for i, p := range ps {
			for j := i + 1; j >= 1; j-- {
				dist[j] = dist[j]*(1-p) + dist[j-1]*p
			}
			dist[0] *= 1 - p
		}
		s := 0.0
		for j := k; j <= len(ps); j++ {
			s += dist[j]
		}
		return math.Min(1, s)
	}
	const n = 1500
	same, mixed := make([]float64, n), make([]float64, n)
	for i := range same {
		same[i] = 0.999
		mixed[i] = []float64{0.99, 0.999, 0, 1, 0.9995}[i%5]
	}
	for _, ps := range [][]float64{same, mixed} {
		for _, k := range []int{1, 2, 10, 700, 1197, 1198, 1199, 1200, 1490, 1498, 1499, 1500} {
			got, want := atLeastLarge(ps, k), full(ps, k)
			if math.Abs(got-want) > 1e-9 {
				t.Errorf("k=%d: %v, full distribution %v", k, got, want)
			}
		}
	}
	big := make([]float64, 100000)
	for i := range big {
		big[i] = 0.999
	}
	start := cputime.Used()
	for _, k := range []int{1, 50000, 99900, 100000} {
		atLeast(big, k)
	}
	if d := cputime.Since(start); d > 2*time.Second && !race.Enabled {
		t.Errorf("atLeast over 100,000 instances took %v", d)
	}
}
