package config

import "github.com/faultline-dev/faultline/analysis/availability"

// Starter is the configuration `faultline init` writes: every setting, commented
// out or at its default, so that a team switches on what it needs.
const Starter = `# faultline configuration. faultline check finds this file by walking up from
# the first PATH to the root of the git repository; --config FILE names another.
# Every setting is optional; a bad one is reported at its line and column.

# The user-facing components: their loss is an outage. When set, exactly the
# components whose IDs match are entrypoints, whatever the input marks
# ('*' matches any run of characters). When not set, the input decides, and
# when it marks none, every component without dependents is an entrypoint.
# entrypoints = ["component.api", "k8s/Ingress/shop/*"]

# The inputs of faultline check run without PATH, and the paths a walk leaves
# out besides hidden and vendored directories and what .gitignore ignores
# (.gitignore syntax; both relative to this file).
# paths   = ["deploy", "infra"]
# exclude = ["deploy/legacy/"]

# A deployment unit, named explicitly: the files its paths match are analyzed as
# one graph of their own, their components named prod:ID.
# unit "prod" {
#   paths = ["overlays/prod/"]
# }

# A criticality recorded on the components that match (shown in reports).
# criticality = {
#   "component.payments" = "high"
# }

# The default of --fail-on: error, warning, info or never.
# fail_on = "error"

# Whether a finding the baseline (or the base of faultline diff) already has,
# whose failure now takes down more (a new entrypoint, a larger blast radius),
# fails like a new one (--fail-on-worsened).
# fail_on_worsened = true

# The namespace of Kubernetes objects that name none, as kubectl apply -n does
# (the default of -n/--namespace; when not set, "default").
# namespace = "shop"

# Which Kubernetes cluster runs which manifests, when the Terraform of the
# inputs declares several (with one, its manifests run on it without a word):
# the Terraform address of the cluster, and the manifests (.gitignore syntax,
# relative to this file).
# cluster "aws_eks_cluster.prod" {
#   manifests = ["k8s/prod/", "rendered/prod-*.yaml"]
# }

# Per rule (by name or ID): its severity (error, warning, info), or off.
# rule "missing-timeout" {
#   severity = "error"
# }
# rule "unknown-placement" {
#   enabled = false
# }

# Thresholds of the rules that have one.
thresholds {
  retry_amplification = 10 # attempts multiplied along a call path
  cert_warning_days   = 30 # days before expiry that cert-expiry warns
}

# The availability of one failure domain of each type, for the availability
# estimates and slo-infeasible (defaults: zone 0.9995, region 0.99995, host 0.999).
# domain_availability = {
#   zone = 0.9995
# }

# Accept findings, with a reason (required) and an optional expiry date, after
# which the findings are reported again. In the input itself, a comment
#   # faultline:ignore spof the staging database is single on purpose
# on or above a declaration, or the annotation faultline.dev/ignore on a
# Kubernetes object, does the same for one component.
# ignore {
#   rule      = "spof"                # a rule name or ID, or "*"
#   component = "component.legacy_*"  # an ID pattern (default: every component)
#   reason    = "retired in Q3; see TICKET-123"
#   expires   = "2026-12-31"
# }
`

// ApplyDomainAvailability sets the configured availability of failure domains
// by type. It changes availability.DefaultDomain, which is process-wide: a CLI
// run applies one configuration, and every analysis of the run shares it.
func (c *Config) ApplyDomainAvailability() {
	for t, a := range c.DomainAvailability {
		availability.DefaultDomain[t] = a
	}
}
