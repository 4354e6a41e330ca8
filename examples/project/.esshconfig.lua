-- A small ESSH project: the README's quick start runs the checker and the lookups on it.
-- Try: node dist/cli.js hosts --root examples/project

-- Shared helpers live in .essh/lib/, which ESSH puts on the require path.
local ops = require "ops"

-- Hosts: ssh_config keys start with an upper-case letter, ESSH keys are lower case.
host "web01" {
    HostName = "10.0.0.11",
    description = "web server 1",
    tags = { "web", "production" },
}

host "web02" {
    HostName = "10.0.0.12",
    description = "web server 2 (canary)",
    tags = { "web", "production", "canary" },
}

host "db01" {
    HostName = "10.0.1.5",
    User = "postgres",
    description = "primary database",
    tags = { "db", "production" },
}

-- A hidden host is left out of `essh --hosts`, but tasks and ssh still reach it.
host "bastion" {
    HostName = "203.0.113.10",
    User = "admin",
    description = "jump host",
    hidden = true,
}

-- Group keys are defaults for every member (own values win).
group {
    User = "deploy",
    ProxyJump = "bastion",
    tags = { "staging" },

    host "stage-web01" { HostName = "10.1.0.11" },
    host "stage-db01" { HostName = "10.1.0.5", User = "postgres" },
}

-- A driver wraps every task script; this one prints each step.
driver "steps" {
    engine = [=[
{{template "environment" .}}
set -e
{{range $i, $s := .Scripts}}
echo '==> step {{$i}}'
{{$s.code}}
{{end}}
]=],
}

task "deploy" {
    description = "deploy the application to the production web servers",
    backend = "remote",
    targets = { "web" },
    filters = { "production" },
    driver = "steps",
    script = {
        "cd /srv/app",
        "git pull --ff-only",
        "sudo systemctl restart app",
    },
}

task "db-backup" {
    description = "dump the production database",
    backend = "remote",
    targets = "db",
    filters = "production",
    script = ops.backup_script("app"),
}

task "uptime" {
    description = "uptime of every staging host",
    backend = "remote",
    targets = "staging",
    parallel = true,
    prefix = true,
    script = "uptime",
}
