-- Deletes a context entry if its version is the expected one, and removes it from its indexes.
-- KEYS[1] entry, KEYS[2] scope index. ARGV[1] expected version (-1: any), ARGV[2] tag index prefix.
-- Returns 1 when deleted, 0 on a version conflict, -1 when there is no such entry.
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SREM', KEYS[2], KEYS[1])
  return -1
end
local old = cjson.decode(current)
if tonumber(ARGV[1]) >= 0 and tonumber(old.version) ~= tonumber(ARGV[1]) then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], KEYS[1])
if type(old.tags) == 'table' then
  for _, tag in ipairs(old.tags) do
    redis.call('SREM', ARGV[2] .. tag, KEYS[1])
  end
end
return 1
