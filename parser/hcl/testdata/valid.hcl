# Every block and attribute of the native format (docs/native-format.md), all valid.

domain "zone" "us-east-1a" { parent = "region.us-east-1" }
domain "zone" "us-east-1b" { parent = "region.us-east-1" }
domain "region" "us-east-1" {}
domain "host" "node-3.example.com" {
  parent = "rack.r12"
}

component "db" {
  kind     = "database"
  replicas = 2
  quorum   = 1
  placement {
    zone = ["us-east-1a", "us-east-1a"]
    host = ["node-3.example.com", null]
    rack = ""
  }
  capacity    = 60
  load        = 100
  criticality = "high"
}

component "dns_a" { kind = "dns" }
component "dns_b" { kind = "dns" }
component "cache" { kind = "cache" }
component "config" {}
component "status" { kind = "status-page" }

component "api_tls" {
  kind       = "certificate"
  expires    = "2027-01-05"
  auto_renew = false
}

component "web_tls" {
  kind       = "certificate"
  expires    = "2026-11-30T12:00:00Z"
  auto_renew = true
}

component "consul" {
  kind      = "coordination"
  replicas  = 3.0
  quorum    = "2"
  placement { zone = ["us-east-1a", "us-east-1b", "us-east-1b"] }
}

component "api" {
  kind         = "service"
  replicas     = 3
  placement    { zone = ["us-east-1a", "us-east-1b", "us-east-1c"] }
  entrypoint   = true
  availability = 0.9995
  slo          = 0.9999
  requires     = [component.db, component.api_tls, component.consul]
  soft         = [component.cache]
  bootstrap    = [component.config]
  monitors     = []
  monitored_by = [component.status]
  requires_any "dns" {
    of   = [component.dns_a, component.dns_b]
    need = 1
  }
  call "db" {
    target          = component.db
    timeout         = "2s"
    retries         = 3
    circuit_breaker = false
  }
  call "cache" {
    target  = component.cache
    timeout = "150ms"
  }
  call "billing" {
    target          = component.billing
    circuit_breaker = true
  }
}

component "billing" {
  replicas  = 2
  placement { zone = "us-east-1b" }
  requires  = null
  load      = 0
  capacity  = 12.5
}

component "web" {
  entrypoint   = true
  requires     = [component.api, component.web_tls]
  availability = 1
  requires_any "edge" {
    of = [component.dns_a, component.dns_b]
  }
}

component "pager" {
  kind     = "alerting"
  monitors = [component.api, component.web]
}
