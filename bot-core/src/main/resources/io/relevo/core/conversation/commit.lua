-- Records the bot's answer to one message, only while the caller still holds the lock, then hands
-- the caller the next message waiting for its answer or, when none waits, releases the lock.
-- KEYS: meta, log, results, lock, clientIds
-- ARGV: lockToken, messageId, ttlMs, leaseMs, channel, nReplies, reply JSONs..., then attribute name/value pairs ('' deletes)
-- Returns {recorded replies JSON} with the lock released, or {recorded replies JSON, conversation
-- record fields, next message id, next message JSON} with the lock kept for another lease.
local function handOn(replies)
  local pending = nextPending(KEYS[1], KEYS[2])
  if not pending then
    redis.call('DEL', KEYS[4])
    return {replies}
  end
  redis.call('PEXPIRE', KEYS[4], ARGV[4])
  return {replies, redis.call('HGETALL', KEYS[1]), pending[1], pending[2]}
end
if redis.call('GET', KEYS[4]) ~= ARGV[1] then
  return redis.error_reply('LOCK_LOST the conversation is being processed elsewhere')
end
-- already recorded: this is the same commit sent again (a client resends commands that were in
-- flight when its connection dropped), so nothing is appended twice
local recorded = redis.call('HGET', KEYS[3], ARGV[2])
if recorded then
  return handOn(recorded)
end
local ttl = ARGV[3]
local channel = ARGV[5]
local n = tonumber(ARGV[6])
local parts = {}
for i = 1, n do
  local json = ARGV[6 + i]
  local id = redis.call('XADD', KEYS[2], '*', 'm', json)
  parts[i] = '{"id":"' .. id .. '","m":' .. json .. '}'
  redis.call('PUBLISH', channel, '{"type":"message","id":"' .. id .. '","m":' .. json .. '}')
end
local i = 7 + n
while i < #ARGV do
  if ARGV[i + 1] == '' then
    redis.call('HDEL', KEYS[1], 'a:' .. ARGV[i])
  else
    redis.call('HSET', KEYS[1], 'a:' .. ARGV[i], ARGV[i + 1])
  end
  i = i + 2
end
local replies = '[' .. table.concat(parts, ',') .. ']'
redis.call('HSET', KEYS[3], ARGV[2], replies)
redis.call('HSET', KEYS[1], 'processed', ARGV[2])
for k = 1, 3 do
  redis.call('PEXPIRE', KEYS[k], ttl)
end
if redis.call('EXISTS', KEYS[5]) == 1 then
  redis.call('PEXPIRE', KEYS[5], ttl)
end
redis.call('PUBLISH', channel, '{"type":"processed","messageId":"' .. ARGV[2] .. '","replies":' .. replies .. '}')
return handOn(replies)
