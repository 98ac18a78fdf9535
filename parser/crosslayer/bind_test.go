package crosslayer

import "testing"

func TestTolerates(t *testing.T) {
	taint := Taint{Key: "team", Value: "orders", Effect: "NoSchedule"}
	for _, c := range []struct {
		name string
		tols []Toleration
		want bool
	}{
		{"none", nil, false},
		{"equal", []Toleration{{Key: "team", Op: "Equal", Value: "orders", Effect: "NoSchedule"}}, true},
		{"default operator is Equal", []Toleration{{Key: "team", Value: "orders"}}, true},
		{"other value", []Toleration{{Key: "team", Op: "Equal", Value: "web"}}, false},
		{"exists", []Toleration{{Key: "team", Op: "Exists"}}, true},
		{"empty key exists tolerates all", []Toleration{{Op: "Exists"}}, true},
		{"other effect", []Toleration{{Key: "team", Op: "Exists", Effect: "NoExecute"}}, false},
	} {
		if got := tolerates(c.tols, taint); got != c.want {
			t.Errorf("%s: tolerates = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestEligible(t *testing.T) {
	gpu := &NodeGroup{ID: "gpu", Zones: []string{"a"}, Labels: map[string]string{"workload": "gpu"},
		NodeLabels: map[string]string{"eks.amazonaws.com/nodegroup": "gpu"},
		Taints:     []Taint{{Key: "gpu", Value: "true", Effect: "NoSchedule"}}}
	general := &NodeGroup{ID: "general", Zones: []string{"a", "b"}, NodeLabels: map[string]string{"eks.amazonaws.com/nodegroup": "general"}}
	declared := map[string]bool{"workload": true}
	in := func(k string, v ...string) Requirement { return Requirement{Key: k, Op: "In", Values: v} }
	tol := []Toleration{{Key: "gpu", Op: "Exists"}}
	for _, c := range []struct {
		name string
		w    Workload
		ng   *NodeGroup
		zone string
		want tri
		miss string // a label key left unknown
	}{
		{"no rules, untainted", Workload{}, general, "a", yes, ""},
		{"no rules, tainted", Workload{}, gpu, "a", no, ""},
		{"selector and toleration", Workload{Required: []Requirement{in("workload", "gpu")}, Tolerations: tol}, gpu, "a", yes, ""},
		{"declared key absent elsewhere", Workload{Required: []Requirement{in("workload", "gpu")}}, general, "a", no, ""},
		{"undeclared key is unknown", Workload{Required: []Requirement{in("disk", "ssd")}}, general, "a", unknown, "disk"},
		{"provider label", Workload{Required: []Requirement{in("eks.amazonaws.com/nodegroup", "general")}}, general, "b", yes, ""},
		{"zone narrows", Workload{Required: []Requirement{in("topology.kubernetes.io/zone", "b")}}, general, "a", no, ""},
		{"terms are ORed", Workload{Terms: [][]Requirement{
			{in("topology.kubernetes.io/zone", "c")},
			{in("topology.kubernetes.io/zone", "b")},
		}}, general, "b", yes, ""},
		{"NotIn", Workload{Required: []Requirement{{Key: "workload", Op: "NotIn", Values: []string{"gpu"}}}, Tolerations: tol}, gpu, "a", no, ""},
		{"DoesNotExist", Workload{Required: []Requirement{{Key: "workload", Op: "DoesNotExist"}}}, general, "a", yes, ""},
	} {
		missing := map[string]bool{}
		if got := eligible(&c.w, c.ng, c.zone, declared, missing); got != c.want {
			t.Errorf("%s: eligible = %d, want %d", c.name, got, c.want)
		}
		if c.miss != "" && !missing[c.miss] {
			t.Errorf("%s: %s not reported unknown (%v)", c.name, c.miss, missing)
		}
		if c.miss == "" && len(missing) > 0 {
			t.Errorf("%s: unexpected unknown labels %v", c.name, missing)
		}
	}
}

func TestFargateMatch(t *testing.T) {
	sels := []FargateSelector{{Namespace: "batch"}, {Namespace: "shop", Labels: map[string]string{"tier": "jobs"}}}
	for _, c := range []struct {
		w    Workload
		want bool
	}{
		{Workload{Namespace: "batch"}, true},
		{Workload{Namespace: "shop", PodLabels: map[string]string{"tier": "jobs", "app": "x"}}, true},
		{Workload{Namespace: "shop", PodLabels: map[string]string{"tier": "web"}}, false},
		{Workload{Namespace: "default"}, false},
	} {
		if got := fargateMatch(&c.w, sels); got != c.want {
			t.Errorf("%s %v: fargateMatch = %v, want %v", c.w.Namespace, c.w.PodLabels, got, c.want)
		}
	}
}
