-- Notes a cancellation request on a job that has not finished; a finished job is left as it is.
-- KEYS: 1 job. ARGV: 1 requested-at ms. Returns the job's status, or '' if there is no such job.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return ''
end
if status == 'QUEUED' or status == 'RUNNING' then
  redis.call('HSET', KEYS[1], 'cancelRequestedAt', ARGV[1])
end
return status
