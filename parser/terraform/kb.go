package terraform

import "sort"

// Scope is where a resource type's failures are contained.
type Scope uint8

// The failure scopes.
const (
	// Zonal resources run in one zone per instance: an instance fails on its own
	// and with its zone.
	Zonal Scope = iota
	// Regional resources are managed services redundant across the zones of their
	// region: no single instance or zone failure takes them down.
	Regional
	// Global resources are redundant across regions.
	Global
	// ConfigOnly resources are configuration (IAM, security group rules, route
	// table associations, …): they are neither failure events nor entrypoints, and
	// are not components; their references may still become edges (Plumbing).
	ConfigOnly
)

var scopeNames = [...]string{"zonal", "regional", "global", "config-only"}

func (s Scope) String() string { return scopeNames[s] }

// ResourceType is what faultline knows about a provider resource type: how it
// fails, where its instances are, what makes it redundant, and how its
// references become runtime dependencies. The knowledge base is data; the
// builder reads it and docs/terraform-resources.md is generated from it.
type ResourceType struct {
	Type  string
	Kind  string // service, database, cache, queue, lb, dns, network, storage, cdn, …
	Scope Scope
	// Entry marks user-facing resources: load balancers, API gateways, DNS
	// records, CDNs. They are entrypoints.
	Entry bool
	// Workload marks compute: it is an entrypoint when nothing depends on it.
	Workload bool
	// Host marks subnets: where workloads run. In a root module that declares no
	// Entry and no Workload resource (a network-only stack), they stand for the
	// workloads to come and are the entrypoints.
	Host bool
	// Zone lists attributes holding the instance's zone (a string) or zones (a list).
	Zone []string
	// Subnet lists attributes referencing the subnets the instance runs in; the
	// zones of those subnets place it when Zone gives none.
	Subnet []string
	// Redundancy rules give the replicas of one instance; the first that applies wins.
	// Without one, an instance has one replica.
	Redundancy []Redundancy
	// RoundRobin spreads the replicas over the listed zones or subnets cyclically
	// (an auto scaling group); otherwise replica i is in zone i, and replicas beyond
	// the listed zones are in other, unknown zones (a multi-AZ standby).
	RoundRobin bool
	// Plumbing turns a config-only resource's references into edges: what its
	// From attributes reference requires what its To attributes reference.
	Plumbing *Plumbing
	// Reverse lists attributes whose referenced resources depend on this one
	// (an auto scaling group's target_group_arns: the target group needs the group).
	Reverse []string
	// Carries marks a resource read as configuration by what references it (a
	// task definition, a launch template, an SSM parameter, a secret): whatever
	// references it also requires what it references (the database address in a
	// container's environment).
	Carries bool
	// CarriesInto lists attributes naming the resource this one is a part of (a
	// secret version's secret_id): what references that resource also requires
	// what this one references.
	CarriesInto []string
	// Opaque marks a resource whose contents faultline does not read (a Helm
	// release): a component with edges, but no redundancy claimed either way.
	Opaque bool
	// DomainBound marks a resource that does not fail on its own but with its
	// zone (a subnet): no single-instance event is claimed for it.
	DomainBound bool
	// Note explains the entry in the generated documentation.
	Note string
}

// Stateful reports whether the type holds data (a database, a cache, a queue, a
// file system): when nothing in the configuration depends on one, something
// outside it does, and it is an entrypoint in its own right.
func (t *ResourceType) Stateful() bool {
	switch t.Kind {
	case "database", "cache", "queue", "filesystem":
		return t.Scope != ConfigOnly
	}
	return false
}

// Redundancy is a rule that makes an instance redundant.
type Redundancy struct {
	// When is an attribute path (a.b for a nested block's attribute); the rule
	// applies when its value is Is ("true", "REGIONAL"), or, when Is is empty,
	// whenever it is set. An empty When always applies.
	When string
	Is   string
	// Replicas is the number of replicas when the rule applies; when 0, From is
	// read: a number, or the length of a list.
	Replicas int
	From     string
	// Min is the least number of replicas From may give (an ElastiCache group
	// with automatic failover has at least 2 nodes).
	Min int
}

// Plumbing says how a config-only resource connects others.
type Plumbing struct {
	From, To []string
}

// KnowledgeBase returns every resource type faultline knows, sorted by type.
func KnowledgeBase() []ResourceType {
	out := append([]ResourceType(nil), kb...)
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out
}

var kbByType = func() map[string]*ResourceType {
	m := map[string]*ResourceType{}
	for i := range kb {
		m[kb[i].Type] = &kb[i]
	}
	return m
}()

// Lookup returns the knowledge about a resource type, or nil.
func Lookup(typ string) *ResourceType { return kbByType[typ] }

func cfg(types ...string) []ResourceType {
	out := make([]ResourceType, len(types))
	for i, t := range types {
		out[i] = ResourceType{Type: t, Kind: "config", Scope: ConfigOnly}
	}
	return out
}

var kb = concat(awsKB, gcpKB, azureKB, kubernetesKB, configKB)

func concat(parts ...[]ResourceType) []ResourceType {
	var out []ResourceType
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var awsKB = []ResourceType{
	// Network plumbing: subnet -> route table -> NAT gateway.
	{Type: "aws_vpc", Kind: "network", Scope: Regional},
	{Type: "aws_subnet", Kind: "network", Scope: Zonal, Host: true, DomainBound: true, Zone: []string{"availability_zone"},
		Note: "A subnet lives in one zone and fails with it, never alone; what runs in it is placed there. Its egress depends on its route table (aws_route_table_association)."},
	{Type: "aws_internet_gateway", Kind: "network", Scope: Regional},
	{Type: "aws_egress_only_internet_gateway", Kind: "network", Scope: Regional},
	{Type: "aws_nat_gateway", Kind: "network", Scope: Zonal, Subnet: []string{"subnet_id"},
		Redundancy: []Redundancy{{When: "availability_mode", Is: "regional", Replicas: 2}},
		Note:       "Zonal: one NAT gateway serves every subnet routed to it. Redundant only as one per zone (one_nat_gateway_per_az), or with availability_mode = \"regional\"."},
	{Type: "aws_route_table", Kind: "network", Scope: Regional,
		Note: "A route table does not fail, but what routes through it does: it requires the targets of its routes."},
	{Type: "aws_route_table_association", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"subnet_id", "gateway_id"}, To: []string{"route_table_id"}},
		Note: "The subnet (and what runs in it) requires the route table."},
	{Type: "aws_route", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"route_table_id"},
		To: []string{"nat_gateway_id", "gateway_id", "transit_gateway_id", "vpc_peering_connection_id", "network_interface_id", "egress_only_gateway_id", "vpc_endpoint_id", "instance_id"}},
		Note: "The route table requires the route's target (a NAT gateway, a gateway, a peering, an instance)."},
	{Type: "aws_main_route_table_association", Scope: ConfigOnly},
	{Type: "aws_vpc_endpoint", Kind: "network", Scope: Regional},
	{Type: "aws_vpn_gateway", Kind: "network", Scope: Regional},
	{Type: "aws_vpn_connection", Kind: "network", Scope: Regional, Note: "Two tunnels by construction."},
	{Type: "aws_customer_gateway", Kind: "network", Scope: Regional},
	{Type: "aws_ec2_transit_gateway", Kind: "network", Scope: Regional},
	{Type: "aws_ec2_transit_gateway_vpc_attachment", Kind: "network", Scope: Regional, Subnet: []string{"subnet_ids"}},
	{Type: "aws_vpc_peering_connection", Kind: "network", Scope: Regional},
	{Type: "aws_networkfirewall_firewall", Kind: "network", Scope: Zonal, Subnet: []string{"subnet_mapping.subnet_id"},
		Redundancy: []Redundancy{{From: "subnet_mapping"}}},
	// Load balancing and entrypoints.
	{Type: "aws_lb", Kind: "lb", Scope: Zonal, Entry: true, Subnet: []string{"subnets", "subnet_mapping.subnet_id"},
		Redundancy: []Redundancy{{When: "subnets", From: "subnets"}, {When: "subnet_mapping", From: "subnet_mapping"}},
		Note:       "One node per subnet: redundant when its subnets span zones."},
	{Type: "aws_alb", Kind: "lb", Scope: Zonal, Entry: true, Subnet: []string{"subnets", "subnet_mapping.subnet_id"},
		Redundancy: []Redundancy{{When: "subnets", From: "subnets"}, {When: "subnet_mapping", From: "subnet_mapping"}}},
	{Type: "aws_elb", Kind: "lb", Scope: Zonal, Entry: true, Zone: []string{"availability_zones"}, Subnet: []string{"subnets"},
		Redundancy: []Redundancy{{When: "subnets", From: "subnets"}, {When: "availability_zones", From: "availability_zones"}}},
	{Type: "aws_lb_target_group", Kind: "lb", Scope: Regional, Note: "Requires the targets attached to it."},
	{Type: "aws_lb_listener", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"load_balancer_arn"}, To: []string{"default_action.target_group_arn", "default_action.forward.target_group.arn"}},
		Note: "The load balancer requires the target groups its listener forwards to."},
	{Type: "aws_lb_listener_rule", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"listener_arn"}, To: []string{"action.target_group_arn", "action.forward.target_group.arn"}}},
	{Type: "aws_lb_target_group_attachment", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"target_group_arn"}, To: []string{"target_id"}},
		Note: "The target group requires the target it serves."},
	{Type: "aws_autoscaling_attachment", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"lb_target_group_arn", "elb"}, To: []string{"autoscaling_group_name"}}},
	{Type: "aws_api_gateway_rest_api", Kind: "lb", Scope: Regional, Entry: true},
	{Type: "aws_apigatewayv2_api", Kind: "lb", Scope: Regional, Entry: true},
	{Type: "aws_api_gateway_integration", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"rest_api_id"}, To: []string{"uri", "connection_id"}}},
	{Type: "aws_apigatewayv2_integration", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"api_id"}, To: []string{"integration_uri"}}},
	{Type: "aws_cloudfront_distribution", Kind: "cdn", Scope: Global, Entry: true},
	{Type: "aws_route53_record", Kind: "dns", Scope: Global, Entry: true},
	{Type: "aws_route53_zone", Kind: "dns", Scope: Global},
	{Type: "aws_globalaccelerator_accelerator", Kind: "lb", Scope: Global, Entry: true},
	// Compute.
	{Type: "aws_instance", Kind: "service", Scope: Zonal, Workload: true, Zone: []string{"availability_zone"}, Subnet: []string{"subnet_id"}},
	{Type: "aws_autoscaling_group", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true,
		Zone: []string{"availability_zones"}, Subnet: []string{"vpc_zone_identifier"},
		Redundancy: []Redundancy{{When: "min_size", From: "min_size", Min: 1}},
		Reverse:    []string{"target_group_arns", "load_balancers"},
		Note:       "min_size instances spread over the zones of vpc_zone_identifier: redundant with min_size >= 2 across two zones or more."},
	{Type: "aws_ecs_service", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true, Subnet: []string{"network_configuration.subnets"},
		Redundancy: []Redundancy{{When: "desired_count", From: "desired_count", Min: 1}},
		Reverse:    []string{"load_balancer.target_group_arn"}},
	{Type: "aws_ecs_cluster", Kind: "service", Scope: Regional},
	{Type: "aws_eks_cluster", Kind: "service", Scope: Regional, Note: "The control plane is managed across zones."},
	{Type: "aws_eks_node_group", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true, Subnet: []string{"subnet_ids"},
		Redundancy: []Redundancy{{When: "scaling_config.min_size", From: "scaling_config.min_size", Min: 1}}},
	{Type: "aws_lambda_function", Kind: "service", Scope: Regional, Workload: true},
	{Type: "aws_lambda_event_source_mapping", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"function_name"}, To: []string{"event_source_arn"}}},
	{Type: "aws_ebs_volume", Kind: "storage", Scope: Zonal, Zone: []string{"availability_zone"}},
	{Type: "aws_volume_attachment", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"instance_id"}, To: []string{"volume_id"}}},
	{Type: "aws_efs_file_system", Kind: "filesystem", Scope: Regional,
		Note: "Regional, unless availability_zone_name makes it One Zone (then it is zonal: not modelled yet)."},
	// Data.
	{Type: "aws_db_instance", Kind: "database", Scope: Zonal, Zone: []string{"availability_zone"},
		Redundancy: []Redundancy{{When: "multi_az", Is: "true", Replicas: 2}},
		Note:       "Single-AZ unless multi_az = true (a standby in another zone)."},
	{Type: "aws_rds_cluster", Kind: "database", Scope: Regional, Note: "Aurora storage is regional; the cluster requires its instances (aws_rds_cluster_instance)."},
	{Type: "aws_rds_cluster_instance", Kind: "database", Scope: Zonal, Zone: []string{"availability_zone"},
		Reverse: []string{"cluster_identifier"}},
	{Type: "aws_docdb_cluster", Kind: "database", Scope: Regional},
	{Type: "aws_docdb_cluster_instance", Kind: "database", Scope: Zonal, Zone: []string{"availability_zone"}, Reverse: []string{"cluster_identifier"}},
	{Type: "aws_dynamodb_table", Kind: "database", Scope: Regional},
	{Type: "aws_elasticache_replication_group", Kind: "cache", Scope: Zonal, Zone: []string{"preferred_cache_cluster_azs"},
		Redundancy: []Redundancy{
			{When: "automatic_failover_enabled", Is: "true", From: "num_cache_clusters", Min: 2},
			{When: "automatic_failover_enabled", Is: "true", Replicas: 2},
		},
		Note: "Without automatic_failover_enabled, losing the primary takes the group down whatever num_cache_clusters says."},
	{Type: "aws_elasticache_cluster", Kind: "cache", Scope: Zonal, Zone: []string{"availability_zone", "preferred_availability_zones"},
		Redundancy: []Redundancy{{When: "az_mode", Is: "cross-az", From: "num_cache_nodes"}},
		Note:       "A Redis cluster is one node; Memcached spreads num_cache_nodes only with az_mode = \"cross-az\"."},
	{Type: "aws_opensearch_domain", Kind: "database", Scope: Zonal,
		Redundancy: []Redundancy{{When: "cluster_config.zone_awareness_enabled", Is: "true", From: "cluster_config.instance_count", Min: 2}},
		Note:       "Redundant across zones only with cluster_config.zone_awareness_enabled."},
	{Type: "aws_elasticsearch_domain", Kind: "database", Scope: Zonal,
		Redundancy: []Redundancy{{When: "cluster_config.zone_awareness_enabled", Is: "true", From: "cluster_config.instance_count", Min: 2}}},
	{Type: "aws_mq_broker", Kind: "queue", Scope: Zonal, Subnet: []string{"subnet_ids"},
		Redundancy: []Redundancy{{When: "deployment_mode", Is: "ACTIVE_STANDBY_MULTI_AZ", Replicas: 2}, {When: "deployment_mode", Is: "CLUSTER_MULTI_AZ", Replicas: 3}},
		Note:       "SINGLE_INSTANCE (the default) is one broker."},
	{Type: "aws_msk_cluster", Kind: "queue", Scope: Zonal, RoundRobin: true, Subnet: []string{"broker_node_group_info.client_subnets"},
		Redundancy: []Redundancy{{From: "number_of_broker_nodes"}}},
	{Type: "aws_redshift_cluster", Kind: "database", Scope: Zonal, Zone: []string{"availability_zone"},
		Redundancy: []Redundancy{{When: "multi_az", Is: "true", Replicas: 2}}},
	{Type: "aws_s3_bucket", Kind: "storage", Scope: Regional},
	{Type: "aws_sqs_queue", Kind: "queue", Scope: Regional},
	{Type: "aws_sns_topic", Kind: "queue", Scope: Regional},
	{Type: "aws_kinesis_stream", Kind: "queue", Scope: Regional},
	{Type: "aws_secretsmanager_secret", Kind: "config", Scope: Regional, Carries: true,
		Note: "What reads the secret requires what its versions hold (a database address)."},
	{Type: "aws_secretsmanager_secret_version", Scope: ConfigOnly, Carries: true, CarriesInto: []string{"secret_id"}},
	{Type: "aws_ssm_parameter", Scope: ConfigOnly, Carries: true, Note: "What reads the parameter requires what its value names."},
	{Type: "aws_ecs_task_definition", Scope: ConfigOnly, Carries: true,
		Note: "The service that runs the task requires what its container definitions name (an address in an environment variable)."},
	{Type: "aws_launch_template", Scope: ConfigOnly, Carries: true, Note: "The instances launched from it require what its user_data names."},
	{Type: "aws_launch_configuration", Scope: ConfigOnly, Carries: true},
	{Type: "aws_kms_key", Kind: "config", Scope: Regional},
	{Type: "aws_cloudwatch_log_group", Kind: "storage", Scope: Regional},
	{Type: "aws_acm_certificate", Kind: "certificate", Scope: Regional},
	{Type: "aws_ecr_repository", Kind: "storage", Scope: Regional},
	{Type: "aws_fsx_windows_file_system", Kind: "filesystem", Scope: Zonal, Subnet: []string{"subnet_ids"},
		Redundancy: []Redundancy{{When: "deployment_type", Is: "MULTI_AZ_1", Replicas: 2}}},
}

var gcpKB = []ResourceType{
	{Type: "google_compute_instance_template", Scope: ConfigOnly, Carries: true},
	{Type: "google_secret_manager_secret", Scope: ConfigOnly, Carries: true},
	{Type: "google_secret_manager_secret_version", Scope: ConfigOnly, Carries: true, CarriesInto: []string{"secret"}},
	{Type: "google_compute_network", Kind: "network", Scope: Global},
	{Type: "google_compute_subnetwork", Kind: "network", Scope: Regional, Host: true},
	{Type: "google_compute_router", Kind: "network", Scope: Regional},
	{Type: "google_compute_router_nat", Kind: "network", Scope: Regional, Note: "Cloud NAT is a regional, managed service."},
	{Type: "google_compute_instance", Kind: "service", Scope: Zonal, Workload: true, Zone: []string{"zone"}},
	{Type: "google_compute_instance_group_manager", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true, Zone: []string{"zone"},
		Redundancy: []Redundancy{{When: "target_size", From: "target_size", Min: 1}}, Note: "A zonal group: all its instances share one zone."},
	{Type: "google_compute_region_instance_group_manager", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true,
		Zone: []string{"distribution_policy_zones"}, Redundancy: []Redundancy{{When: "target_size", From: "target_size", Min: 1}}},
	{Type: "google_compute_instance_group", Kind: "service", Scope: Zonal, Zone: []string{"zone"}, Redundancy: []Redundancy{{When: "instances", From: "instances", Min: 1}}},
	{Type: "google_compute_backend_service", Kind: "lb", Scope: Global},
	{Type: "google_compute_region_backend_service", Kind: "lb", Scope: Regional},
	{Type: "google_compute_url_map", Scope: ConfigOnly, Plumbing: &Plumbing{To: []string{"default_service"}}},
	{Type: "google_compute_target_http_proxy", Scope: ConfigOnly},
	{Type: "google_compute_target_https_proxy", Scope: ConfigOnly},
	{Type: "google_compute_global_forwarding_rule", Kind: "lb", Scope: Global, Entry: true},
	{Type: "google_compute_forwarding_rule", Kind: "lb", Scope: Regional, Entry: true},
	{Type: "google_compute_disk", Kind: "storage", Scope: Zonal, Zone: []string{"zone"}},
	{Type: "google_compute_region_disk", Kind: "storage", Scope: Zonal, Zone: []string{"replica_zones"}, Redundancy: []Redundancy{{Replicas: 2}}},
	{Type: "google_container_cluster", Kind: "service", Scope: Regional,
		Note: "Treated as regional; a zonal cluster (location a zone) has a zonal control plane (not distinguished yet)."},
	{Type: "google_container_node_pool", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true, Zone: []string{"node_locations"},
		Redundancy: []Redundancy{{When: "node_count", From: "node_count", Min: 1}, {When: "autoscaling.min_node_count", From: "autoscaling.min_node_count", Min: 1}}},
	{Type: "google_sql_database_instance", Kind: "database", Scope: Zonal, Zone: []string{"settings.location_preference.zone"},
		Redundancy: []Redundancy{{When: "settings.availability_type", Is: "REGIONAL", Replicas: 2}},
		Note:       "ZONAL (the default) is one zone; availability_type = \"REGIONAL\" adds a standby in another zone."},
	{Type: "google_redis_instance", Kind: "cache", Scope: Zonal, Zone: []string{"location_id"},
		Redundancy: []Redundancy{{When: "tier", Is: "STANDARD_HA", Replicas: 2}}, Note: "BASIC (the default) is one node."},
	{Type: "google_spanner_instance", Kind: "database", Scope: Regional},
	{Type: "google_bigtable_instance", Kind: "database", Scope: Regional},
	{Type: "google_storage_bucket", Kind: "storage", Scope: Regional},
	{Type: "google_pubsub_topic", Kind: "queue", Scope: Global},
	{Type: "google_pubsub_subscription", Kind: "queue", Scope: Global},
	{Type: "google_cloud_run_service", Kind: "service", Scope: Regional, Workload: true},
	{Type: "google_cloud_run_v2_service", Kind: "service", Scope: Regional, Workload: true},
	{Type: "google_cloudfunctions_function", Kind: "service", Scope: Regional, Workload: true},
	{Type: "google_cloudfunctions2_function", Kind: "service", Scope: Regional, Workload: true},
	{Type: "google_dns_record_set", Kind: "dns", Scope: Global, Entry: true},
	{Type: "google_dns_managed_zone", Kind: "dns", Scope: Global},
	{Type: "google_filestore_instance", Kind: "filesystem", Scope: Zonal, Zone: []string{"location"},
		Redundancy: []Redundancy{{When: "tier", Is: "ENTERPRISE", Replicas: 2}, {When: "tier", Is: "REGIONAL", Replicas: 2}}},
}

var azureKB = []ResourceType{
	{Type: "azurerm_virtual_network", Kind: "network", Scope: Regional},
	{Type: "azurerm_subnet", Kind: "network", Scope: Regional, Host: true, Note: "Azure subnets span the zones of their region."},
	{Type: "azurerm_route_table", Kind: "network", Scope: Regional},
	{Type: "azurerm_subnet_route_table_association", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"subnet_id"}, To: []string{"route_table_id"}}},
	{Type: "azurerm_nat_gateway", Kind: "network", Scope: Zonal, Zone: []string{"zones"},
		Note: "A NAT gateway is in at most one zone: every subnet associated with it shares its fate."},
	{Type: "azurerm_subnet_nat_gateway_association", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"subnet_id"}, To: []string{"nat_gateway_id"}}},
	{Type: "azurerm_public_ip", Kind: "network", Scope: Regional},
	{Type: "azurerm_lb", Kind: "lb", Scope: Regional, Entry: true, Note: "Standard SKU frontends are zone-redundant by default."},
	{Type: "azurerm_application_gateway", Kind: "lb", Scope: Zonal, Entry: true, Zone: []string{"zones"},
		Redundancy: []Redundancy{{When: "zones", From: "zones"}}, Note: "Zone-redundant when zones lists two zones or more."},
	{Type: "azurerm_frontdoor", Kind: "cdn", Scope: Global, Entry: true},
	{Type: "azurerm_cdn_frontdoor_profile", Kind: "cdn", Scope: Global, Entry: true},
	{Type: "azurerm_traffic_manager_profile", Kind: "dns", Scope: Global, Entry: true},
	{Type: "azurerm_dns_a_record", Kind: "dns", Scope: Global, Entry: true},
	{Type: "azurerm_dns_cname_record", Kind: "dns", Scope: Global, Entry: true},
	{Type: "azurerm_linux_virtual_machine", Kind: "service", Scope: Zonal, Workload: true, Zone: []string{"zone"}},
	{Type: "azurerm_windows_virtual_machine", Kind: "service", Scope: Zonal, Workload: true, Zone: []string{"zone"}},
	{Type: "azurerm_virtual_machine", Kind: "service", Scope: Zonal, Workload: true, Zone: []string{"zones"}},
	{Type: "azurerm_linux_virtual_machine_scale_set", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true, Zone: []string{"zones"},
		Redundancy: []Redundancy{{When: "instances", From: "instances", Min: 1}}},
	{Type: "azurerm_windows_virtual_machine_scale_set", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true, Zone: []string{"zones"},
		Redundancy: []Redundancy{{When: "instances", From: "instances", Min: 1}}},
	{Type: "azurerm_kubernetes_cluster", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true, Zone: []string{"default_node_pool.zones"},
		Redundancy: []Redundancy{{When: "default_node_pool.node_count", From: "default_node_pool.node_count", Min: 1}, {When: "default_node_pool.min_count", From: "default_node_pool.min_count", Min: 1}}},
	{Type: "azurerm_kubernetes_cluster_node_pool", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true, Zone: []string{"zones"},
		Redundancy: []Redundancy{{When: "node_count", From: "node_count", Min: 1}, {When: "min_count", From: "min_count", Min: 1}}},
	{Type: "azurerm_linux_web_app", Kind: "service", Scope: Regional, Workload: true},
	{Type: "azurerm_windows_web_app", Kind: "service", Scope: Regional, Workload: true},
	{Type: "azurerm_linux_function_app", Kind: "service", Scope: Regional, Workload: true},
	{Type: "azurerm_service_plan", Kind: "service", Scope: Zonal,
		Redundancy: []Redundancy{{When: "zone_balancing_enabled", Is: "true", From: "worker_count", Min: 2}},
		Note:       "Zone-redundant only with zone_balancing_enabled."},
	{Type: "azurerm_mssql_database", Kind: "database", Scope: Zonal, Redundancy: []Redundancy{{When: "zone_redundant", Is: "true", Replicas: 2}}},
	{Type: "azurerm_mssql_server", Kind: "database", Scope: Regional},
	{Type: "azurerm_postgresql_flexible_server", Kind: "database", Scope: Zonal, Zone: []string{"zone"},
		Redundancy: []Redundancy{{When: "high_availability.mode", Is: "ZoneRedundant", Replicas: 2}, {When: "high_availability.mode", Is: "SameZone", Replicas: 2}},
		Note:       "high_availability mode ZoneRedundant puts the standby in another zone; SameZone in the same zone."},
	{Type: "azurerm_mysql_flexible_server", Kind: "database", Scope: Zonal, Zone: []string{"zone"},
		Redundancy: []Redundancy{{When: "high_availability.mode", Is: "ZoneRedundant", Replicas: 2}, {When: "high_availability.mode", Is: "SameZone", Replicas: 2}}},
	{Type: "azurerm_redis_cache", Kind: "cache", Scope: Zonal, Zone: []string{"zones"},
		Redundancy: []Redundancy{{When: "zones", From: "zones", Min: 2}, {When: "sku_name", Is: "Standard", Replicas: 2}, {When: "sku_name", Is: "Premium", Replicas: 2}},
		Note:       "Basic is one node; Standard and Premium have a replica."},
	{Type: "azurerm_cosmosdb_account", Kind: "database", Scope: Global},
	{Type: "azurerm_storage_account", Kind: "storage", Scope: Regional},
	{Type: "azurerm_servicebus_namespace", Kind: "queue", Scope: Regional},
	{Type: "azurerm_eventhub_namespace", Kind: "queue", Scope: Regional},
	{Type: "azurerm_key_vault", Kind: "config", Scope: Regional},
	{Type: "azurerm_firewall", Kind: "network", Scope: Zonal, Zone: []string{"zones"}, Redundancy: []Redundancy{{When: "zones", From: "zones"}}},
}

// kubernetesKB covers the Terraform kubernetes and helm providers' resources;
// each requires the cluster its provider configuration points at.
var kubernetesKB = func() []ResourceType {
	var out []ResourceType
	for _, v := range []string{"", "_v1"} {
		out = append(out,
			ResourceType{Type: "kubernetes_deployment" + v, Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true,
				Redundancy: []Redundancy{{When: "spec.replicas", From: "spec.replicas", Min: 1}},
				Note:       "spec.replicas pods (1 when unset); the nodes they run on are not read."},
			ResourceType{Type: "kubernetes_stateful_set" + v, Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true,
				Redundancy: []Redundancy{{When: "spec.replicas", From: "spec.replicas", Min: 1}}},
			ResourceType{Type: "kubernetes_ingress" + v, Kind: "lb", Scope: Regional, Entry: true},
			ResourceType{Type: "kubernetes_service" + v, Scope: ConfigOnly, Carries: true},
			ResourceType{Type: "kubernetes_config_map" + v, Scope: ConfigOnly, Carries: true},
			ResourceType{Type: "kubernetes_secret" + v, Scope: ConfigOnly, Carries: true},
			ResourceType{Type: "kubernetes_job" + v, Scope: ConfigOnly, Carries: true},
			ResourceType{Type: "kubernetes_cron_job" + v, Scope: ConfigOnly, Carries: true},
			ResourceType{Type: "kubernetes_namespace" + v, Scope: ConfigOnly},
			ResourceType{Type: "kubernetes_service_account" + v, Scope: ConfigOnly},
			ResourceType{Type: "kubernetes_cluster_role" + v, Scope: ConfigOnly},
			ResourceType{Type: "kubernetes_cluster_role_binding" + v, Scope: ConfigOnly},
			ResourceType{Type: "kubernetes_role" + v, Scope: ConfigOnly},
			ResourceType{Type: "kubernetes_role_binding" + v, Scope: ConfigOnly},
			ResourceType{Type: "kubernetes_storage_class" + v, Scope: ConfigOnly},
			ResourceType{Type: "kubernetes_persistent_volume_claim" + v, Scope: ConfigOnly},
		)
	}
	out = append(out,
		ResourceType{Type: "kubernetes_daemon_set_v1", Kind: "service", Scope: Regional, Workload: true, Note: "A pod on every node."},
		ResourceType{Type: "kubernetes_daemonset", Kind: "service", Scope: Regional, Workload: true, Note: "A pod on every node."},
		ResourceType{Type: "kubernetes_manifest", Scope: ConfigOnly, Carries: true},
		ResourceType{Type: "kubectl_manifest", Scope: ConfigOnly, Carries: true},
		ResourceType{Type: "helm_release", Kind: "service", Scope: Regional, Workload: true, Opaque: true,
			Note: "Opaque: the chart's workloads are not read (render them with helm template and check the manifests), so no redundancy is claimed either way."},
	)
	return out
}()

var configKB = cfg(
	// AWS
	"aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
	"aws_iam_role", "aws_iam_policy", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_iam_instance_profile",
	"aws_iam_user", "aws_iam_group", "aws_iam_policy_attachment", "aws_iam_service_linked_role", "aws_iam_openid_connect_provider",
	"aws_network_acl", "aws_network_acl_rule", "aws_default_network_acl", "aws_default_route_table",
	"aws_default_security_group", "aws_default_vpc", "aws_eip", "aws_eip_association", "aws_db_subnet_group",
	"aws_elasticache_subnet_group", "aws_redshift_subnet_group", "aws_db_parameter_group", "aws_elasticache_parameter_group",
	"aws_flow_log", "aws_vpc_dhcp_options", "aws_vpc_dhcp_options_association",
	"aws_vpc_ipv4_cidr_block_association", "aws_cloudwatch_metric_alarm", "aws_autoscaling_policy", "aws_appautoscaling_target",
	"aws_appautoscaling_policy", "aws_lambda_permission", "aws_sns_topic_subscription", "aws_s3_bucket_policy",
	"aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration",
	"aws_kms_alias", "aws_key_pair", "aws_acm_certificate_validation", "aws_vpn_gateway_route_propagation",
	"aws_vpc_block_public_access_options", "aws_vpc_block_public_access_exclusion", "aws_vpn_connection_route",
	"aws_vpc_endpoint_route_table_association", "aws_vpc_endpoint_subnet_association", "aws_cloudwatch_log_stream",
	"aws_route53_zone_association", "aws_vpn_gateway_attachment", "aws_ecs_cluster_capacity_providers",
	"aws_vpc_endpoint_policy", "aws_iam_policy_document",
	// GCP
	"google_compute_firewall", "google_service_account", "google_project_iam_member", "google_project_iam_binding",
	"google_project_service", "google_compute_address", "google_compute_global_address", "google_compute_health_check",
	"google_kms_crypto_key",
	// Azure
	"azurerm_resource_group", "azurerm_network_security_group", "azurerm_network_security_rule",
	"azurerm_subnet_network_security_group_association", "azurerm_role_assignment", "azurerm_user_assigned_identity",
	"azurerm_network_interface", "azurerm_log_analytics_workspace", "azurerm_monitor_diagnostic_setting",
	// Providers' helpers.
	"random_id", "random_string", "random_password", "random_pet", "null_resource", "terraform_data", "time_sleep", "tls_private_key", "local_file",
)
