-- Marks a queued job as running. A job already running or finished is left as it is, so a late or
-- redelivered start event never moves a job backwards.
-- KEYS: 1 job. ARGV: 1 started-at ms, 2 worker id, 3 attempt. Returns 1 if the job changed.
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'QUEUED' then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('HSET', KEYS[1], 'status', 'RUNNING', 'startedAt', ARGV[1], 'workerId', ARGV[2],
  'attempt', ARGV[3], 'updatedAt', now)
return 1
