-- Chat routing and its sweeper look for queued and offered chats several times a second;
-- without this index each of those looks read every chat ever held.
CREATE INDEX chats_by_state ON chats (state, id);
