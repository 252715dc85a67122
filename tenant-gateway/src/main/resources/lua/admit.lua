-- Admits one job against every quota dimension of its tenant in a single atomic step.
-- KEYS: 1 leases (zset jobId -> lease expiry ms), 2 lease resources (hash jobId -> "memoryMb:cpuMilli"),
--       3 usage (hash memoryMb, cpuMilli), 4 request log (zset jobId -> admitted-at ms),
--       5 tenant (hash: status, isolation, limits; written by the tenant registry),
--       6 job (hash), 7 job index (zset jobId -> created ms), 8 idempotency key (string "bodyHash jobId"),
--       9 withdrawn marker of this job (string; written by withdraw.lua)
-- ARGV: 1 jobId, 2 now ms override ('' = Redis TIME; tests only), 3 lease grace ms, 4 job retention s,
--       5 memoryMb, 6 cpuMilli, 7 expected duration s,
--       8..12 defaults: maxConcurrentAgents, maxMemoryMb, maxCpuMilli, maxRequestsPerMinute,
--       maxExecutionTimeSeconds, 13 rate window ms, 14 body hash ('' = no idempotency key),
--       15 idempotency key lifetime s, 16.. job hash field/value pairs
-- Returns {code (1 admitted, 0 rejected, -1 unknown tenant, -2 deactivated, -3 agent not in the tenant's
--   allowed agents, -4 withdrawn before this admission ran), exceeded bitmask
--   (1 concurrency, 2 memory, 4 cpu, 8 requests/min, 16 execution time), active, memoryMb, cpuMilli,
--   requests in window, maxConcurrent, maxMemoryMb, maxCpuMilli, maxRpm, maxExecSeconds,
--   leases reclaimed, now ms, ms until the oldest request leaves the window, isolation, original jobId}
-- An idempotency key seen before answers code 2 (same body: the original job) or 3 (another body)
-- and changes nothing else.
-- Redis's own clock is used so that every gateway replica agrees on lease expiry and the window.
local now
if ARGV[2] ~= '' then
  now = tonumber(ARGV[2])
else
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- The gateway gave up waiting for this admission and withdrew the job before it ran: admit nothing.
if redis.call('EXISTS', KEYS[9]) == 1 then
  return {-4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now, 0, '', ''}
end

if ARGV[14] ~= '' then
  local seen = redis.call('GET', KEYS[8])
  if seen then
    local sep = string.find(seen, ' ', 1, true)
    local code = 3
    if string.sub(seen, 1, sep - 1) == ARGV[14] then code = 2 end
    return {code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now, 0, '', string.sub(seen, sep + 1)}
  end
end

local t = redis.call('HMGET', KEYS[5], 'status', 'isolation', 'maxConcurrentAgents', 'maxMemoryMb',
  'maxCpuMilli', 'maxRequestsPerMinute', 'maxExecutionTimeSeconds', 'allowedAgents')
if not t[1] then
  return {-1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now, 0, '', ''}
end
local isolation = t[2] or 'SHARED'
local maxConc = tonumber(t[3] or ARGV[8])
local maxMem = tonumber(t[4] or ARGV[9])
local maxCpu = tonumber(t[5] or ARGV[10])
local maxRpm = tonumber(t[6] or ARGV[11])
local maxExec = tonumber(t[7] or ARGV[12])
local window = tonumber(ARGV[13])
if t[1] ~= 'ACTIVE' then
  return {-2, 0, 0, 0, 0, 0, maxConc, maxMem, maxCpu, maxRpm, maxExec, 0, now, 0, isolation, ''}
end
-- The tenant's security policy: only its allowed agents run (none listed: every agent).
if t[8] and t[8] ~= '' then
  local agent = ''
  for i = 16, #ARGV - 1, 2 do
    if ARGV[i] == 'agentId' then agent = ARGV[i + 1] end
  end
  if not string.find(t[8], ',' .. agent .. ',', 1, true) then
    return {-3, 0, 0, 0, 0, 0, maxConc, maxMem, maxCpu, maxRpm, maxExec, 0, now, 0, isolation, ''}
  end
end

-- Reclaim leases whose job never completed (reclaim.lua, placed before this script).
local reclaimed = reclaimExpiredLeases(now)

-- Sliding log of admissions: at most maxRpm in any window, including across minute boundaries.
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - window)
local requests = redis.call('ZCARD', KEYS[4])
-- Live leases only: expired ones beyond this call's reclaim batch are not running.
local active = redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
local usage = redis.call('HMGET', KEYS[3], 'memoryMb', 'cpuMilli')
local mem = tonumber(usage[1] or 0)
local cpu = tonumber(usage[2] or 0)
local jobMem = tonumber(ARGV[5])
local jobCpu = tonumber(ARGV[6])

local exceeded = 0
if active + 1 > maxConc then exceeded = exceeded + 1 end
if mem + jobMem > maxMem then exceeded = exceeded + 2 end
if cpu + jobCpu > maxCpu then exceeded = exceeded + 4 end
if requests + 1 > maxRpm then exceeded = exceeded + 8 end
if tonumber(ARGV[7]) > maxExec then exceeded = exceeded + 16 end

local function resetMs()
  local oldest = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
  if #oldest == 0 then return 0 end
  return math.max(0, tonumber(oldest[2]) + window - now)
end

if exceeded > 0 then
  return {0, exceeded, active, mem, cpu, requests, maxConc, maxMem, maxCpu, maxRpm, maxExec, reclaimed, now,
    resetMs(), isolation, ''}
end

redis.call('ZADD', KEYS[1], now + maxExec * 1000 + tonumber(ARGV[3]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], jobMem .. ':' .. jobCpu)
redis.call('HINCRBY', KEYS[3], 'memoryMb', jobMem)
redis.call('HINCRBY', KEYS[3], 'cpuMilli', jobCpu)
redis.call('ZADD', KEYS[4], now, ARGV[1])
redis.call('PEXPIRE', KEYS[4], window)
redis.call('HSET', KEYS[6], 'createdAt', now, 'updatedAt', now, 'status', 'QUEUED', 'isolation', isolation,
  unpack(ARGV, 16))
redis.call('EXPIRE', KEYS[6], ARGV[4])
redis.call('ZADD', KEYS[7], now, ARGV[1])
-- The index outlives no job: entries older than the job retention point at expired hashes.
redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', now - tonumber(ARGV[4]) * 1000)
if ARGV[14] ~= '' then
  redis.call('SET', KEYS[8], ARGV[14] .. ' ' .. ARGV[1], 'EX', ARGV[15])
end
return {1, 0, active + 1, mem + jobMem, cpu + jobCpu, requests + 1, maxConc, maxMem, maxCpu, maxRpm, maxExec,
  reclaimed, now, resetMs(), isolation, ARGV[1]}
