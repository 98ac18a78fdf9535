# A cycle through 12 components: the message lists its first 10 edges and says
# how many more there are.
component "r00" {
  replicas = 2
  requires = [component.r01] # want `dependency-cycle: dependency cycle: component.r00 requires component.r01, .*, component.r09 requires component.r10, and 2 more edges back to component.r00; after a full outage none of 12 components can start first`
}
component "r01" {
  replicas = 2
  requires = [component.r02]
}
component "r02" {
  replicas = 2
  requires = [component.r03]
}
component "r03" {
  replicas = 2
  requires = [component.r04]
}
component "r04" {
  replicas = 2
  requires = [component.r05]
}
component "r05" {
  replicas = 2
  requires = [component.r06]
}
component "r06" {
  replicas = 2
  requires = [component.r07]
}
component "r07" {
  replicas = 2
  requires = [component.r08]
}
component "r08" {
  replicas = 2
  requires = [component.r09]
}
component "r09" {
  replicas = 2
  requires = [component.r10]
}
component "r10" {
  replicas = 2
  requires = [component.r11]
}
component "r11" {
  replicas = 2
  requires = [component.r00]
}
