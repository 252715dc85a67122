-- Writes a context entry if its current version is the expected one (compare-and-set), and keeps
-- the scope and tag indexes in step. KEYS[1] entry, KEYS[2] scope index, KEYS[3..] new tag indexes.
-- ARGV[1] expected version (0: must not exist), ARGV[2] entry JSON, ARGV[3] TTL in ms (0: none),
-- ARGV[4] tag index prefix. Returns 1 when written, 0 on a version conflict.
local current = redis.call('GET', KEYS[1])
local old = nil
local version = 0
if current then
  old = cjson.decode(current)
  version = tonumber(old.version)
end
if version ~= tonumber(ARGV[1]) then
  return 0
end
if old and type(old.tags) == 'table' then
  for _, tag in ipairs(old.tags) do
    redis.call('SREM', ARGV[4] .. tag, KEYS[1])
  end
end
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
redis.call('SADD', KEYS[2], KEYS[1])
for i = 3, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[1])
end
return 1
