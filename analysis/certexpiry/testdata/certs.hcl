# analysistest.Now is 2026-11-25; the window is 30 days.
component "expired" { # want `cert-expiry: certificate component.expired expired on 2026-11-01; when it lapses it takes down 1 entrypoint \(component.api\)`
  kind       = "certificate"
  expires    = "2026-11-01"
  auto_renew = true
}
component "manual_soon" { # want `certificate component.manual_soon expires on 2026-12-05, in 10 days, and is renewed by hand`
  kind       = "certificate"
  expires    = "2026-12-05"
  auto_renew = false
}
component "auto_soon" { # want `certificate component.auto_soon expires on 2026-12-20, in 25 days$`
  kind       = "certificate"
  expires    = "2026-12-20"
  auto_renew = true
}
component "manual_later" { # want `certificate component.manual_later is renewed by hand \(expires on 2027-06-01, in 188 days\)`
  kind       = "certificate"
  expires    = "2027-06-01"
  auto_renew = false
}
component "fine" {
  kind       = "certificate"
  expires    = "2027-06-01"
  auto_renew = true
}
component "unknown_renewal" {
  kind    = "certificate"
  expires = "2027-06-01"
}
component "api" {
  entrypoint = true
  replicas   = 2
  requires   = [component.expired]
}
