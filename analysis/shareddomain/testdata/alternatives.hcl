# Both alternatives of a requires_any group sit in one zone.
component "dns_a" {
  placement { zone = "a" }
}
component "dns_b" {
  placement { zone = "a" }
}
component "api" {
  entrypoint = true
  replicas   = 2
  placement  { zone = ["a", "b"] }
  requires_any "dns" { # want `zone=a takes down 2 of the 2 alternatives of requires_any "dns" of component.api, which needs 1`
    of   = [component.dns_a, component.dns_b]
    need = 1
  }
}
