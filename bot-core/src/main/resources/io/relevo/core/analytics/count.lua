-- Counts one event of one conversation, once: the conversation's own record (KEYS[1],
-- {analytics}:c:ID) says what was already counted for it, so a retried or repeated event, or the
-- same event from two instances, changes nothing. Every count it takes back was added by this
-- script (the record says so) and never goes below zero.
-- KEYS: 1 the conversation's record, 2 its day bucket ({analytics}:d:DAY:CHANNEL, the day it
--       started), 3 {analytics}:outcomes, 4 {analytics}:totals, 5 {analytics}:csat
-- ARGV: 1 event (start|shown|rated|ticket|handoff|csat), 2 and 3 its arguments,
--       4 the record's TTL (ms, the conversation's retention), 5 the bucket's TTL (ms)
local own, day, outcomes, totals, csat = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local event, a, b = ARGV[1], ARGV[2], ARGV[3]

local function down(key, field)
  local n = tonumber(redis.call('HGET', key, field) or '0') or 0
  if n > 0 then
    redis.call('HINCRBY', key, field, -1)
  end
end

local function up(key, field)
  redis.call('HINCRBY', key, field, 1)
end

-- none -> resolved_by_bot -> handed_off; a conversation that reached a person stays handed off
local function outcome(now)
  local was = redis.call('HGET', own, 'outcome')
  if was == now or was == 'handed_off' then
    return
  end
  if was then
    down(day, 'outcome|' .. was)
    down(outcomes, was)
  end
  up(day, 'outcome|' .. now)
  up(outcomes, now)
  redis.call('HSET', own, 'outcome', now)
end

-- the person went on to a person or a ticket: the articles shown before did not deflect
local function undeflect()
  local fields = redis.call('HKEYS', own)
  for _, f in ipairs(fields) do
    if string.sub(f, 1, 5) == 'defl|' then
      redis.call('HDEL', own, f)
      down(day, 'deflected|' .. string.sub(f, 6))
    end
  end
end

if event == 'start' then
  if redis.call('HSETNX', own, 'started', '1') == 1 then
    up(day, 'conversations')
    up(totals, 'conversations')
  end
elseif event == 'shown' then
  if a == '' then
    return 0
  end
  if redis.call('HSETNX', own, 'shown|' .. a, '1') == 1 then
    up(day, 'shown|' .. a)
  end
  if redis.call('HSETNX', own, 'defl|' .. a, '1') == 1 then
    up(day, 'deflected|' .. a)
  end
elseif event == 'rated' then
  if a == '' then
    return 0
  end
  local now = b == '1' and 'helpful' or 'not_helpful'
  local was = redis.call('HGET', own, 'rated|' .. a)
  if was ~= now then
    if was then
      down(day, was .. '|' .. a)
    end
    up(day, now .. '|' .. a)
    redis.call('HSET', own, 'rated|' .. a, now)
  end
  if now == 'helpful' then
    outcome('resolved_by_bot')
  end
elseif event == 'ticket' then
  undeflect()
  if redis.call('HSETNX', own, 'ticket', '1') == 1 then
    up(day, 'tickets')
  end
  if b == '1' then
    outcome('resolved_by_bot')
  end
elseif event == 'handoff' then
  if a == '' then
    return 0
  end
  undeflect()
  if b == '1' then
    if redis.call('HSETNX', own, 'handoff', a) == 1 then
      up(day, 'handoff|' .. a)
      up(totals, 'handoff|' .. a)
    end
    outcome('handed_off')
  elseif redis.call('HSETNX', own, 'unavailable', a) == 1 then
    up(day, 'unavailable|' .. a)
  end
elseif event == 'csat' then
  local was = redis.call('HGET', own, 'csat')
  if was ~= a then
    if was then
      down(day, 'csat|' .. was)
      down(csat, was)
    end
    up(day, 'csat|' .. a)
    up(csat, a)
    redis.call('HSET', own, 'csat', a)
  end
else
  return redis.error_reply('unknown analytics event ' .. tostring(event))
end
redis.call('PEXPIRE', own, ARGV[4])
redis.call('PEXPIRE', day, ARGV[5])
return 1
