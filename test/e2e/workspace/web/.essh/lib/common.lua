-- Fixture: a module required by web/.esshconfig.lua (found through .essh/lib/).
driver "careful" {
	engine = [=[
{{range $i, $script := .Scripts}}{{$script.code}}
{{end}}
]=],
}

host "cache01" {
	HostName = "10.0.0.41",
	description = "cache node",
}

return { driver_name = "careful" }
