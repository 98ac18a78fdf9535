package helm

import (
	"strings"

	"github.com/Masterminds/semver/v3"
)

// Values: how Helm combines a chart's values.yaml, its subcharts' and the
// user's values (Helm's documentation, "Values Files" and "Subcharts and
// Global Values"): the user's values win over a chart's defaults key by key,
// maps merging recursively; a user value of null deletes the default; a
// subchart sees the values under its name in its parent's, and the global
// values of every chart above it (the parent's win).

const globalKey = "global"

func isTable(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

// deepCopy copies maps and lists; scalars are shared.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = deepCopy(x)
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, x := range t {
			l[i] = deepCopy(x)
		}
		return l
	}
	return v
}

func copyTable(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return deepCopy(m).(map[string]any)
}

// coalesceValues returns the values of chart c for the user's values vals
// (nil: none): c's defaults and its subcharts' under them. With merge, nulls
// are kept rather than deleting what they cover.
func coalesceValues(c *Chart, vals map[string]any, merge bool) map[string]any {
	dst := copyTable(vals)
	coalesceChart(c, dst, merge)
	return dst
}

func coalesceChart(c *Chart, dst map[string]any, merge bool) {
	defaultsInto(c, dst, merge)
	for _, sub := range c.deps {
		cur, ok := dst[sub.Name()]
		if !ok {
			cur = map[string]any{}
			dst[sub.Name()] = cur
		}
		m, isMap := cur.(map[string]any)
		if !isMap {
			continue // Helm: a type mismatch; the subchart keeps what it has
		}
		globalsInto(m, dst)
		coalesceChart(sub, m, merge)
	}
}

// defaultsInto fills dst with the defaults of c that it does not set.
func defaultsInto(c *Chart, dst map[string]any, merge bool) {
	for key, def := range copyTable(c.values) {
		user, set := dst[key]
		switch {
		case !set:
			dst[key] = def
		case user == nil && !merge:
			delete(dst, key)
		case isTable(user) && isTable(def):
			m := merge
			for _, sub := range c.deps {
				if sub.Name() == key {
					m = true // the subchart's own coalescing handles its nulls
				}
			}
			tablesInto(user.(map[string]any), def.(map[string]any), m)
		}
	}
}

// tablesInto merges src under dst: dst's values win; a null in dst deletes the
// key (unless merge), a null in src stays a null.
func tablesInto(dst, src map[string]any, merge bool) map[string]any {
	if src == nil {
		return dst
	}
	if dst == nil {
		return src
	}
	srcSet := map[string]bool{}
	for k, v := range src {
		if v != nil {
			srcSet[k] = true
		}
	}
	for k, v := range dst {
		if v == nil {
			src[k] = nil
		}
	}
	for k, v := range src {
		dv, ok := dst[k]
		switch {
		case ok && !merge && dv == nil && srcSet[k]:
			delete(dst, k)
		case !ok:
			dst[k] = v
		case isTable(v) && isTable(dv):
			tablesInto(dv.(map[string]any), v.(map[string]any), merge)
		}
	}
	return dst
}

// globalsInto merges the globals of the parent's values into a subchart's:
// the parent's win.
func globalsInto(sub, parent map[string]any) {
	dg := map[string]any{}
	if g, ok := sub[globalKey]; ok {
		m, isMap := g.(map[string]any)
		if !isMap {
			return
		}
		dg = m
	}
	sg := map[string]any{}
	if g, ok := parent[globalKey]; ok {
		m, isMap := g.(map[string]any)
		if !isMap {
			return
		}
		sg = m
	}
	for k, v := range sg {
		if vm, ok := v.(map[string]any); ok {
			cp := make(map[string]any, len(vm))
			for kk, vv := range vm {
				cp[kk] = vv
			}
			if old, ok := dg[k]; !ok {
				dg[k] = cp
			} else if om, ok := old.(map[string]any); ok {
				tablesInto(cp, om, true)
				dg[k] = cp
			}
			continue
		}
		if old, ok := dg[k]; ok && isTable(old) {
			continue
		}
		dg[k] = v
	}
	sub[globalKey] = dg
}

// table returns the table at a dotted path of v.
func table(v map[string]any, p string) (map[string]any, bool) {
	cur := v
	for _, k := range strings.Split(p, ".") {
		m, ok := cur[k].(map[string]any)
		if !ok {
			return nil, false
		}
		cur = m
	}
	return cur, true
}

// pathValue returns the value (not a table) at a dotted path of v.
func pathValue(v map[string]any, p string) (any, bool) {
	keys := strings.Split(p, ".")
	cur := v
	for _, k := range keys[:len(keys)-1] {
		m, ok := cur[k].(map[string]any)
		if !ok {
			return nil, false
		}
		cur = m
	}
	x, ok := cur[keys[len(keys)-1]]
	if !ok || isTable(x) {
		return nil, false
	}
	return x, true
}

// compatible reports whether version satisfies the constraint (Helm matches
// a dependency to a chart in charts/ by name and version range).
func compatible(constraint, version string) bool {
	v, err := semver.NewVersion(version)
	if err != nil {
		return false
	}
	c, err := semver.NewConstraint(constraint)
	if err != nil {
		return false
	}
	return c.Check(v)
}

// enableDependencies applies Chart.yaml's dependencies to the charts found in
// charts/: each declared dependency takes the chart of its name and version
// range (under its alias), and is left out when its tags or condition say so;
// a chart in charts/ that no dependency declares stays. A declared
// dependency with no chart is recorded in missing.
func enableDependencies(c *Chart, vals map[string]any, prefix string) {
	if c.Meta.Dependencies == nil {
		return
	}
	var deps []*Chart
	for _, have := range c.deps {
		declared := false
		for _, req := range c.Meta.Dependencies {
			if req != nil && have.Name() == req.Name && compatible(req.Version, have.Meta.Version) {
				declared = true
			}
		}
		if !declared {
			deps = append(deps, have)
		}
	}
	var reqs []*Dependency
	for _, req := range c.Meta.Dependencies {
		if req == nil {
			continue
		}
		reqs = append(reqs, req)
		present := false
		for _, have := range c.deps {
			present = present || have.Name() == req.Name
		}
		if !present {
			c.missing = append(c.missing, req) // helm template checks by name only
		}
		for _, have := range c.deps {
			if have.Name() != req.Name || !compatible(req.Version, have.Meta.Version) {
				continue
			}
			cp := *have
			md := *have.Meta
			cp.Meta = &md
			if req.Alias != "" {
				md.Name = req.Alias
			}
			deps = append(deps, &cp)
			break
		}
		if req.Alias != "" {
			req.Name = req.Alias
		}
	}
	c.deps = deps
	for _, r := range reqs {
		r.Enabled = true
	}
	cvals := coalesceValues(c, vals, false)
	if tags, ok := cvals["tags"].(map[string]any); ok {
		for _, r := range reqs {
			var yes, no bool
			for _, t := range r.Tags {
				if b, ok := tags[t].(bool); ok {
					yes = yes || b
					no = no || !b
				}
			}
			r.Enabled = yes || !no
		}
	}
	for _, r := range reqs {
		for _, cond := range strings.Split(strings.TrimSpace(r.Condition), ",") {
			if cond == "" {
				continue
			}
			if v, ok := pathValue(cvals, prefix+cond); ok {
				if b, isBool := v.(bool); isBool {
					r.Enabled = b
					break
				}
			}
		}
	}
	off := map[string]bool{}
	for _, r := range reqs {
		if !r.Enabled {
			off[r.Name] = true
		}
	}
	var kept []*Chart
	for _, d := range c.deps {
		if !off[d.Name()] {
			kept = append(kept, d)
		}
	}
	var keptReqs []*Dependency
	for _, r := range reqs {
		if !off[r.Name] {
			keptReqs = append(keptReqs, r)
		}
	}
	var missing []*Dependency
	for _, r := range c.missing {
		if !off[r.Name] {
			missing = append(missing, r)
		}
	}
	c.missing = missing
	for _, d := range kept {
		enableDependencies(d, cvals, prefix+d.Name()+".")
	}
	c.Meta.Dependencies = keptReqs
	c.deps = kept
}

// importValues applies the dependencies' import-values, from the deepest
// chart up: a child's values (a path of them, or its exports) become defaults
// of the parent, under the parent's own.
func importValues(c *Chart) {
	for _, d := range c.deps {
		importValues(d)
	}
	if c.Meta.Dependencies == nil {
		return
	}
	cvals := coalesceValues(c, nil, true)
	imported := map[string]any{}
	for _, r := range c.Meta.Dependencies {
		for _, iv := range r.ImportValues {
			switch e := iv.(type) {
			case map[string]any:
				child, parent := toString(e["child"]), toString(e["parent"])
				t, ok := table(cvals, r.Name+"."+child)
				if !ok {
					continue
				}
				tablesInto(imported, atPath(parent, copyTable(t)), true)
			case string:
				t, ok := table(cvals, r.Name+".exports."+e)
				if !ok {
					continue
				}
				tablesInto(imported, copyTable(t), true)
			}
		}
	}
	c.values = tablesInto(copyTable(cvals), imported, true)
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	if v == nil {
		return "<nil>"
	}
	return formatAny(v)
}

// atPath nests data under a dotted path ("." is the top).
func atPath(p string, data map[string]any) map[string]any {
	if p == "." {
		return data
	}
	keys := strings.Split(p, ".")
	cur := data
	for i := len(keys) - 1; i >= 0; i-- {
		cur = map[string]any{keys[i]: cur}
	}
	return cur
}
