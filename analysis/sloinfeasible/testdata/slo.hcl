# 99.99% promised on three services in series: 0.999 × 0.9995 × 0.998 = 99.650%.
component "api" { # want `slo-infeasible: component.api promises 99.9900% but its dependencies deliver 99.650%; the weakest link is component.db \(99.800% on its own, with its domains\)`
  entrypoint   = true
  availability = 0.999
  slo          = 0.9999
  requires     = [component.orders]
}
component "orders" {
  availability = 0.9995
  requires     = [component.db]
}
component "db" { availability = 0.998 }

# A promise the structure keeps: two replicas of 99.9% give 99.9999%.
component "web" {
  entrypoint   = true
  replicas     = 2
  availability = 0.999
  slo          = 0.9999
}
