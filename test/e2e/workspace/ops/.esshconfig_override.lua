-- Fixture: a broken file (unterminated table) in the "ops" set.
host "late01" {
	HostName = "192.168.1.99",

task "broken" {
