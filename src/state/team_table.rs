//! The supervisor's DeepCall agent table: sorting and filtering, without the DOM.

use std::cmp::Ordering;

use protocol::deepcall::{AgentActivity, AgentStats};

use crate::format::lower;

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
        self.text = lower(text.trim());
    }

    /// Only agents doing `activity` (`None`: everyone).
    pub fn set_activity(&mut self, activity: Option<AgentActivity>) {
        self.activity = activity;
    }

    /// The agents to show, filtered and sorted (ties by name, then id, so the order is stable
    /// from one refresh to the next).
    pub fn rows(&self, agents: &[AgentStats]) -> Vec<AgentStats> {
        // Each name is lowered once, not in every comparison of the sort.
        let mut rows: Vec<(String, &AgentStats)> = agents
            .iter()
            .filter(|agent| self.activity.is_none_or(|wanted| agent.state == wanted))
            .map(|agent| (lower(&agent.name), agent))
            .filter(|(name, agent)| {
                self.text.is_empty()
                    || name.contains(&self.text)
                    || lower(&agent.id).contains(&self.text)
            })
            .collect();
        rows.sort_by(|(a_name, a), (b_name, b)| {
            let primary = self.compare((a_name, a), (b_name, b));
            let primary = if self.descending {
                primary.reverse()
            } else {
                primary
            };
            primary
                .then_with(|| a_name.cmp(b_name))
                .then_with(|| a.id.cmp(&b.id))
        });
        rows.into_iter().map(|(_, agent)| agent.clone()).collect()
    }

    /// The order of two agents by the chosen key, each given with its lowered name.
    fn compare(
        &self,
        (a_name, a): (&str, &AgentStats),
        (b_name, b): (&str, &AgentStats),
    ) -> Ordering {
        match self.sort {
            SortKey::Name => a_name.cmp(b_name),
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
