-- A failed webhook delivery: counts the attempt, then either puts the delivery back in the outbox
-- after a back-off or, after the last attempt, moves it to the dead-letter list, which keeps only
-- the newest ARGV[6] entries. Does nothing when the delivery is gone (its person was erased).
-- KEYS: 1 outbox zset, 2 items hash, 3 attempts hash, 4 dead-letter list
-- ARGV: 1 delivery id, 2 max attempts, 3 now (ms), 4 first back-off (ms), 5 longest back-off (ms),
--       6 dead-letter cap, 7 the dead letter (a JSON object, without its attempts)
-- Returns {attempts, wait in ms}: wait -1 when dead-lettered; {0, 0} when the delivery is gone.
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[3], ARGV[1])
  return {0, 0}
end
local attempts = redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
if attempts >= tonumber(ARGV[2]) then
  local dead = cjson.decode(ARGV[7])
  dead.attempts = attempts
  redis.call('LPUSH', KEYS[4], cjson.encode(dead))
  redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[6]) - 1)
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('HDEL', KEYS[3], ARGV[1])
  return {attempts, -1}
end
local wait = math.min(tonumber(ARGV[5]), tonumber(ARGV[4]) * 2 ^ math.min(20, attempts - 1))
redis.call('ZADD', KEYS[1], string.format('%.0f', tonumber(ARGV[3]) + wait), ARGV[1])
return {attempts, wait}
