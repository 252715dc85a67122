-- Deactivates a tenant: admission refuses its new jobs, running jobs keep their leases and finish.
-- KEYS: 1 config, 2 quota. ARGV: 1 expected version ('' = any).
-- Returns {status (1 done, 0 version mismatch, -1 unknown), version}.
local current = redis.call('HGET', KEYS[1], 'version')
if not current then
  return {-1, 0}
end
current = tonumber(current)
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= current then
  return {0, current}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local version = current
if redis.call('HGET', KEYS[1], 'status') ~= 'DEACTIVATED' then
  version = current + 1
  redis.call('HSET', KEYS[1], 'status', 'DEACTIVATED', 'version', version, 'updatedAt', now)
end
redis.call('HSET', KEYS[2], 'status', 'INACTIVE')
return {1, version}
