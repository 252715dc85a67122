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
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
-- A job whose lease ran out without a completion is TIMED_OUT (errorType LeaseExpired) rather
-- than QUEUED or RUNNING forever; a completion arriving later still records the real outcome
-- (complete.lua). Its key shares the tenant's hash tag with KEYS[1].
local jobPrefix = string.sub(KEYS[1], 1, -7) .. 'job:'
for _, id in ipairs(expired) do
  local res = redis.call('HGET', KEYS[2], id)
  if res then
    local sep = string.find(res, ':', 1, true)
    redis.call('HINCRBY', KEYS[3], 'memoryMb', -tonumber(string.sub(res, 1, sep - 1)))
    redis.call('HINCRBY', KEYS[3], 'cpuMilli', -tonumber(string.sub(res, sep + 1)))
    redis.call('HDEL', KEYS[2], id)
  end
  local jobKey = jobPrefix .. id
  local st = redis.call('HGET', jobKey, 'status')
  if st == 'QUEUED' or st == 'RUNNING' then
    redis.call('HSET', jobKey, 'status', 'TIMED_OUT', 'completedAt', now, 'updatedAt', now,
      'errorType', 'LeaseExpired', 'errorMessage',
      'no completion arrived within the lease (maxExecutionTimeSeconds plus grace); its capacity was reclaimed')
  end
end
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
end
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - tonumber(ARGV[2]))
local usage = redis.call('HMGET', KEYS[3], 'memoryMb', 'cpuMilli')
local q = redis.call('HMGET', KEYS[5], 'maxConcurrentAgents', 'maxMemoryMb', 'maxCpuMilli',
  'maxRequestsPerMinute', 'maxExecutionTimeSeconds', 'maxStorageGb')
return {exists, redis.call('ZCARD', KEYS[1]), tonumber(usage[1] or 0), tonumber(usage[2] or 0),
  redis.call('ZCARD', KEYS[4]), #expired, now, q[1] or '', q[2] or '', q[3] or '', q[4] or '', q[5] or '', q[6] or ''}
