-- Appends a message written by someone other than the person (an agent, the system).
-- KEYS: meta, log   ARGV: ttlMs, message JSON, channel
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'GONE', ''}
end
local id = redis.call('XADD', KEYS[2], '*', 'm', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[3], '{"type":"message","id":"' .. id .. '","m":' .. ARGV[2] .. '}')
return {'NEW', id}
