component "api" {
  entrypoint = true
  replicas   = 2
  placement  { zone = ["a", "a"] }
}
component "alerts" {
  replicas  = 2
  placement { zone = ["a", "a"] }
}
component "pager" {
  placement { zone = "b" }
}
component "api_monitor" {
  replicas     = 2
  placement    { zone = ["a", "b"] }
  requires     = [component.alerts]
  monitors     = [component.api] # want `component.api_monitor and component.api, which it monitors, both go down with zone=a`
}
# An independent monitor.
component "external" {
  placement { zone = "elsewhere" }
  requires  = [component.pager]
  monitors  = [component.api]
}
component "status" {
  monitored_by = [component.pager]
}
