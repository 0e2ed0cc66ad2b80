-- Takes the conversation's processing lock, or takes it back with the token of an earlier hold
-- of this caller that could not be released (Redis was away).
-- KEYS: lock   ARGV: token, leaseMs
-- Returns 0 when the caller holds the lock, else the holder's remaining lease in ms (at least 1)
local holder = redis.call('GET', KEYS[1])
if not holder or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 0
end
return math.max(redis.call('PTTL', KEYS[1]), 1)
