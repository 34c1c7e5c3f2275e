//! The AI suggestions of the agent's chats (`assist_updated` events and the snapshot), what the
//! agent did with them (used or dismissed), and the `Agent_Assist_Started` host event: once per
//! chat, when its first suggestion reaches the agent.

use std::collections::{BTreeMap, BTreeSet};

use protocol::assist::{AssistState, AssistView, Suggestion};
use protocol::chat::ChatView;
use protocol::host::{AgentAssistStartedData, HostEvent};

/// What the assist card of a chat shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssistShown {
    /// A suggestion is being prepared (typing indicator).
    Waiting,
    /// A suggestion to insert, edit or dismiss.
    Ready(Suggestion),
    /// No suggestion this time, and why (with "Try again").
    Unavailable(String),
}

/// The suggestions of every chat of the agent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssistDesk {
    views: BTreeMap<u64, AssistView>,
    /// Suggestions the agent inserted or dismissed: not shown again.
    done: BTreeSet<u64>,
    /// Chats whose `Agent_Assist_Started` was posted (or that had a suggestion before this
    /// adapter loaded).
    started: BTreeSet<u64>,
}

impl AssistDesk {
    /// The state of the snapshot; `started` are the chats this adapter instance (or an earlier
    /// load in the same tab) already posted `Agent_Assist_Started` for. Chats that already had
    /// a suggestion count as started: the event is about the first one.
    pub fn from_snapshot(views: &[AssistView], started: impl IntoIterator<Item = u64>) -> Self {
        let mut desk = Self {
            started: started.into_iter().collect(),
            ..Self::default()
        };
        for view in views {
            if view.state == AssistState::Ready {
                desk.started.insert(view.chat_id);
            }
            desk.views.insert(view.chat_id, view.clone());
        }
        desk
    }

    /// Takes an `assist_updated` view. Returns `Agent_Assist_Started` when it is the first
    /// suggestion of the chat, with `chat` (for its queue), the agent's id and the agent's local
    /// time `HH:MM:SS`.
    pub fn apply(
        &mut self,
        view: &AssistView,
        chat: Option<&ChatView>,
        agent_id: u64,
        local_time: &str,
    ) -> Vec<HostEvent> {
        self.views.insert(view.chat_id, view.clone());
        if view.state != AssistState::Ready || !self.started.insert(view.chat_id) {
            return Vec::new();
        }
        vec![HostEvent::AgentAssistStarted(AgentAssistStartedData {
            conversation_id: view
                .conversation_id
                .clone()
                .unwrap_or_else(|| view.chat_id.to_string()),
            queue_id: chat.map(|c| c.queue.id.to_string()).unwrap_or_default(),
            agent_id: agent_id.to_string(),
            session_id: view.chat_id.to_string(),
            queue_language_id: view.language.clone(),
            timestamp: local_time.to_owned(),
        })]
    }

    /// Takes the answer to the agent's own request (Try again): the view only. The stream brings
    /// the same change, and any host event is posted from there.
    pub fn answered(&mut self, view: &AssistView) {
        self.views.insert(view.chat_id, view.clone());
    }

    /// What the card of `chat_id` shows; `None` when nothing (no assist, or the suggestion was
    /// used or dismissed).
    pub fn shown(&self, chat_id: u64) -> Option<AssistShown> {
        let view = self.views.get(&chat_id)?;
        match view.state {
            AssistState::Waiting => Some(AssistShown::Waiting),
            AssistState::Unavailable => Some(AssistShown::Unavailable(
                view.error
                    .clone()
                    .unwrap_or_else(|| "no reason given".to_owned()),
            )),
            AssistState::Ready => view
                .suggestion
                .clone()
                .filter(|s| !self.done.contains(&s.id))
                .map(AssistShown::Ready),
        }
    }

    /// The agent inserted or dismissed suggestion `id`.
    pub fn done_with(&mut self, id: u64) {
        self.done.insert(id);
    }

    /// The chats whose `Agent_Assist_Started` is posted.
    pub fn started(&self) -> impl Iterator<Item = u64> + '_ {
        self.started.iter().copied()
    }

    /// Forgets chat `chat_id` (its tab was dismissed).
    pub fn forget(&mut self, chat_id: u64) {
        self.views.remove(&chat_id);
    }
}

/// Where the chats with a posted `Agent_Assist_Started` are kept in `sessionStorage`, per agent,
/// so a reload of the iframe does not post it again.
pub fn started_key(agent_id: u64) -> String {
    format!("agent-adapter.assist-started.{agent_id}")
}

/// The chats `sessionStorage` lists as started for `agent_id`.
pub fn load_started(agent_id: u64) -> Vec<u64> {
    session_storage()
        .and_then(|s| s.get_item(&started_key(agent_id)).ok().flatten())
        .map(|stored| {
            stored
                .split(',')
                .filter_map(|id| id.trim().parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Keeps `chats` as the started chats of `agent_id`.
pub fn save_started(agent_id: u64, chats: impl Iterator<Item = u64>) {
    let list: Vec<String> = chats.map(|id| id.to_string()).collect();
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(&started_key(agent_id), &list.join(","));
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}
