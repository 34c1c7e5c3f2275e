//! What the agent is writing in each chat, kept in `sessionStorage` so that a reload of the
//! iframe (same tab) brings the draft back. Keyed by agent and chat, so two agents signing in
//! one after the other in the same tab never see each other's drafts.

/// The `sessionStorage` key of the draft of `chat_id` for `agent_id`.
pub fn key(agent_id: u64, chat_id: u64) -> String {
    format!("agent-adapter.draft.{agent_id}.{chat_id}")
}

/// The stored draft of `chat_id`, if any (an empty string counts as none).
pub fn load(agent_id: u64, chat_id: u64) -> Option<String> {
    let stored = session_storage()?
        .get_item(&key(agent_id, chat_id))
        .ok()??;
    (!stored.is_empty()).then_some(stored)
}

/// Keeps `text` as the draft of `chat_id`; an empty text removes it.
pub fn save(agent_id: u64, chat_id: u64, text: &str) {
    let Some(storage) = session_storage() else {
        return;
    };
    let key = key(agent_id, chat_id);
    let stored = if text.is_empty() {
        storage.remove_item(&key)
    } else {
        storage.set_item(&key, text)
    };
    if stored.is_err() {
        leptos::logging::warn!("could not keep the draft: a reload will lose it");
    }
}

/// Forgets the draft of `chat_id`.
pub fn clear(agent_id: u64, chat_id: u64) {
    save(agent_id, chat_id, "");
}

/// `sessionStorage`, when the browser grants it (a sandboxed frame may not: drafts then live
/// only as long as the page).
fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}
