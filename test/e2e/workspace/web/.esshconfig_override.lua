-- Fixture: the _override file of the "web" set; loaded after .esshconfig.lua.
host "db01" {
	HostName = "10.0.0.21",
	description = "primary database",
	tags = { "db" },
}
