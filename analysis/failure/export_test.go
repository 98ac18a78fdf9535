package failure

import "github.com/faultline-dev/faultline/graph"

// ForceShared makes ComputeWith use the shared method whenever it may, and
// returns a function that restores the budget.
func ForceShared() func() {
	saved := sharedBudget
	sharedBudget = func(*graph.Index) int64 { return -1 }
	return func() { sharedBudget = saved }
}
