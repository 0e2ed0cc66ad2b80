-- Moves a conversation from one state to another, atomically; only one caller wins.
-- KEYS: meta   ARGV: ttlMs, channel, expected states (comma-separated), new state, field/value pairs ('' deletes)
-- Returns the state before (the caller lost if it is not one of the expected), or '' if gone.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return ''
end
local ok = false
for s in string.gmatch(ARGV[3], '[^,]+') do
  if s == state then ok = true end
end
if not ok then
  return state
end
redis.call('HSET', KEYS[1], 'state', ARGV[4])
local i = 5
while i < #ARGV do
  if ARGV[i + 1] == '' then
    redis.call('HDEL', KEYS[1], ARGV[i])
  else
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
  i = i + 2
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[2], '{"type":"state","from":"' .. state .. '","state":"' .. ARGV[4] .. '"}')
return state
