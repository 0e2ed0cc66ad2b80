-- Saves a ticket version when the stored version is still the expected one.
-- KEYS: 1 ticket hash, 2 all-tickets zset, 3 requester's zset, 4 outbox zset, 5 outbox items hash,
--       6 pending-approvals zset
-- ARGV: 1 expected version ('0' = must not exist), 2 new version, 3 json, 4 id, 5 created ms,
--       6 updated ms, 7 delivery id ('' = no webhook), 8 delivery payload,
--       9 when its approval is next due (ms, or '+inf'; '' = no approval pending)
local current = redis.call('HGET', KEYS[1], 'v')
if ARGV[1] == '0' then
  if current then return 0 end
elseif current ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'json', ARGV[3], 'v', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[6], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
if ARGV[7] ~= '' then
  redis.call('HSET', KEYS[5], ARGV[7], ARGV[8])
  redis.call('ZADD', KEYS[4], ARGV[6], ARGV[7])
end
if ARGV[9] ~= nil and ARGV[9] ~= '' then
  redis.call('ZADD', KEYS[6], ARGV[9], ARGV[4])
else
  redis.call('ZREM', KEYS[6], ARGV[4])
end
return 1
