# An unterminated list: HCL reads to the end of the file looking for its end.

component "before" {}

component "unterminated_list" {
  requires = [component.before,
  replicas = 2 # ERROR: Missing item separator
}

component "last" {
  requires = [component.before]
}
