-- Personal additions that are not committed: ESSH loads this file after .esshconfig.lua.
-- Add new hosts and tasks here; redefining a project host would replace it entirely.

host "my-vm" {
    HostName = "192.168.56.10",
    User = "vagrant",
    description = "my local test VM",
    tags = { "staging" },
}

task "hello" {
    description = "a local task of my own",
    script = "echo hello from $(hostname)",
}
