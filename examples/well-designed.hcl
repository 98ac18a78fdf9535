# A well-designed system: faultline finds nothing here.
#
# Two DNS providers on independent networks; the front door spreads over two regions
# and needs either regional stack; each stack spreads over three zones of its region;
# databases keep a replica in another zone; start-up configuration is redundant; the
# status page runs with a vendor independent of what it reports on, and depends on
# none of it. Any one instance, zone, or region can fail: some things degrade, no
# entrypoint goes down.
#
# faultline finds: nothing (pinned by cmd/faultline/testdata/script/examples.txtar).

domain "zone" "us-east-1a" { parent = "region.us-east-1" }
domain "zone" "us-east-1b" { parent = "region.us-east-1" }
domain "zone" "us-east-1c" { parent = "region.us-east-1" }
domain "zone" "us-west-2a" { parent = "region.us-west-2" }
domain "zone" "us-west-2b" { parent = "region.us-west-2" }
domain "zone" "us-west-2c" { parent = "region.us-west-2" }

component "dns_route53" {
  kind      = "dns"
  replicas  = 4
  placement { provider = "aws-route53" }
}

component "dns_ns1" {
  kind      = "dns"
  replicas  = 4
  placement { provider = "ns1" }
}

component "front_door" {
  kind       = "lb"
  entrypoint = true
  replicas   = 4
  placement  { zone = ["us-east-1a", "us-east-1b", "us-west-2a", "us-west-2b"] }
  requires_any "dns" {
    of   = [component.dns_route53, component.dns_ns1]
    need = 1
  }
  requires_any "region" {
    of   = [component.api_east, component.api_west]
    need = 1
  }
}

component "api_east" {
  kind      = "service"
  replicas  = 3
  placement { zone = ["us-east-1a", "us-east-1b", "us-east-1c"] }
  requires  = [component.db_east]
  soft      = [component.cache_east]
  bootstrap = [component.config]
}

component "api_west" {
  kind      = "service"
  replicas  = 3
  placement { zone = ["us-west-2a", "us-west-2b", "us-west-2c"] }
  requires  = [component.db_west]
  soft      = [component.cache_west]
  bootstrap = [component.config]
}

component "db_east" {
  kind      = "database"
  replicas  = 2
  placement { zone = ["us-east-1a", "us-east-1b"] }
}

component "db_west" {
  kind      = "database"
  replicas  = 2
  placement { zone = ["us-west-2a", "us-west-2b"] }
}

component "cache_east" {
  kind      = "cache"
  placement { zone = "us-east-1c" }
}

component "cache_west" {
  kind      = "cache"
  placement { zone = "us-west-2c" }
}

component "config" {
  kind      = "config"
  replicas  = 2
  placement { zone = ["us-east-1b", "us-west-2b"] }
}

component "status_page" {
  kind      = "monitor"
  replicas  = 2
  placement { provider = "statuspage-vendor" }
  monitors  = [component.front_door, component.api_east, component.api_west]
}
