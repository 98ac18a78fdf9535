# Roblox, 28 October 2021 — 73 hours behind one Consul cluster.
#
# One Consul cluster provided service discovery, health checks and Vault's storage for
# the whole platform, and Nomad scheduled workloads through it. A newly enabled
# streaming feature, running on every Consul server, drove BoltDB into pathological
# contention: all servers degraded together, and with them everything. The telemetry
# that should have shown why also depended on Consul, and bringing the cluster back
# was slowed by the services coupled to it. A simplified model of the public
# post-mortem (the Consul-Vault start-up cycle is illustrative), not Roblox's real setup.
#
# faultline finds (pinned by cmd/faultline/testdata/script/examples.txtar):
# - shared-domain on component.consul, twice: every server runs the same release
#   (software=consul-1.10-streaming), and three of the five servers, a quorum majority,
#   share rack r1.
# - dependency-cycle: Consul needs Vault to start (its ACL tokens), Vault requires Consul
#   (its storage): after a full outage neither can start first.
# - monitor-shares-fate on component.telemetry, twice: it requires Consul, which it
#   monitors, and goes down with the event that downs the game services.

component "consul" {
  kind      = "service-discovery"
  replicas  = 5
  quorum    = 3
  placement {
    host     = ["consul-1", "consul-2", "consul-3", "consul-4", "consul-5"]
    software = "consul-1.10-streaming"
  }
  bootstrap = [component.vault]   # ACL tokens come from Vault
}

domain "host" "consul-1" { parent = "rack.r1" }
domain "host" "consul-2" { parent = "rack.r1" }
domain "host" "consul-3" { parent = "rack.r1" }
domain "host" "consul-4" { parent = "rack.r2" }
domain "host" "consul-5" { parent = "rack.r3" }

component "vault" {
  kind      = "secrets"
  replicas  = 3
  placement { rack = ["r1", "r2", "r3"] }
  requires  = [component.consul]  # Consul is Vault's storage backend
}

component "nomad" {
  kind      = "scheduler"
  replicas  = 3
  quorum    = 2
  placement { rack = ["r1", "r2", "r3"] }
  requires  = [component.consul]
}

component "game_services" {
  kind       = "service"
  entrypoint = true
  replicas   = 40
  placement  { rack = ["r1", "r2", "r3", "r1", "r2", "r3", "r1", "r2", "r3", "r1", "r2", "r3", "r1", "r2", "r3", "r1", "r2", "r3", "r1", "r2", "r3", "r1", "r2", "r3", "r1", "r2", "r3", "r1", "r2", "r3", "r1", "r2", "r3", "r1", "r2", "r3", "r1", "r2", "r3", "r1"] }
  requires   = [component.consul, component.vault]
  bootstrap  = [component.nomad]
}

component "telemetry" {
  kind         = "monitor"
  replicas     = 2
  placement    { rack = ["r2", "r3"] }
  requires     = [component.consul]
  monitors     = [component.consul, component.game_services]
}
