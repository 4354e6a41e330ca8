-- Helpers shared by the project's config: `require "ops"` finds this file in .essh/lib/.
local ops = {}

function ops.backup_script(database)
    return "pg_dump " .. database .. " | gzip > /var/backups/" .. database .. ".sql.gz"
end

return ops
