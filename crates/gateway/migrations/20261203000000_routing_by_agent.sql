-- Routing asks, for every candidate agent, whether a call rings at them or is in progress with
-- them. With only `calls_open` (by state), each of those questions read every open call: with
-- 10,000 agents and as many calls in progress, counting the free agents took about 300 ms, in
-- the write transaction (docs/performance.md, "Routing with many agents").
CREATE INDEX calls_open_by_offered_agent ON calls (offered_agent_id) WHERE state <> 'ended';
CREATE INDEX calls_open_by_agent ON calls (agent_id) WHERE state <> 'ended';
-- The agents routing may pick: the count and the longest-idle choice read only these.
CREATE INDEX agents_available ON agents (idle_since, id) WHERE status = 'available' AND active = 1;
-- Whether a chat is already offered to an agent.
CREATE INDEX chats_offered_by_agent ON chats (offered_agent_id) WHERE state = 'offered';
