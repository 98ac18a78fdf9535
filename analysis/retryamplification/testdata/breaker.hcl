# A circuit breaker on the middle hop stops the multiplication: 4 at orders, then
# 4 again below the breaker: 4 × 4 = 16 at the bottom, from a raw 64.
component "db" { replicas = 2 }
component "ledger" {
  replicas = 2
  call "db" { # want `retries multiply to 16 attempts per request at component.db along component.web -> component.orders \(×4\) -> component.ledger \(×4, circuit breaker\) -> component.db \(×4\) \(threshold 10\); circuit breakers on component.orders -> component.ledger cut it from 64`
    target  = component.db
    timeout = "1s"
    retries = 3
  }
}
component "orders" {
  replicas = 2
  call "ledger" {
    target          = component.ledger
    timeout         = "2s"
    retries         = 3
    circuit_breaker = true
  }
}
component "web" {
  entrypoint = true
  replicas   = 2
  call "orders" {
    target  = component.orders
    timeout = "3s"
    retries = 3
  }
}
