package dependencycycle

import "slices"

func sortInt32(a []int32) { slices.Sort(a) }

func sortComps(cs [][]int32) {
	slices.SortFunc(cs, func(a, b []int32) int { return int(a[0]) - int(b[0]) })
}
