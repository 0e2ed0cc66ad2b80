-- Creates a conversation with its first messages.
-- KEYS: meta, log   ARGV: ttlMs, nFields, field/value pairs..., then message JSONs
local ttl = ARGV[1]
local nFields = tonumber(ARGV[2])
local i = 3
for _ = 1, nFields do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  i = i + 2
end
local ids = {}
local last = nil
while i <= #ARGV do
  last = redis.call('XADD', KEYS[2], '*', 'm', ARGV[i])
  ids[#ids + 1] = last
  i = i + 1
end
if last then
  redis.call('HSET', KEYS[1], 'processed', last)
else
  redis.call('HSET', KEYS[1], 'processed', '0-0')
end
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return ids
