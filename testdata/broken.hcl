# A reference to a component that does not exist: a diagnostic, and the
# finding about what could be read.
component "db" {
  kind = "database"
}

component "api" {
  entrypoint = true
  replicas   = 2
  placement  { zone = ["a", "b"] }
  requires   = [component.db, component.cache]
}
