package failure

import (
	"math"

	"github.com/faultline-dev/faultline/graph"
)

// ForceShared makes ComputeWith use the shared method whenever it may, and
// returns a function that restores the budget.
func ForceShared() func() { return setBudget(-1) }

// ForceEngine makes ComputeWith run one propagation per event whatever it
// costs, and returns a function that restores the budget.
func ForceEngine() func() { return setBudget(math.MaxInt64) }

func setBudget(b int64) func() {
	saved := sharedBudget
	sharedBudget = func(*graph.Index) int64 { return b }
	return func() { sharedBudget = saved }
}

// SharedBudget is the work past which ComputeWith uses the shared method.
func SharedBudget(x *graph.Index) int64 { return sharedBudget(x) }
