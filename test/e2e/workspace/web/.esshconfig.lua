-- Fixture for the real-VS-Code e2e suite: the "web" evaluation set (project file).
-- db01 is defined in the _override file and cache01 in the .essh/lib module, so
-- definition, references and rename cross files. Line numbers are asserted by tests.
local common = require "common"

host "web01" {
	HostName = "10.0.0.11",
	User = "deploy",
	description = "first web server",
	tags = { "web", "frontend" },
}

host "web02" {
	HostName = "10.0.0.12",
	description = "second web server",
	tags = { "web" },
}

host "bastion" {
	HostName = "bastion.example.com",
	description = "jump host",
	hidden = true,
}

group {
	User = "ops",
	tags = { "monitored" },

	host "mon01" {
		HostName = "10.0.0.31",
		description = "monitoring",
	},
	host "mon02" {
		HostName = "10.0.0.32",
	},
}

task "deploy" {
	description = "ship the site",
	backend = "remote",
	targets = { "web", "db01" },
	script = "echo deploy",
}

task "restart" {
	backend = "remote",
	targets = { "web02" },
	driver = common.driver_name,
	script = "echo restart",
}

task "check" {
	backend = "remote",
	targets = { "cache01", "weeb01" },
	script = "uptime",
}
