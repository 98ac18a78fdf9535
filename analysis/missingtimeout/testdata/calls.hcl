component "db" { replicas = 2 }
component "cache" { replicas = 2 }
component "api" {
  entrypoint = true
  replicas   = 2
  requires   = [component.db]
  soft       = [component.cache]
  call "db" { # want `missing-timeout: component.api calls component.db without a timeout`
    target  = component.db
    retries = 2
  }
  call "cache" {
    target  = component.cache
    timeout = "50ms"
  }
}
# No call attributes at all: nothing is known, nothing reported.
component "worker" {
  requires = [component.db]
}
