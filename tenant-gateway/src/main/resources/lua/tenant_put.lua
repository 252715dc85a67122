-- Creates or replaces a tenant's registration and the admission record the admission script reads.
-- KEYS: 1 config (hash: json, version, status, createdAt, updatedAt), 2 quota (hash read by admit.lua)
-- ARGV: 1 expected version ('' = any, '0' = must not exist, '-1' = must exist), 2 registration JSON, 3 isolation,
--       4 maxConcurrentAgents, 5 maxMemoryMb, 6 maxCpuMilli, 7 maxRequestsPerMinute,
--       8 maxExecutionTimeSeconds, 9 maxStorageGb, 10 allowed agents (',a,b,'; '' = every agent)
-- Returns {status (1 written, 0 version mismatch), version, created 0|1, createdAt ms, updatedAt ms}.
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
local expected = ARGV[1]
if (expected == '-1' and current == 0) or (expected ~= '' and expected ~= '-1' and tonumber(expected) ~= current) then
  return {0, current, 0, 0, 0}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local version = current + 1
redis.call('HSETNX', KEYS[1], 'createdAt', now)
redis.call('HSET', KEYS[1], 'json', ARGV[2], 'version', version, 'status', 'ACTIVE', 'updatedAt', now)
redis.call('HSET', KEYS[2], 'status', 'ACTIVE', 'isolation', ARGV[3], 'maxConcurrentAgents', ARGV[4],
  'maxMemoryMb', ARGV[5], 'maxCpuMilli', ARGV[6], 'maxRequestsPerMinute', ARGV[7],
  'maxExecutionTimeSeconds', ARGV[8], 'maxStorageGb', ARGV[9], 'allowedAgents', ARGV[10])
local created = 0
if current == 0 then created = 1 end
return {1, version, created, tonumber(redis.call('HGET', KEYS[1], 'createdAt')), now}
