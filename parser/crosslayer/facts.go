// Package crosslayer binds what the parsers of different layers read into one
// world: the Kubernetes workloads of the manifests run on the node groups of a
// cluster that Terraform declares, and call the managed data stores whose
// endpoints their configuration names.
//
// It is a stage of its own, after the parsers: each parser publishes facts
// (the Terraform parser its clusters, node groups, data-store endpoints and the
// Kubernetes objects its kubernetes provider writes; the Kubernetes parser its
// workloads' scheduling rules, the external addresses they name and the
// configuration they read that the manifests do not declare) into the State of
// the graph.Builder, and the State, a late graph.Finisher, binds them once
// every format has resolved its own relations. Every edge and placement it
// makes carries both source locations (graph.Dependency.Bound,
// graph.Component.PlacedOn), so that a finding shows how the layers were tied.
package crosslayer

import (
	"github.com/faultline-dev/faultline/graph"
)

// Cluster is a Kubernetes cluster a Terraform configuration declares: its
// control plane, a component of its own (aws_eks_cluster,
// google_container_cluster, azurerm_kubernetes_cluster).
type Cluster struct {
	ID       string // the control plane's component
	Name     string // the cluster's name, when known
	Provider string // eks, gke, aks
	Range    graph.Range
}

// NodeGroup is a set of nodes of a cluster: a managed node group, a node
// pool, a self-managed auto scaling group, a Fargate profile.
type NodeGroup struct {
	ID      string // its component
	Cluster string // the cluster's component ID; "" when the Terraform does not say
	Name    string // its name, for the labels the provider puts on its nodes
	// Zones are the distinct zones its nodes may be in, sorted; nil when
	// unknown, and then ZonesUnknown says why.
	Zones        []string
	ZonesUnknown string
	ZoneRange    graph.Range // where its zones (or subnets) are declared
	Labels       map[string]string
	Taints       []Taint
	// NodeLabels are the labels the provider puts on every node of the group
	// (eks.amazonaws.com/nodegroup, cloud.google.com/gke-nodepool, …).
	NodeLabels map[string]string
	// Fargate lists a Fargate profile's selectors: only pods they match run
	// on it, and those pods run nowhere else.
	Fargate []FargateSelector
	Range   graph.Range
}

// Taint is a node taint: pods that do not tolerate it are not scheduled on the
// node (NoSchedule, NoExecute) or avoid it (PreferNoSchedule).
type Taint struct {
	Key, Value string
	Effect     string // NoSchedule, NoExecute, PreferNoSchedule
}

// FargateSelector selects the pods of a namespace, with labels, for a Fargate profile.
type FargateSelector struct {
	Namespace string
	Labels    map[string]string
}

// Endpoint is a host name at which a Terraform-declared resource is reached:
// a known value of its endpoint or address attribute (from a plan or a state).
type Endpoint struct {
	Host  string // lower case, without port or scheme
	ID    string // the resource's component
	Attr  string // the attribute that holds it
	Range graph.Range
}

// Object is a Kubernetes object that Terraform's kubernetes provider writes
// (kubernetes_config_map, kubernetes_secret, kubernetes_service with
// external_name): its values that come from another resource's attributes
// bind what reads it to that resource, even when nothing is known of the
// resource's endpoint before apply.
type Object struct {
	Kind      string // ConfigMap, Secret, Service
	Namespace string
	Name      string
	Range     graph.Range
	Values    []ObjectValue
}

// ObjectValue is one entry of an Object whose value references a component:
// a data key (Key) of a ConfigMap or Secret, or a Service's external_name (Key "").
type ObjectValue struct {
	Key    string
	Target string // the component its value comes from
	Attr   string // the attribute referenced (aws_db_instance.main.address)
	Range  graph.Range
}

// Workload is what a Kubernetes workload's pod spec says about where its pods may run.
type Workload struct {
	ID        string // its component
	Namespace string
	File      string
	Range     graph.Range
	PodLabels map[string]string
	// Required holds the nodeSelector's requirements; Terms the required node
	// affinity's terms (ORed; the requirements of a term are ANDed).
	Required    []Requirement
	Terms       [][]Requirement
	Tolerations []Toleration
	// SpreadZone is set when a hard rule spreads the pods over zones; its range.
	SpreadZone    bool
	SpreadZoneRng graph.Range
	// RulesRange is the range of the scheduling rules that narrowed the node
	// groups (nodeSelector, affinity, tolerations); the workload's name when none.
	RulesRange graph.Range
}

// Requirement is a node selector requirement: Key Op Values.
type Requirement struct {
	Key    string
	Op     string // In, NotIn, Exists, DoesNotExist, Gt, Lt
	Values []string
	Range  graph.Range
}

// Toleration is a pod's toleration of node taints.
type Toleration struct {
	Key, Op, Value, Effect string
}

// Address is a host name that a Kubernetes component names and that no
// Service of the manifests resolves: an env value, an argument, a ConfigMap
// entry, an ExternalName Service's externalName.
type Address struct {
	From      string // the component that names it
	Namespace string
	Host      string
	Kind      graph.EdgeKind // of the edge it would make
	Where     string         // "env DB_HOST", "ConfigMap shop/cfg key DB_URL"
	Range     graph.Range
	// ExternalName marks the externalName of a Service (From).
	ExternalName bool
	// Local marks a cluster-local name (db, db.shop.svc): it may name a
	// Service that Terraform's kubernetes provider declares, Service in
	// namespace ServiceNS as cluster DNS reads it.
	Local              bool
	Service, ServiceNS string
}

// ConfigUse is a ConfigMap or Secret that a workload reads and that the
// manifests do not declare.
type ConfigUse struct {
	From      string
	Namespace string
	Kind      string // ConfigMap, Secret
	Name      string
	Key       string         // the key read; "" for all
	Edge      graph.EdgeKind // of the edges it would make
	Range     graph.Range
}

// Binding ties the manifests that Match accepts (by file name) to the cluster
// whose control plane is the component Cluster (a .faultline.hcl cluster block).
type Binding struct {
	Cluster string
	Match   func(file string) bool
	Range   graph.Range
}
