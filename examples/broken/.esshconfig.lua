-- Realistic mistakes; `npm run demo:broken` shows what the checker says (and exits 1).

host "web01" {
    HostName = "10.0.0.11",
    Port = 22,                    -- ssh_config values must be strings: ESSH stops on this
    tag = { "web" },              -- the key is `tags`
}

host "web02" {
    HostName = "10.0.0.12",
    tags = { "web" },
}

task "web02" {                    -- a task named like a host: ESSH refuses to start
    script = "echo clash",
}

task "deploy" {
    backend = "remote",
    targets = { "wbe" },          -- a typo: selects no host, so the task cannot run
    script = "make deploy",
}
