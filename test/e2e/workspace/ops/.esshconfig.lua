-- Fixture: the "ops" evaluation set; web01 here is not a duplicate of web/'s web01.
host "web01" {
	HostName = "192.168.1.11",
	Port = 22,
	description = "ops copy of web01",
}

host "backup01" {
	HostName = "192.168.1.50",
	tag = { "backup" },
}

task "backup" {
	backend = "remote",
	targets = "backup01",
	script = "echo backup",
}
