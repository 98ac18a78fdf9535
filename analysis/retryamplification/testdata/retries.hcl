# Retries at three layers: 4 × 4 × 4 = 64 attempts at the bottom.
component "db" { replicas = 2 }
component "orders" {
  replicas = 2
  call "db" { # want `retry-amplification: retries multiply to 64 attempts per request at component.db along component.web -> component.api \(×4\) -> component.orders \(×4\) -> component.db \(×4\) \(threshold 10\)`
    target  = component.db
    timeout = "1s"
    retries = 3
  }
}
component "api" {
  replicas = 2
  call "orders" {
    target  = component.orders
    timeout = "2s"
    retries = 3
  }
  requires = [component.search]
}
component "web" {
  entrypoint = true
  replicas   = 2
  call "api" {
    target  = component.api
    timeout = "3s"
    retries = 3
  }
}
# 4 × 1: below the threshold.
component "search" {
  replicas = 2
}
