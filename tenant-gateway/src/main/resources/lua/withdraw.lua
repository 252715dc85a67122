-- Undoes an admission whose job could not be handed to Kafka, or whose answer the gateway stopped
-- waiting for: frees the lease and its resources, takes the request out of the rate window and
-- forgets the job. It also marks the job withdrawn, so that an admission of it that reaches Redis
-- only now (sent before the gateway gave up, delayed on the way) admits nothing: in either order
-- nothing stays reserved.
-- KEYS: 1 leases, 2 lease resources, 3 usage, 4 request log, 5 job, 6 job index, 7 idempotency key
-- (forgotten only if it names this job, so the client's retry is admitted afresh), 8 withdrawn
-- marker. ARGV: 1 jobId, 2 seconds the marker lives.
-- Returns the number of leases freed (0 or 1).
redis.call('SET', KEYS[8], '1', 'EX', ARGV[2])
local released = redis.call('ZREM', KEYS[1], ARGV[1])
local res = redis.call('HGET', KEYS[2], ARGV[1])
if res then
  local sep = string.find(res, ':', 1, true)
  redis.call('HINCRBY', KEYS[3], 'memoryMb', -tonumber(string.sub(res, 1, sep - 1)))
  redis.call('HINCRBY', KEYS[3], 'cpuMilli', -tonumber(string.sub(res, sep + 1)))
  redis.call('HDEL', KEYS[2], ARGV[1])
end
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('DEL', KEYS[5])
redis.call('ZREM', KEYS[6], ARGV[1])
local seen = redis.call('GET', KEYS[7])
if seen and string.sub(seen, -string.len(ARGV[1])) == ARGV[1] then
  redis.call('DEL', KEYS[7])
end
return released
