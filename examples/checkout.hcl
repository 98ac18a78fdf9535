# A checkout path that is "redundant" everywhere, and still fragile: the outages the
# seed articles tell of, that no replica count reveals.
#
# - Two payment replicas each run near half of the peak load: when one fails, the
#   other receives the whole peak and falls over too (cascading overload).
# - The web tier, checkout and payments each retry three times: one request can
#   become 64 calls to the bank gateway exactly when it is struggling (retry storm).
# - Checkout calls the fraud service without a timeout: a slow fraud check holds
#   checkout's threads until it has none left.
# - The TLS certificate is renewed by hand.
# - Checkout promises six nines, more than three zones of 99.95% can give it.
#
# faultline finds (pinned by cmd/faultline/testdata/script/examples.txtar, with
# --now 2026-11-25):
# - capacity-headroom on component.payments: after instance of component.payments,
#   1 of 2 instances are left with capacity 60 for a load of 100 (60%).
# - retry-amplification on component.bank_gateway: 64 attempts per request along
#   web -> checkout -> payments -> bank_gateway.
# - missing-timeout on component.checkout: its call to component.fraud.
# - cert-expiry on component.shop_tls: renewed by hand (a warning today; an error
#   from 2026-12-06, 30 days before it expires).
# - slo-infeasible on component.checkout: 99.9999% promised, 99.99938% delivered.

component "shop_tls" {
  kind       = "certificate"
  expires    = "2027-01-05"
  auto_renew = false
}

component "web" {
  kind       = "lb"
  entrypoint = true
  replicas   = 3
  placement  { zone = ["a", "b", "c"] }
  requires   = [component.shop_tls]
  call "checkout" {
    target  = component.checkout
    timeout = "10s"
    retries = 3
  }
}

component "checkout" {
  kind         = "service"
  replicas     = 3
  placement    { zone = ["a", "b", "c"] }
  availability = 0.999
  slo          = 0.999999
  call "payments" {
    target  = component.payments
    timeout = "5s"
    retries = 3
  }
  call "fraud" {
    target  = component.fraud
    retries = 1
  }
}

component "fraud" {
  kind         = "service"
  replicas     = 2
  placement    { zone = ["a", "b"] }
  availability = 0.999
}

component "payments" {
  kind         = "service"
  replicas     = 2
  placement    { zone = ["a", "b"] }
  capacity     = 60    # requests/s per instance
  load         = 100   # peak requests/s
  availability = 0.999
  call "bank" {
    target  = component.bank_gateway
    timeout = "3s"
    retries = 3
  }
}

component "bank_gateway" {
  kind         = "service"
  replicas     = 2
  placement    { zone = ["a", "b"] }
  availability = 0.999
}
