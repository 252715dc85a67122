-- Records a job's final status and frees its lease and resources, exactly once: a redelivered
-- completion finds the lease gone and the job final, and changes nothing. A job timed out by lease
-- expiry (TIMED_OUT, errorType LeaseExpired) is final only until its real completion arrives.
-- KEYS: 1 leases, 2 lease resources, 3 usage, 4 job. ARGV: 1 jobId, 2.. job hash field/value pairs.
-- Returns {lease released 0|1, job updated 0|1}.
local released = redis.call('ZREM', KEYS[1], ARGV[1])
local res = redis.call('HGET', KEYS[2], ARGV[1])
if res then
  local sep = string.find(res, ':', 1, true)
  redis.call('HINCRBY', KEYS[3], 'memoryMb', -tonumber(string.sub(res, 1, sep - 1)))
  redis.call('HINCRBY', KEYS[3], 'cpuMilli', -tonumber(string.sub(res, sep + 1)))
  redis.call('HDEL', KEYS[2], ARGV[1])
end
local status = redis.call('HGET', KEYS[4], 'status')
-- a job the gateway timed out when its lease expired (admit.lua, usage.lua) takes the real outcome
local reclaimed = status == 'TIMED_OUT' and redis.call('HGET', KEYS[4], 'errorType') == 'LeaseExpired'
if status ~= 'QUEUED' and status ~= 'RUNNING' and not reclaimed then
  return {released, 0}
end
if reclaimed then
  redis.call('HDEL', KEYS[4], 'errorType', 'errorMessage')
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('HSET', KEYS[4], 'updatedAt', now, unpack(ARGV, 2))
return {released, 1}
