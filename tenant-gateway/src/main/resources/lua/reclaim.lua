-- Shared by admit.lua and usage.lua (LuaScript places it before them): reclaims the leases of a
-- tenant that expired by `now` without a completion (crashed worker, lost event).
-- KEYS[1] leases (zset jobId -> lease expiry ms), KEYS[2] lease resources (hash jobId ->
-- "memoryMb:cpuMilli"), KEYS[3] usage (hash memoryMb, cpuMilli) of the script it is part of.
-- Frees each lease's resources, and marks its job TIMED_OUT (errorType LeaseExpired) rather than
-- leaving it QUEUED or RUNNING forever; a completion arriving later still records the real outcome
-- (complete.lua). A job's key shares the tenant's hash tag with KEYS[1].
-- At most RECLAIM_BATCH leases per call, oldest first: a script blocks the whole Redis while it
-- runs, and thousands of leases can expire together (a fleet of workers lost, a burst never
-- completed); reclaiming them all at once held Redis for tens of ms. The rest are reclaimed by the
-- following calls; until then they are not counted as running (admit.lua and usage.lua count live
-- leases only), but their memory and CPU still are, so an admission errs on the side of refusing.
-- Returns the number of leases reclaimed.
local RECLAIM_BATCH = 256
local function reclaimExpiredLeases(now)
  local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, RECLAIM_BATCH)
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
    redis.call('ZREM', KEYS[1], unpack(expired))
  end
  return #expired
end
