-- Reads a tenant's live usage; reclaims expired leases first so the figures are current.
-- KEYS: 1 leases, 2 lease resources, 3 usage, 4 request log, 5 tenant.
-- ARGV: 1 now ms override ('' = Redis TIME), 2 rate window ms.
-- Returns {tenant exists 0|1, active, memoryMb, cpuMilli, requests in window, leases reclaimed, now ms,
--   limits (maxConcurrentAgents, maxMemoryMb, maxCpuMilli, maxRequestsPerMinute, maxExecutionTimeSeconds,
--   maxStorageGb; '' where the tenant's record has none)}.
local now
if ARGV[1] ~= '' then
  now = tonumber(ARGV[1])
else
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local exists = redis.call('EXISTS', KEYS[5])
local reclaimed = reclaimExpiredLeases(now) -- reclaim.lua, placed before this script
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - tonumber(ARGV[2]))
local usage = redis.call('HMGET', KEYS[3], 'memoryMb', 'cpuMilli')
local q = redis.call('HMGET', KEYS[5], 'maxConcurrentAgents', 'maxMemoryMb', 'maxCpuMilli',
  'maxRequestsPerMinute', 'maxExecutionTimeSeconds', 'maxStorageGb')
return {exists, redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf'), tonumber(usage[1] or 0), tonumber(usage[2] or 0),
  redis.call('ZCARD', KEYS[4]), reclaimed, now, q[1] or '', q[2] or '', q[3] or '', q[4] or '', q[5] or '', q[6] or ''}
