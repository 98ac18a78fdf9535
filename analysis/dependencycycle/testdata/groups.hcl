# A requires_any group that needs all its alternatives is a hard edge; one that
# can do with fewer is not.
component "x" {
  requires_any "all" {
    of   = [component.y] # want `component.x requires_any component.y, component.y requires component.x`
    need = 1
  }
}
component "y" { requires = [component.x] }
component "p" {
  requires_any "either" {
    of   = [component.q, component.r]
    need = 1
  }
}
component "q" { requires = [component.p] }
component "r" {}
