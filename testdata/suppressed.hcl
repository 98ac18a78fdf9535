# faultline:ignore spof a test database: losing it loses nothing that matters
component "db" {
  kind = "database"
}

component "api" {
  kind       = "service"
  entrypoint = true
  replicas   = 2
  placement  { zone = ["a", "b"] }
  requires   = [component.db]
}
