# Facebook, 4 October 2021 — the backbone and DNS outage.
#
# A command issued during routine maintenance withdrew every backbone link at once.
# Facebook's DNS servers are built to withdraw their own BGP announcements when they
# cannot reach the data centres (a sound rule for one sick site), so when the whole
# backbone went away every DNS site withdrew itself together. facebook.com, Instagram
# and WhatsApp vanished from the internet, and the internal tools and out-of-band
# access that engineers needed to repair it ran over the same network.
# This is a simplified model of the public post-mortem, not Facebook's real topology.
#
# faultline finds (pinned by cmd/faultline/testdata/script/examples.txtar):
# - shared-domain on component.backbone: four redundant backbone planes survive any
#   one failure, but they all run one configuration and take one command
#   (software=backbone-config-push): one event takes all four down, and with them every app.
# - common-dependency on component.backbone: the two DNS sites, alternatives of the
#   edge's requires_any "dns", both require the backbone (the hidden common cause).
# - monitor-shares-fate on component.ops_tools: the tools that watch the backbone
#   depend on it, so they go dark exactly when they are needed.

domain "site" "dc-prineville"  { parent = "region.us-west" }
domain "site" "dc-forest-city" { parent = "region.us-east" }

component "backbone" {
  kind     = "network"
  replicas = 4
  quorum   = 1
  placement {
    region   = ["us-west", "us-east", "eu-west", "ap-south"]
    software = "backbone-config-push"   # one configuration system drives every plane
  }
}

component "dns_west" {
  kind      = "dns"
  requires  = [component.backbone]       # withdraws itself when the backbone is unreachable
  placement { site = "dc-prineville" }
}

component "dns_east" {
  kind      = "dns"
  requires  = [component.backbone]
  placement { site = "dc-forest-city" }
}

component "edge" {
  kind     = "lb"
  replicas = 2
  placement { site = ["dc-prineville", "dc-forest-city"] }
  requires_any "dns" {
    of   = [component.dns_west, component.dns_east]
    need = 1
  }
}

component "facebook" {
  kind       = "service"
  entrypoint = true
  replicas   = 2
  placement  { site = ["dc-prineville", "dc-forest-city"] }
  requires   = [component.edge]
}

component "instagram" {
  kind       = "service"
  entrypoint = true
  replicas   = 2
  placement  { site = ["dc-prineville", "dc-forest-city"] }
  requires   = [component.edge]
}

component "whatsapp" {
  kind       = "service"
  entrypoint = true
  replicas   = 2
  placement  { site = ["dc-prineville", "dc-forest-city"] }
  requires   = [component.edge]
}

component "ops_tools" {
  kind      = "monitor"
  replicas  = 2
  placement { site = ["dc-prineville", "dc-forest-city"] }
  requires  = [component.backbone]       # out-of-band access rode the same network
  monitors  = [component.backbone]
}
