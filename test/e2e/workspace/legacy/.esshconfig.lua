-- Fixture: a namespace-era (ESSH 2.1) config; under 3.x `namespace` is a removed built-in.
namespace "infra" {
	hosts = {
		["infra01"] = {
			HostName = "172.16.0.1",
			description = "namespace host",
		},
	},
	tasks = {
		ping = {
			backend = "remote",
			targets = "infra01",
			script = "ping -c1 localhost",
		},
	},
}
