//! The supervisor's DeepCall agent table: sorting and filtering, without the DOM.

use std::cmp::Ordering;

use protocol::deepcall::{AgentActivity, AgentStats};

/// A sortable column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Agent name (A → Z).
    Name,
    /// What they are doing (on call, on break, available, logged out).
    Activity,
    /// How long they have been logged in.
    Login,
    /// Available time.
    Available,
    /// Talk time.
    Talk,
    /// Calls handled.
    Calls,
}

impl SortKey {
    /// Every column, in table order.
    pub const ALL: [Self; 6] = [
        Self::Name,
        Self::Activity,
        Self::Login,
        Self::Available,
        Self::Talk,
        Self::Calls,
    ];

    /// `data-testid` / CSS spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Activity => "activity",
            Self::Login => "login",
            Self::Available => "available",
            Self::Talk => "talk",
            Self::Calls => "calls",
        }
    }

    /// Durations and counts read best largest first; names and states in their natural order.
    fn descending_first(self) -> bool {
        !matches!(self, Self::Name | Self::Activity)
    }
}

/// How the table is sorted and filtered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamTable {
    sort: SortKey,
    descending: bool,
    text: String,
    activity: Option<AgentActivity>,
}

impl Default for TeamTable {
    fn default() -> Self {
        Self {
            sort: SortKey::Activity,
            descending: false,
            text: String::new(),
            activity: None,
        }
    }
}

impl TeamTable {
    /// The sorted column and whether it is descending.
    pub fn sort(&self) -> (SortKey, bool) {
        (self.sort, self.descending)
    }

    /// A click on column `key`: sorts by it, or reverses it when it is already the sort.
    pub fn toggle(&mut self, key: SortKey) {
        if self.sort == key {
            self.descending = !self.descending;
        } else {
            self.sort = key;
            self.descending = key.descending_first();
        }
    }

    /// Only agents whose name or id contains `text` (case-insensitive).
    pub fn set_text(&mut self, text: &str) {
        self.text = text.trim().to_lowercase();
    }

    /// Only agents doing `activity` (`None`: everyone).
    pub fn set_activity(&mut self, activity: Option<AgentActivity>) {
        self.activity = activity;
    }

    /// The agents to show, filtered and sorted (ties by name, then id, so the order is stable
    /// from one refresh to the next).
    pub fn rows(&self, agents: &[AgentStats]) -> Vec<AgentStats> {
        let mut rows: Vec<AgentStats> = agents
            .iter()
            .filter(|agent| self.activity.is_none_or(|wanted| agent.state == wanted))
            .filter(|agent| {
                self.text.is_empty()
                    || agent.name.to_lowercase().contains(&self.text)
                    || agent.id.to_lowercase().contains(&self.text)
            })
            .cloned()
            .collect();
        rows.sort_by(|a, b| {
            let primary = self.compare(a, b);
            let primary = if self.descending {
                primary.reverse()
            } else {
                primary
            };
            primary
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                .then_with(|| a.id.cmp(&b.id))
        });
        rows
    }

    fn compare(&self, a: &AgentStats, b: &AgentStats) -> Ordering {
        match self.sort {
            SortKey::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            SortKey::Activity => a.state.cmp(&b.state),
            SortKey::Login => login_secs(a).cmp(&login_secs(b)),
            SortKey::Available => a.available_secs.cmp(&b.available_secs),
            SortKey::Talk => a.talk_secs.cmp(&b.talk_secs),
            SortKey::Calls => a.calls.cmp(&b.calls),
        }
    }
}

fn login_secs(agent: &AgentStats) -> Option<u64> {
    agent.login.as_ref().and_then(|login| login.duration_secs)
}
