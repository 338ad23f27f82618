// Lua scripts for Redis: each kept with its SHA-1, so it runs by hash and is
// sent in full only when Redis has forgotten it (redis-connection.ts).
import { createHash } from 'node:crypto';

export interface LuaScript {
  source: string;
  sha: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** Sets the Lua local `now` to the Redis clock, in ms: one clock for every process. */
export const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
