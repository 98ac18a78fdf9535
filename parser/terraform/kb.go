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
	// Floor rules give the least number of replicas the provider guarantees,
	// whatever the rules above say or leave unknown (an application load
	// balancer spans two zones or more).
	Floor []Redundancy
	// RoundRobin spreads the replicas over the listed zones or subnets cyclically
	// (an auto scaling group); otherwise replica i is in zone i, and replicas beyond
	// the listed zones are in other, unknown zones (a multi-AZ standby).
	RoundRobin bool
	// Plumbing turns a config-only resource's references into edges: what its
	// From attributes reference requires what its To attributes reference.
	Plumbing *Plumbing
	// Soft lists attributes whose referenced resources this one only degrades
	// without (a read replica's source: replication stops, the replica keeps
	// serving reads and can be promoted): soft edges, not requires.
	Soft []string
	// Reverse lists attributes whose referenced resources depend on this one
	// (an auto scaling group's target_group_arns: the target group needs the group).
	Reverse []string
	// UsedBy lists attributes of other resources that attach this config-only
	// one to them (an Azure network interface, named in a VM's
	// network_interface_ids): a dependency on it is a dependency on them.
	UsedBy []string
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
	// PerZone marks a node pool whose redundancy rules count nodes per zone
	// (GKE): the replicas are that count in each of its zones, which default
	// to its cluster's (resolveZones).
	PerZone bool
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
	// Default is the attribute's value when it is not set (load_balancer_type
	// defaults to "application").
	Default string
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
		Floor:      []Redundancy{{When: "load_balancer_type", Is: "application", Default: "application", Replicas: 2}},
		Note:       "One node per subnet: redundant when its subnets span zones. An application load balancer spans two zones or more (AWS requires it), even when its subnets are unknown; a network or gateway load balancer may sit in one."},
	{Type: "aws_alb", Kind: "lb", Scope: Zonal, Entry: true, Subnet: []string{"subnets", "subnet_mapping.subnet_id"},
		Redundancy: []Redundancy{{When: "subnets", From: "subnets"}, {When: "subnet_mapping", From: "subnet_mapping"}},
		Floor:      []Redundancy{{When: "load_balancer_type", Is: "application", Default: "application", Replicas: 2}}},
	{Type: "aws_elb", Kind: "lb", Scope: Zonal, Entry: true, Zone: []string{"availability_zones"}, Subnet: []string{"subnets"},
		Redundancy: []Redundancy{{When: "subnets", From: "subnets"}, {When: "availability_zones", From: "availability_zones"}}},
	{Type: "aws_lb_target_group", Kind: "lb", Scope: Regional, Note: "Requires the targets attached to it."},
	{Type: "aws_lb_listener", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"load_balancer_arn"}, To: []string{"default_action.target_group_arn", "default_action.forward.target_group.arn"}},
		Note: "The load balancer requires the target groups its listener forwards to."},
	{Type: "aws_lb_listener_rule", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"listener_arn"}, To: []string{"action.target_group_arn", "action.forward.target_group.arn"}}},
	{Type: "aws_lb_target_group_attachment", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"target_group_arn"}, To: []string{"target_id"}},
		Note: "The target group requires the target it serves."},
	// aws_alb_* are the provider's older names of aws_lb_* ("known as …; the
	// functionality is identical"), still accepted.
	{Type: "aws_alb_target_group", Kind: "lb", Scope: Regional, Note: "aws_lb_target_group's older name."},
	{Type: "aws_alb_listener", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"load_balancer_arn"}, To: []string{"default_action.target_group_arn", "default_action.forward.target_group.arn"}},
		Note: "aws_lb_listener's older name."},
	{Type: "aws_alb_listener_rule", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"listener_arn"}, To: []string{"action.target_group_arn", "action.forward.target_group.arn"}}},
	{Type: "aws_alb_target_group_attachment", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"target_group_arn"}, To: []string{"target_id"}},
		Note: "aws_lb_target_group_attachment's older name."},
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
		Soft:       []string{"replicate_source_db"},
		Note:       "Single-AZ unless multi_az = true (a standby in another zone). A read replica (replicate_source_db) keeps serving reads when its source fails: a soft edge."},
	{Type: "aws_rds_cluster", Kind: "database", Scope: Regional, Soft: []string{"replication_source_identifier"},
		Note: "Aurora storage is regional; the cluster requires its instances (aws_rds_cluster_instance). A replica cluster (replication_source_identifier) keeps serving reads when its source fails: a soft edge."},
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
		Redundancy: []Redundancy{{From: "number_of_broker_nodes"}},
		Floor:      []Redundancy{{Replicas: 2}},
		Note:       "MSK requires client subnets in two or three zones, and a multiple of their number of brokers."},
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
	// Chosen beyond the corpus: the resource types that terraform-aws-modules
	// declares for its services (vpc, alb, eks, ecs, rds, rds-aurora,
	// elasticache, memory-db, lambda, apigateway-v2, s3-bucket, sqs, sns, msk,
	// efs, fsx, dynamodb, cloudfront, route53, global-accelerator, ...).
	{Type: "aws_rds_global_cluster", Kind: "database", Scope: Global, Note: "Aurora global database: its clusters are in several regions."},
	{Type: "aws_rds_cluster_endpoint", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"cluster_identifier"}, To: []string{"static_members", "excluded_members"}}},
	{Type: "aws_db_proxy", Kind: "database", Scope: Regional, Note: "Spread over the zones of its subnets by RDS."},
	{Type: "aws_db_proxy_target", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"db_proxy_name"}, To: []string{"db_instance_identifier", "db_cluster_identifier"}}},
	{Type: "aws_elasticache_serverless_cache", Kind: "cache", Scope: Regional, Note: "Serverless: replicated across zones by ElastiCache."},
	{Type: "aws_elasticache_global_replication_group", Kind: "cache", Scope: Global},
	{Type: "aws_memorydb_cluster", Kind: "cache", Scope: Zonal,
		Redundancy: []Redundancy{{When: "num_replicas_per_shard", Is: "0", Replicas: 1}, {Replicas: 2}},
		Note:       "One replica per shard by default, in another zone; num_replicas_per_shard = 0 leaves one node per shard."},
	{Type: "aws_dax_cluster", Kind: "cache", Scope: Zonal, Zone: []string{"availability_zones"}, RoundRobin: true,
		Redundancy: []Redundancy{{When: "replication_factor", From: "replication_factor", Min: 1}}},
	{Type: "aws_neptune_cluster", Kind: "database", Scope: Regional, Note: "The cluster requires its instances (aws_neptune_cluster_instance)."},
	{Type: "aws_neptune_cluster_instance", Kind: "database", Scope: Zonal, Zone: []string{"availability_zone"}, Reverse: []string{"cluster_identifier"}},
	{Type: "aws_redshiftserverless_workgroup", Kind: "database", Scope: Regional},
	{Type: "aws_keyspaces_table", Kind: "database", Scope: Regional},
	{Type: "aws_msk_serverless_cluster", Kind: "queue", Scope: Regional},
	{Type: "aws_kinesis_firehose_delivery_stream", Kind: "queue", Scope: Regional},
	{Type: "aws_cloudwatch_event_bus", Kind: "queue", Scope: Regional},
	{Type: "aws_efs_mount_target", Kind: "network", Scope: Zonal, Subnet: []string{"subnet_id"}, Reverse: []string{"file_system_id"},
		Note: "Clients reach a file system through its mount targets, one per zone: the file system requires them."},
	{Type: "aws_fsx_lustre_file_system", Kind: "filesystem", Scope: Zonal, Subnet: []string{"subnet_ids"}, Note: "Lustre file systems are single-AZ."},
	{Type: "aws_fsx_ontap_file_system", Kind: "filesystem", Scope: Zonal, Subnet: []string{"subnet_ids"},
		Redundancy: []Redundancy{{When: "deployment_type", Is: "MULTI_AZ_1", Replicas: 2}, {When: "deployment_type", Is: "MULTI_AZ_2", Replicas: 2}}},
	{Type: "aws_fsx_openzfs_file_system", Kind: "filesystem", Scope: Zonal, Subnet: []string{"subnet_ids"},
		Redundancy: []Redundancy{{When: "deployment_type", Is: "MULTI_AZ_1", Replicas: 2}}},
	{Type: "aws_network_interface", Kind: "network", Scope: Zonal, Subnet: []string{"subnet_id"}},
	{Type: "aws_spot_instance_request", Kind: "service", Scope: Zonal, Workload: true, Zone: []string{"availability_zone"}, Subnet: []string{"subnet_id"}},
	{Type: "aws_emr_cluster", Kind: "service", Scope: Zonal, Workload: true, Subnet: []string{"ec2_attributes.subnet_id"}, Note: "An EMR cluster runs in one zone."},
	{Type: "aws_eks_fargate_profile", Kind: "service", Scope: Zonal, RoundRobin: true, DomainBound: true, Subnet: []string{"subnet_ids"},
		Redundancy: []Redundancy{{When: "subnet_ids", From: "subnet_ids"}}, Note: "Pods run in the zones of its subnets, each on a node of its own; a rule, not machines, it fails only with its zones."},
	{Type: "aws_eks_addon", Kind: "service", Scope: Regional, Note: "Managed by EKS on the cluster's nodes."},
	{Type: "aws_lambda_function_url", Kind: "lb", Scope: Regional, Entry: true},
	{Type: "aws_lambda_alias", Scope: ConfigOnly, Carries: true},
	{Type: "aws_apprunner_service", Kind: "service", Scope: Regional, Workload: true},
	{Type: "aws_sfn_state_machine", Kind: "service", Scope: Regional, Workload: true},
	{Type: "aws_batch_compute_environment", Kind: "service", Scope: Regional},
	{Type: "aws_cognito_user_pool", Kind: "service", Scope: Regional},
	{Type: "aws_appsync_graphql_api", Kind: "lb", Scope: Regional, Entry: true},
	{Type: "aws_api_gateway_domain_name", Kind: "dns", Scope: Regional},
	{Type: "aws_apigatewayv2_domain_name", Kind: "dns", Scope: Regional},
	{Type: "aws_apigatewayv2_vpc_link", Kind: "network", Scope: Regional},
	{Type: "aws_service_discovery_service", Kind: "dns", Scope: Regional},
	{Type: "aws_service_discovery_private_dns_namespace", Kind: "dns", Scope: Regional},
	{Type: "aws_route53_resolver_endpoint", Kind: "dns", Scope: Regional},
	{Type: "aws_vpclattice_service", Kind: "lb", Scope: Regional},
	{Type: "aws_transfer_server", Kind: "service", Scope: Regional, Entry: true},
	{Type: "aws_globalaccelerator_listener", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"accelerator_arn"}}},
	{Type: "aws_globalaccelerator_endpoint_group", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"listener_arn"}, To: []string{"endpoint_configuration.endpoint_id"}}},
	{Type: "aws_autoscaling_traffic_source_attachment", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"traffic_source.identifier"}, To: []string{"autoscaling_group_name"}}},
	{Type: "aws_cloudwatch_event_target", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"rule"}, To: []string{"arn"}}},
	{Type: "aws_cloudwatch_event_rule", Scope: ConfigOnly, Carries: true},
	{Type: "aws_sns_topic_subscription", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"topic_arn"}, To: []string{"endpoint"}}},
	{Type: "aws_wafv2_web_acl", Scope: ConfigOnly, Note: "Filters the requests of what it is associated with; read as configuration."},
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
	{Type: "google_compute_url_map", Scope: ConfigOnly, Carries: true, Note: "What routes through the map (a target proxy, and so its forwarding rule) requires the backend services it names (default_service, path matchers)."},
	{Type: "google_compute_target_http_proxy", Scope: ConfigOnly, Carries: true},
	{Type: "google_compute_target_https_proxy", Scope: ConfigOnly, Carries: true},
	{Type: "google_compute_global_forwarding_rule", Kind: "lb", Scope: Global, Entry: true},
	{Type: "google_compute_forwarding_rule", Kind: "lb", Scope: Regional, Entry: true},
	{Type: "google_compute_disk", Kind: "storage", Scope: Zonal, Zone: []string{"zone"}},
	{Type: "google_compute_region_disk", Kind: "storage", Scope: Zonal, Zone: []string{"replica_zones"}, Redundancy: []Redundancy{{Replicas: 2}}},
	{Type: "google_container_cluster", Kind: "service", Scope: Regional,
		Note: "A regional service, unless it runs its default node pool (a known initial_node_count, no node_pool blocks, remove_default_node_pool and enable_autopilot not true): then its nodes, initial_node_count per zone, as a google_container_node_pool's."},
	{Type: "google_container_node_pool", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true, Zone: []string{"node_locations"}, PerZone: true,
		Redundancy: []Redundancy{{When: "node_count", From: "node_count", Min: 1}, {When: "autoscaling.min_node_count", From: "autoscaling.min_node_count", Min: 1},
			{When: "initial_node_count", From: "initial_node_count", Min: 1}},
		Note: "Node counts are per zone: in each of node_locations, else the cluster's node_locations, else the three zones GKE chooses in a regional cluster's region (distinct, unnamed), or a zonal cluster's zone."},
	{Type: "google_sql_database_instance", Kind: "database", Scope: Zonal, Zone: []string{"settings.location_preference.zone"},
		Redundancy: []Redundancy{{When: "settings.availability_type", Is: "REGIONAL", Replicas: 2}},
		Soft:       []string{"master_instance_name"},
		Note:       "ZONAL (the default) is one zone; availability_type = \"REGIONAL\" adds a standby in another zone. A read replica (master_instance_name) keeps serving reads when its primary fails, and is promoted: a soft edge."},
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
	// Chosen beyond the corpus: the resource types of terraform-google-modules
	// (network, kubernetes-engine, sql-db, memorystore, lb-http, cloud-run, pubsub, ...).
	{Type: "google_sql_user", Scope: ConfigOnly},
	{Type: "google_sql_database", Scope: ConfigOnly},
	{Type: "google_alloydb_cluster", Kind: "database", Scope: Regional, Note: "The cluster requires its instances (google_alloydb_instance)."},
	{Type: "google_alloydb_instance", Kind: "database", Scope: Zonal, Reverse: []string{"cluster"},
		Redundancy: []Redundancy{{When: "availability_type", Is: "REGIONAL", Replicas: 2}}},
	{Type: "google_memcache_instance", Kind: "cache", Scope: Zonal, Zone: []string{"zones"}, RoundRobin: true,
		Redundancy: []Redundancy{{When: "node_count", From: "node_count", Min: 1}}},
	{Type: "google_redis_cluster", Kind: "cache", Scope: Regional},
	{Type: "google_firestore_database", Kind: "database", Scope: Regional},
	{Type: "google_bigquery_dataset", Kind: "database", Scope: Regional},
	{Type: "google_compute_router_interface", Scope: ConfigOnly},
	{Type: "google_compute_route", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"network"}, To: []string{"next_hop_instance", "next_hop_ilb", "next_hop_vpn_tunnel"}}},
	{Type: "google_compute_ha_vpn_gateway", Kind: "network", Scope: Regional},
	{Type: "google_compute_vpn_gateway", Kind: "network", Scope: Regional},
	{Type: "google_compute_vpn_tunnel", Kind: "network", Scope: Regional},
	{Type: "google_compute_target_pool", Kind: "lb", Scope: Regional},
	{Type: "google_compute_region_url_map", Scope: ConfigOnly, Carries: true},
	{Type: "google_compute_region_target_http_proxy", Scope: ConfigOnly, Carries: true},
	{Type: "google_compute_region_target_https_proxy", Scope: ConfigOnly, Carries: true},
	{Type: "google_compute_target_tcp_proxy", Scope: ConfigOnly, Carries: true},
	{Type: "google_compute_target_ssl_proxy", Scope: ConfigOnly, Carries: true},
	{Type: "google_compute_backend_bucket", Kind: "lb", Scope: Global},
	{Type: "google_compute_region_network_endpoint_group", Scope: ConfigOnly, Carries: true},
	{Type: "google_compute_network_endpoint_group", Scope: ConfigOnly, Carries: true},
	{Type: "google_compute_security_policy", Scope: ConfigOnly},
	{Type: "google_compute_ssl_certificate", Scope: ConfigOnly},
	{Type: "google_compute_managed_ssl_certificate", Scope: ConfigOnly},
	{Type: "google_vpc_access_connector", Kind: "network", Scope: Regional},
	{Type: "google_service_networking_connection", Kind: "network", Scope: Global},
	{Type: "google_cloud_run_v2_job", Scope: ConfigOnly, Carries: true},
	{Type: "google_cloud_scheduler_job", Scope: ConfigOnly, Carries: true},
	{Type: "google_cloud_tasks_queue", Kind: "queue", Scope: Regional},
	{Type: "google_artifact_registry_repository", Kind: "storage", Scope: Regional},
	{Type: "google_compute_region_health_check", Scope: ConfigOnly},
	{Type: "google_compute_autoscaler", Scope: ConfigOnly},
	{Type: "google_compute_region_autoscaler", Scope: ConfigOnly},
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
	{Type: "azurerm_lb", Kind: "lb", Scope: Regional, Entry: true, Note: "Standard SKU frontends are zone-redundant by default. It requires the members of its backend pools."},
	{Type: "azurerm_lb_backend_address_pool", Kind: "config", Scope: ConfigOnly, Plumbing: &Plumbing{From: []string{"loadbalancer_id"}},
		Note: "Stands for its load balancer: what joins the pool is required by the load balancer."},
	{Type: "azurerm_network_interface_backend_address_pool_association", Kind: "config", Scope: ConfigOnly,
		Plumbing: &Plumbing{From: []string{"backend_address_pool_id"}, To: []string{"network_interface_id"}},
		Note:     "The load balancer of the pool requires the VM of the network interface."},
	{Type: "azurerm_network_interface_application_gateway_backend_address_pool_association", Kind: "config", Scope: ConfigOnly,
		Plumbing: &Plumbing{From: []string{"backend_address_pool_id"}, To: []string{"network_interface_id"}},
		Note:     "The application gateway requires the VM of the network interface."},
	{Type: "azurerm_network_interface", Kind: "config", Scope: ConfigOnly, UsedBy: []string{"network_interface_ids"},
		Note: "Stands for the VM whose network_interface_ids names it."},
	{Type: "azurerm_application_gateway", Kind: "lb", Scope: Zonal, Entry: true, Zone: []string{"zones"},
		Redundancy: []Redundancy{{When: "zones", From: "zones"}, {When: "autoscale_configuration.min_capacity", From: "autoscale_configuration.min_capacity", Min: 1},
			{When: "sku.capacity", From: "sku.capacity", Min: 1}},
		Note: "Zone-redundant when zones lists two zones or more; else as many instances as autoscale_configuration's min_capacity or the sku's capacity, in zones Azure chooses."},
	{Type: "azurerm_frontdoor", Kind: "cdn", Scope: Global, Entry: true},
	{Type: "azurerm_cdn_frontdoor_profile", Kind: "cdn", Scope: Global, Entry: true},
	{Type: "azurerm_traffic_manager_profile", Kind: "dns", Scope: Global, Entry: true},
	{Type: "azurerm_dns_a_record", Kind: "dns", Scope: Global, Entry: true},
	{Type: "azurerm_dns_cname_record", Kind: "dns", Scope: Global, Entry: true},
	{Type: "azurerm_linux_virtual_machine", Kind: "service", Scope: Zonal, Workload: true, Zone: []string{"zone"}},
	{Type: "azurerm_windows_virtual_machine", Kind: "service", Scope: Zonal, Workload: true, Zone: []string{"zone"}},
	{Type: "azurerm_virtual_machine", Kind: "service", Scope: Zonal, Workload: true, Zone: []string{"zones"}},
	{Type: "azurerm_linux_virtual_machine_scale_set", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true, Zone: []string{"zones"},
		Redundancy: []Redundancy{{When: "instances", From: "instances", Min: 1}},
		Reverse:    []string{"network_interface.ip_configuration.load_balancer_backend_address_pool_ids", "network_interface.ip_configuration.application_gateway_backend_address_pool_ids"}},
	{Type: "azurerm_windows_virtual_machine_scale_set", Kind: "service", Scope: Zonal, Workload: true, RoundRobin: true, Zone: []string{"zones"},
		Redundancy: []Redundancy{{When: "instances", From: "instances", Min: 1}},
		Reverse:    []string{"network_interface.ip_configuration.load_balancer_backend_address_pool_ids", "network_interface.ip_configuration.application_gateway_backend_address_pool_ids"}},
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
	// Chosen beyond the corpus: the resource types of the Azure Verified Modules
	// for compute, networking, data and messaging.
	{Type: "azurerm_dns_zone", Kind: "dns", Scope: Global},
	{Type: "azurerm_private_dns_zone", Kind: "dns", Scope: Global},
	{Type: "azurerm_dns_aaaa_record", Kind: "dns", Scope: Global, Entry: true},
	{Type: "azurerm_private_endpoint", Kind: "network", Scope: Regional},
	{Type: "azurerm_container_registry", Kind: "storage", Scope: Regional},
	{Type: "azurerm_container_app", Kind: "service", Scope: Regional, Workload: true},
	{Type: "azurerm_container_app_environment", Kind: "service", Scope: Zonal,
		Redundancy: []Redundancy{{When: "zone_redundancy_enabled", Is: "true", Replicas: 2}}},
	{Type: "azurerm_container_group", Kind: "service", Scope: Zonal, Workload: true, Zone: []string{"zones"}},
	{Type: "azurerm_function_app_flex_consumption", Kind: "service", Scope: Regional, Workload: true},
	{Type: "azurerm_windows_function_app", Kind: "service", Scope: Regional, Workload: true},
	{Type: "azurerm_app_service_plan", Kind: "service", Scope: Zonal,
		Redundancy: []Redundancy{{When: "zone_redundant", Is: "true", Replicas: 2}}},
	{Type: "azurerm_mssql_elasticpool", Kind: "database", Scope: Zonal, Redundancy: []Redundancy{{When: "zone_redundant", Is: "true", Replicas: 2}}},
	{Type: "azurerm_mssql_managed_instance", Kind: "database", Scope: Zonal, Redundancy: []Redundancy{{When: "zone_redundant_enabled", Is: "true", Replicas: 2}}},
	{Type: "azurerm_postgresql_server", Kind: "database", Scope: Zonal, Note: "Single Server: one node."},
	{Type: "azurerm_mysql_server", Kind: "database", Scope: Zonal, Note: "Single Server: one node."},
	{Type: "azurerm_cosmosdb_sql_database", Scope: ConfigOnly},
	{Type: "azurerm_managed_redis", Kind: "cache", Scope: Zonal, Redundancy: []Redundancy{{When: "high_availability_enabled", Is: "false", Replicas: 1}, {Replicas: 2}}},
	{Type: "azurerm_eventgrid_topic", Kind: "queue", Scope: Regional},
	{Type: "azurerm_servicebus_queue", Scope: ConfigOnly},
	{Type: "azurerm_servicebus_topic", Scope: ConfigOnly},
	{Type: "azurerm_eventhub", Scope: ConfigOnly},
	{Type: "azurerm_storage_container", Scope: ConfigOnly},
	{Type: "azurerm_storage_share", Kind: "filesystem", Scope: Regional},
	{Type: "azurerm_managed_disk", Kind: "storage", Scope: Zonal, Zone: []string{"zone"}},
	{Type: "azurerm_api_management", Kind: "lb", Scope: Zonal, Entry: true, Zone: []string{"zones"},
		Redundancy: []Redundancy{{When: "zones", From: "zones"}}},
	{Type: "azurerm_cdn_frontdoor_endpoint", Kind: "cdn", Scope: Global, Entry: true},
	{Type: "azurerm_virtual_network_gateway", Kind: "network", Scope: Regional},
	{Type: "azurerm_virtual_network_peering", Kind: "network", Scope: Regional},
	{Type: "azurerm_bastion_host", Kind: "network", Scope: Regional},
	{Type: "azurerm_key_vault_secret", Scope: ConfigOnly, Carries: true},
	{Type: "azurerm_app_configuration", Kind: "config", Scope: Regional},
	{Type: "azurerm_search_service", Kind: "database", Scope: Regional},
	{Type: "azurerm_signalr_service", Kind: "service", Scope: Regional},
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
			ResourceType{Type: "kubernetes_pod" + v, Kind: "service", Scope: Zonal, Workload: true, Note: "One pod."},
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
	"aws_elasticache_subnet_group", "aws_redshift_subnet_group", "aws_db_parameter_group",
	"aws_flow_log", "aws_vpc_dhcp_options", "aws_vpc_dhcp_options_association",
	"aws_vpc_ipv4_cidr_block_association", "aws_cloudwatch_metric_alarm", "aws_autoscaling_policy", "aws_appautoscaling_target",
	"aws_appautoscaling_policy", "aws_lambda_permission", "aws_s3_bucket_policy",
	"aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration",
	"aws_kms_alias", "aws_key_pair", "aws_acm_certificate_validation", "aws_vpn_gateway_route_propagation",
	"aws_vpc_block_public_access_options", "aws_vpc_block_public_access_exclusion", "aws_vpn_connection_route",
	"aws_vpc_endpoint_route_table_association", "aws_vpc_endpoint_subnet_association", "aws_cloudwatch_log_stream",
	"aws_route53_zone_association", "aws_vpn_gateway_attachment", "aws_ecs_cluster_capacity_providers",
	"aws_vpc_endpoint_policy", "aws_iam_policy_document",
	"aws_eks_access_entry", "aws_eks_access_policy_association", "aws_eks_pod_identity_association",
	"aws_eks_identity_provider_config", "aws_eks_capability", "aws_placement_group", "aws_vpc_ipam", "aws_vpc_ipam_pool",
	"aws_vpc_ipam_pool_cidr", "aws_vpc_ipam_preview_next_cidr", "aws_vpc_peering_connection_accepter", "aws_ssm_activation",
	"aws_sqs_queue_policy", "aws_sqs_queue_redrive_policy", "aws_sqs_queue_redrive_allow_policy", "aws_sns_topic_policy",
	"aws_rolesanywhere_trust_anchor", "aws_rolesanywhere_profile", "aws_lb_trust_store", "aws_lb_trust_store_revocation",
	"aws_lb_listener_certificate", "aws_wafv2_web_acl_association", "aws_ec2_tag", "aws_cognito_user_pool_client",
	"aws_cognito_user_pool_domain", "aws_cognito_identity_pool", "aws_db_option_group", "aws_rds_cluster_parameter_group",
	"aws_db_instance_role_association", "aws_rds_cluster_role_association", "aws_db_proxy_default_target_group",
	"aws_db_proxy_endpoint", "aws_elasticache_user", "aws_elasticache_user_group", "aws_memorydb_subnet_group",
	"aws_memorydb_parameter_group", "aws_memorydb_user", "aws_memorydb_acl", "aws_msk_configuration", "aws_msk_scram_secret_association",
	"aws_ecs_capacity_provider", "aws_ecs_account_setting_default", "aws_cloudfront_origin_access_identity",
	"aws_cloudfront_origin_access_control", "aws_cloudfront_function", "aws_cloudfront_cache_policy",
	"aws_cloudfront_origin_request_policy", "aws_cloudfront_response_headers_policy", "aws_s3_bucket_acl",
	"aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_logging", "aws_s3_bucket_ownership_controls",
	"aws_s3_bucket_cors_configuration", "aws_s3_bucket_website_configuration", "aws_s3_bucket_notification",
	"aws_s3_bucket_replication_configuration", "aws_s3_bucket_intelligent_tiering_configuration", "aws_s3_object",
	"aws_s3_bucket_object_lock_configuration", "aws_s3_bucket_accelerate_configuration", "aws_s3_bucket_request_payment_configuration",
	"aws_s3_bucket_analytics_configuration", "aws_s3_bucket_metric", "aws_s3_bucket_inventory", "aws_s3_directory_bucket",
	"aws_lambda_layer_version", "aws_lambda_provisioned_concurrency_config", "aws_lambda_function_event_invoke_config",
	"aws_api_gateway_deployment", "aws_api_gateway_stage", "aws_api_gateway_resource", "aws_api_gateway_method",
	"aws_api_gateway_method_response", "aws_api_gateway_integration_response", "aws_api_gateway_base_path_mapping",
	"aws_api_gateway_authorizer", "aws_api_gateway_usage_plan", "aws_api_gateway_api_key", "aws_api_gateway_vpc_link",
	"aws_apigatewayv2_stage", "aws_apigatewayv2_route", "aws_apigatewayv2_api_mapping", "aws_apigatewayv2_authorizer",
	"aws_apigatewayv2_deployment", "aws_cloudwatch_log_resource_policy", "aws_cloudwatch_dashboard",
	"aws_cloudwatch_composite_alarm", "aws_cloudwatch_log_subscription_filter", "aws_cloudwatch_log_metric_filter",
	"aws_iam_user_policy", "aws_iam_group_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_access_key",
	"aws_iam_group_membership", "aws_iam_user_group_membership", "aws_iam_role_policy_attachments_exclusive",
	"aws_iam_role_policies_exclusive", "aws_kms_grant", "aws_kms_replica_key", "aws_route53_health_check",
	"aws_route53_resolver_rule", "aws_route53_resolver_rule_association", "aws_route53_query_log",
	"aws_route53_hosted_zone_dnssec", "aws_route53_key_signing_key", "aws_ec2_transit_gateway_route_table",
	"aws_ec2_transit_gateway_route", "aws_ec2_transit_gateway_route_table_association",
	"aws_ec2_transit_gateway_route_table_propagation", "aws_autoscaling_lifecycle_hook", "aws_autoscaling_schedule",
	"aws_autoscaling_notification", "aws_ecr_lifecycle_policy", "aws_ecr_repository_policy",
	"aws_ecr_replication_configuration", "aws_ecr_pull_through_cache_rule", "aws_ecr_registry_scanning_configuration",
	"aws_backup_plan", "aws_backup_vault", "aws_backup_selection", "aws_guardduty_detector", "aws_cloudtrail",
	"aws_config_config_rule", "aws_networkfirewall_firewall_policy", "aws_networkfirewall_rule_group",
	"aws_networkfirewall_logging_configuration", "aws_ami", "aws_ami_copy", "aws_ebs_snapshot",
	"aws_db_instance_automated_backups_replication", "aws_db_snapshot", "aws_ssm_document", "aws_ssm_association",
	"aws_shield_protection", "aws_ses_domain_identity", "aws_acmpca_certificate_authority", "aws_securityhub_account",
	"aws_default_subnet", "aws_network_acl_association", "aws_vpc_endpoint_service", "aws_vpc_endpoint_connection_notification",
	"aws_vpc_ipv6_cidr_block_association", "aws_vpc_security_group_vpc_association", "aws_ec2_managed_prefix_list",
	"aws_ec2_managed_prefix_list_entry", "aws_prometheus_workspace", "aws_grafana_workspace",
	"aws_iam_server_certificate", "aws_iam_saml_provider", "aws_dynamodb_table_item", "aws_dynamodb_global_table",
	"aws_appautoscaling_scheduled_action", "aws_elasticache_parameter_group", "aws_lb_cookie_stickiness_policy",
	// GCP
	"google_compute_firewall", "google_service_account", "google_project_iam_member", "google_project_iam_binding",
	"google_project_service", "google_compute_address", "google_compute_global_address", "google_compute_health_check",
	"google_kms_crypto_key", "google_kms_key_ring", "google_project", "google_folder", "google_project_iam_custom_role",
	"google_service_account_key", "google_service_account_iam_member", "google_service_account_iam_binding",
	"google_storage_bucket_iam_member", "google_storage_bucket_iam_binding", "google_storage_bucket_object",
	"google_pubsub_topic_iam_member", "google_pubsub_subscription_iam_member", "google_secret_manager_secret_iam_member",
	"google_cloud_run_service_iam_member", "google_cloud_run_v2_service_iam_member", "google_compute_subnetwork_iam_member",
	"google_compute_shared_vpc_host_project", "google_compute_shared_vpc_service_project", "google_compute_network_peering",
	"google_compute_firewall_policy", "google_compute_firewall_policy_rule", "google_compute_resource_policy",
	"google_compute_project_metadata", "google_compute_project_metadata_item", "google_compute_instance_iam_member",
	"google_logging_project_sink", "google_logging_metric", "google_monitoring_alert_policy", "google_monitoring_notification_channel",
	"google_monitoring_uptime_check_config", "google_container_registry", "google_kms_crypto_key_iam_member",
	"google_kms_crypto_key_iam_binding", "google_organization_iam_member", "google_folder_iam_member",
	"google_billing_account_iam_member", "google_project_organization_policy", "google_sql_ssl_cert", "google_dns_policy",
	"google_compute_global_network_endpoint_group", "google_compute_global_network_endpoint", "google_compute_network_endpoint",
	"google_compute_target_instance", "google_compute_instance_from_template", "google_compute_attached_disk",
	"google_compute_disk_resource_policy_attachment", "google_compute_snapshot", "google_compute_image",
	"google_gke_hub_membership", "google_gke_hub_feature", "google_iap_brand", "google_iap_client",
	// Azure
	"azurerm_resource_group", "azurerm_network_security_group", "azurerm_network_security_rule",
	"azurerm_subnet_network_security_group_association", "azurerm_role_assignment", "azurerm_user_assigned_identity",
	"azurerm_log_analytics_workspace", "azurerm_monitor_diagnostic_setting",
	"azurerm_key_vault_access_policy", "azurerm_key_vault_key", "azurerm_key_vault_certificate", "azurerm_disk_encryption_set",
	"azurerm_log_analytics_solution", "azurerm_monitor_data_collection_rule", "azurerm_monitor_data_collection_rule_association",
	"azurerm_monitor_data_collection_endpoint", "azurerm_monitor_action_group", "azurerm_monitor_metric_alert",
	"azurerm_monitor_activity_log_alert", "azurerm_monitor_scheduled_query_rules_alert_v2", "azurerm_application_insights",
	"azurerm_management_lock", "azurerm_role_definition", "azurerm_federated_identity_credential",
	"azurerm_network_interface_security_group_association",
	"azurerm_lb_rule", "azurerm_lb_probe", "azurerm_lb_nat_rule", "azurerm_lb_outbound_rule", "azurerm_public_ip_prefix",
	"azurerm_nat_gateway_public_ip_association", "azurerm_nat_gateway_public_ip_prefix_association",
	"azurerm_private_dns_zone_virtual_network_link", "azurerm_private_dns_a_record", "azurerm_dns_txt_record",
	"azurerm_network_watcher", "azurerm_network_watcher_flow_log", "azurerm_application_security_group",
	"azurerm_storage_blob", "azurerm_storage_queue", "azurerm_storage_table", "azurerm_storage_account_network_rules",
	"azurerm_storage_management_policy", "azurerm_mssql_firewall_rule", "azurerm_mssql_virtual_network_rule",
	"azurerm_postgresql_flexible_server_database", "azurerm_postgresql_flexible_server_configuration",
	"azurerm_postgresql_flexible_server_firewall_rule", "azurerm_mysql_flexible_database", "azurerm_mysql_flexible_server_configuration",
	"azurerm_cosmosdb_sql_container", "azurerm_servicebus_subscription", "azurerm_eventhub_consumer_group",
	"azurerm_kubernetes_cluster_extension", "azurerm_kubernetes_flux_configuration", "azurerm_container_registry_webhook",
	"azurerm_virtual_machine_extension", "azurerm_virtual_machine_data_disk_attachment", "azurerm_availability_set",
	"azurerm_proximity_placement_group", "azurerm_ssh_public_key", "azurerm_recovery_services_vault", "azurerm_backup_policy_vm",
	"azurerm_backup_protected_vm", "azurerm_firewall_policy", "azurerm_firewall_policy_rule_collection_group",
	"azurerm_web_application_firewall_policy", "azurerm_cdn_frontdoor_origin_group", "azurerm_cdn_frontdoor_origin",
	"azurerm_cdn_frontdoor_route", "azurerm_cdn_frontdoor_custom_domain", "azurerm_api_management_api",
	"azurerm_app_service_custom_hostname_binding", "azurerm_app_service_certificate", "azurerm_policy_assignment",
	"azurerm_resource_group_policy_assignment", "azurerm_subscription_policy_assignment", "azurerm_policy_definition",
	"azurerm_user_assigned_identity_federated_credential",
	"azapi_resource_action", "azapi_update_resource", "azapi_resource",
	"google_gke_hub_feature_membership", "google_gke_hub_scope",
	"google_gke_hub_namespace", "google_gke_hub_membership_binding", "google_gke_hub_scope_rbac_role_binding",
	"google_gke_hub_scope_iam_member", "google_gke_hub_scope_iam_binding", "google_gke_hub_fleet",
	// Providers' helpers.
	"random_id", "random_string", "random_password", "random_pet", "random_integer", "random_shuffle", "random_uuid",
	"null_resource", "terraform_data", "time_sleep", "time_static", "time_rotating", "time_offset", "tls_private_key",
	"tls_self_signed_cert", "tls_locally_signed_cert", "tls_cert_request", "local_file", "local_sensitive_file",
	"cloudinit_config", "archive_file",
)
