-- host "commented" { HostName = "x" }
host "web-01" {
    HostName = "192.168.0.11",
    Port = "22",
    description = "web server",
    tags = { "web", "prod" },
    hidden = false,
}

host("db-01", { User = "postgres", ProxyJump = "bastion" })

task "deploy" {
    targets = { "web" },
    filters = { "prod" },
    backend = "remote",
    driver = "docker",
    parallel = true,
    script = [[
        host = "not a key inside a long string"
    ]],
}

driver "docker" {
    engine = "docker run {{.Task.Name}}",
}

group {
    User = "deploy",
    hosts = { a = {}, b = {} },
}

namespace "ops" { hosts = {}, tasks = {} }

local h = essh.host "api"
h.HostName = "10.0.0.1"
h.description = "api"
if h.Port == "22" then essh.debug("default port") end
local web = essh.select_hosts("web"):get()
print(essh.version, essh.unknown_member, myessh.host)
local x = { host = 1, hostname = "lower case is no ssh keyword" }
local t = task
