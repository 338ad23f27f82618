// The Lua scripts of cluster membership: heartbeat, adopting the users of a
// dead process, and finding rings whose timer died with one.
import { NOW_MS, luaScript } from '../store/lua.js';

/** ARGV: prefix, node, ttl ms. 1 = the heartbeat was alive; 0 = (re)registered. */
export const HEARTBEAT = luaScript(`
local beat = ARGV[1] .. 'node:' .. ARGV[2]
if redis.call('SET', beat, '1', 'PX', ARGV[3], 'XX') then return 1 end
redis.call('SET', beat, '1', 'PX', ARGV[3])
redis.call('SADD', ARGV[1] .. 'nodes', ARGV[2])
return 0
`);

/**
 * ARGV: prefix, dead node, this node, how many, the handed-over mark. Moves
 * up to that many users of a dead (or stopped) process to this one; each is
 * taken by exactly one survivor. Forgets the process once it owns nobody
 * (and its heartbeat is gone or only the mark of a stop). Returns { taken from its
 * set, adopted keys } (a key may have changed owner since it was added).
 */
export const ADOPT = luaScript(`
local prefix, dead, heir = ARGV[1], ARGV[2], ARGV[3]
local users = redis.call('SPOP', prefix .. 'node:' .. dead .. ':users', tonumber(ARGV[4]))
local adopted = {}
for _, key in ipairs(users) do
  if redis.call('HGET', prefix .. 'owner', key) == dead then
    redis.call('HSET', prefix .. 'owner', key, heir)
    redis.call('SADD', prefix .. 'node:' .. heir .. ':users', key)
    adopted[#adopted + 1] = key
  end
end
if redis.call('SCARD', prefix .. 'node:' .. dead .. ':users') == 0 then
  local beat = redis.call('GET', prefix .. 'node:' .. dead)
  if not beat or beat == ARGV[5] then
    redis.call('DEL', prefix .. 'node:' .. dead)
    redis.call('SREM', prefix .. 'nodes', dead)
  end
end
return { #users, adopted }
`);

/**
 * ARGV: prefix, slack ms, retry ms, how many. Pending requests whose ring
 * deadline passed more than `slack` ago (their timer died with a process);
 * each is pushed back by `retry` so only one process takes it at a time.
 */
export const DUE_RINGS = luaScript(`
${NOW_MS}
local key = ARGV[1] .. 'rings'
local due = redis.call('ZRANGEBYSCORE', key, '-inf', now - tonumber(ARGV[2]), 'LIMIT', 0, tonumber(ARGV[4]))
for _, member in ipairs(due) do redis.call('ZADD', key, now - tonumber(ARGV[2]) + tonumber(ARGV[3]), member) end
return due
`);
