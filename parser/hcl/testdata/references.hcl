# References are exactly component.NAME, in a list.

component "db" {}

component "api" {
  requires = [
    component.db,
    "db",            # ERROR: Invalid reference
    "component.db",  # ERROR: Invalid reference
    foo.bar,         # ERROR: Invalid reference
    component,       # ERROR: Invalid reference
    component.db.id, # ERROR: Invalid reference
    component["db"], # ERROR: Invalid reference
    component.db[0], # ERROR: Invalid reference
    null,            # ERROR: Invalid reference
    upper("x"),      # ERROR: Invalid reference
    component.dbb,   # ERROR: Reference to undeclared component
  ]
  soft         = component.db     # ERROR: Invalid reference list
  bootstrap    = "component.db"   # ERROR: Invalid reference list
  monitors     = [component.nope] # ERROR: Reference to undeclared component
  monitored_by = [
    component.db,
    component.status, # ERROR: Reference to undeclared component
  ]
}

component "other" {
  # One list element per line, the errors at each element.
  soft = [component.db, component.x, component.y] # ERROR: Reference to undeclared component # ERROR: Reference to undeclared component
  bootstrap = [(component.db)]
  requires  = [for c in [1] : component.db] # ERROR: Invalid reference list
}
