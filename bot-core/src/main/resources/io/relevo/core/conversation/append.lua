-- Appends a person's message, once per client message id, and takes the processing lock for the
-- caller when it is free and a message waits (so the caller answers without another round trip).
-- KEYS: meta, log, clientIds, lock
-- ARGV: ttlMs, clientMessageId or '', message JSON, channel, lock token or '' (do not take it), leaseMs
-- Returns {'NEW'|'DUP'|'GONE'|'CLOSED', messageId, what hold() returns or {}}
local function take()
  if ARGV[5] == '' then
    return {}
  end
  return hold(KEYS[4], KEYS[1], KEYS[2], ARGV[5], ARGV[6])
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'GONE', '', {}}
end
if ARGV[2] ~= '' then
  local existing = redis.call('HGET', KEYS[3], ARGV[2])
  if existing then
    return {'DUP', existing, take()}
  end
end
if redis.call('HGET', KEYS[1], 'state') == 'closed' then
  return {'CLOSED', '', {}}
end
local id = redis.call('XADD', KEYS[2], '*', 'm', ARGV[3])
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[2], id)
  redis.call('PEXPIRE', KEYS[3], ARGV[1])
end
redis.call('HSET', KEYS[1], 'lastIn', id)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[4], '{"type":"message","id":"' .. id .. '","m":' .. ARGV[3] .. '}')
return {'NEW', id, take()}
