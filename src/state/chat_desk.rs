//! The chat adapter's state and rules, without the DOM.
//!
//! [`ChatDesk`] holds the agent's chats: the offers waiting for Accept / Decline, one tab per
//! accepted chat (in progress, or closed and waiting to be dismissed) with its transcript, its
//! unread count and its draft, and which tab is shown. It takes what happens (stream events,
//! and the answers of the agent's own requests) and returns the host events to post:
//!
//! - `New_Chat` + `Agent_Joined_Chat` once per chat, when this agent accepted it;
//! - `Active_Chat` when the agent switches to another tab;
//! - `Chat_Inbound_Message` once per new client message of an accepted chat;
//! - `Chat_Outbound_Message` once per message the agent sent;
//! - `Transfer_Chat` when the agent moved the chat to another destination (the tab goes);
//! - `End_Chat` once when an accepted chat closes, whoever closed it;
//! - `Dismissed_Chat` once when the agent dismisses a closed chat's tab.
//!
//! Transcripts are append-only and deduplicated by message id: a message seen again (a replay
//! after a reconnection, the same line in a chat view and in its own event, the answer of the
//! agent's send request and its stream event) changes nothing and posts nothing. A desk
//! restored from the snapshot after a reload posts nothing for what the snapshot already holds.

use std::collections::{BTreeMap, BTreeSet};

use protocol::api::AgentProfile;
use protocol::chat::{
    ChatMessage, ChatState, ChatView, ChatWithdrawReason, DeliveryState, MessageDirection,
};
use protocol::host::{ChatData, ChatMessageData, EndChatData, HostEvent, TransferData};
use protocol::stream::StreamEvent;

use crate::state::drafts;

/// How many lines of a transcript are on screen at most, however long the chat: the list stays
/// as cheap to render, lay out and update for a chat of ten thousand messages as for one of a
/// hundred.
pub const TRANSCRIPT_WINDOW: usize = 100;

/// How many lines one "earlier" or "newer" step moves the transcript's window.
pub const TRANSCRIPT_STEP: usize = 50;

/// Which part of a transcript is on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TranscriptPosition {
    /// The newest lines, following new ones as they arrive.
    #[default]
    Newest,
    /// The lines up to and including this message id (the agent went back in the chat; new
    /// lines are counted, not shown).
    EndingAt(u64),
}

/// A request the agent made about a chat (in flight while its button shows progress).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChatAction {
    /// Take the offered chat.
    Accept,
    /// Refuse the offered chat.
    Decline,
    /// Send a text.
    Send,
    /// Send a file.
    SendFile,
    /// Move the chat to another destination.
    Transfer,
    /// End the chat.
    Close,
    /// Close the tab of a closed chat.
    Dismiss,
}

/// One tab as the tab bar shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TabSummary {
    /// The chat.
    pub chat_id: u64,
    /// The client's name.
    pub name: String,
    /// Client messages not seen yet.
    pub unread: u32,
    /// The chat is over (the tab waits to be dismissed).
    pub closed: bool,
    /// It is the tab shown.
    pub active: bool,
}

/// The part of a transcript on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct TranscriptWindow {
    /// Older messages left out.
    pub earlier: usize,
    /// Newer messages left out.
    pub later: usize,
    /// The messages shown, oldest first.
    pub messages: Vec<ChatMessage>,
}

/// Something worth telling a screen-reader user, numbered so the same text said twice is
/// announced twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Announcement {
    /// Increases with each announcement.
    pub seq: u64,
    /// What happened.
    pub kind: AnnouncementKind,
}

/// What an [`Announcement`] is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnnouncementKind {
    /// A chat is offered to the agent.
    Offer {
        /// The client's name.
        name: String,
    },
    /// A client wrote in an accepted chat.
    Message {
        /// The client's name.
        name: String,
        /// What they wrote.
        text: String,
    },
}

/// How a chat left the agent, for the one-line notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChatNotice {
    /// The agent transferred it.
    Transferred {
        /// The client's name.
        name: String,
        /// The destination's path.
        to: String,
    },
    /// The offer went to someone else because it was not accepted in time.
    Missed {
        /// The client's name.
        name: String,
    },
    /// The agent went offline with the chat in progress; it waits for another agent.
    Released {
        /// The client's name.
        name: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
struct Tab {
    chat: ChatView,
    unread: u32,
}

/// The chats of one agent, in one adapter instance.
#[derive(Clone, Debug, PartialEq)]
pub struct ChatDesk {
    agent: AgentProfile,
    offers: Vec<ChatView>,
    tabs: Vec<Tab>,
    active: Option<u64>,
    drafts: BTreeMap<u64, String>,
    /// Chats for which `New_Chat` was posted (or that were already accepted when restored).
    joined: BTreeSet<u64>,
    /// Chats for which `End_Chat` was posted (or that were already closed when restored).
    ended: BTreeSet<u64>,
    /// Chats that left this agent for good (dismissed, transferred): late events are ignored.
    gone: BTreeSet<u64>,
    notice: Option<ChatNotice>,
    announcement: Option<Announcement>,
}

impl ChatDesk {
    /// An empty desk for `agent`.
    pub fn new(agent: AgentProfile) -> Self {
        Self {
            agent,
            offers: Vec::new(),
            tabs: Vec::new(),
            active: None,
            drafts: BTreeMap::new(),
            joined: BTreeSet::new(),
            ended: BTreeSet::new(),
            gone: BTreeSet::new(),
            notice: None,
            announcement: None,
        }
    }

    /// The desk restored from `GET /api/v1/me` (`snapshot.chats`), with the drafts kept in
    /// `sessionStorage`. Accepted chats count as joined and closed ones as ended: nothing is
    /// posted again for them, and nothing for the history in their transcripts.
    pub fn from_snapshot(agent: AgentProfile, chats: &[ChatView]) -> Self {
        let mut desk = Self::new(agent);
        for chat in chats {
            match chat.state {
                ChatState::Offered => desk.offers.push(chat.clone()),
                ChatState::Active | ChatState::Closed => {
                    desk.joined.insert(chat.id);
                    if chat.state == ChatState::Closed {
                        desk.ended.insert(chat.id);
                    }
                    if let Some(draft) = drafts::load(desk.agent.id, chat.id) {
                        desk.drafts.insert(chat.id, draft);
                    }
                    desk.tabs.push(Tab {
                        chat: sorted(chat.clone()),
                        unread: 0,
                    });
                }
                ChatState::Queued => {}
            }
        }
        desk.active = desk
            .tabs
            .iter()
            .find(|tab| tab.chat.state == ChatState::Active)
            .or(desk.tabs.first())
            .map(|tab| tab.chat.id);
        desk
    }

    /// The agent this desk belongs to.
    pub fn agent(&self) -> &AgentProfile {
        &self.agent
    }

    /// Chats offered to the agent, oldest first.
    pub fn offers(&self) -> &[ChatView] {
        &self.offers
    }

    /// The tabs, in the order the chats were accepted.
    pub fn tabs(&self) -> Vec<TabSummary> {
        self.tabs
            .iter()
            .map(|tab| TabSummary {
                chat_id: tab.chat.id,
                name: tab.chat.user_name.clone(),
                unread: tab.unread,
                closed: tab.chat.state == ChatState::Closed,
                active: self.active == Some(tab.chat.id),
            })
            .collect()
    }

    /// The chat of the tab shown.
    pub fn active_id(&self) -> Option<u64> {
        self.active
    }

    /// An accepted chat (without the cost of copying its transcript: use
    /// [`ChatDesk::transcript`] for that).
    pub fn chat(&self, chat_id: u64) -> Option<ChatView> {
        self.tab(chat_id).map(|tab| without_messages(&tab.chat))
    }

    /// Client messages not seen yet in `chat_id`.
    pub fn unread(&self, chat_id: u64) -> u32 {
        self.tab(chat_id).map_or(0, |tab| tab.unread)
    }

    /// The [`TRANSCRIPT_WINDOW`] lines of `chat_id` at `position`, and how many are left out
    /// before and after them. A window that would start before the first line starts there.
    pub fn transcript(&self, chat_id: u64, position: TranscriptPosition) -> TranscriptWindow {
        let messages = self.messages(chat_id);
        let end = window_end(messages, position);
        let start = end.saturating_sub(TRANSCRIPT_WINDOW);
        TranscriptWindow {
            earlier: start,
            later: messages.len() - end,
            messages: messages[start..end].to_vec(),
        }
    }

    /// The position [`TRANSCRIPT_STEP`] lines before `position` in `chat_id`.
    pub fn earlier(&self, chat_id: u64, position: TranscriptPosition) -> TranscriptPosition {
        let messages = self.messages(chat_id);
        let end = window_end(messages, position)
            .saturating_sub(TRANSCRIPT_STEP)
            .max(TRANSCRIPT_WINDOW.min(messages.len()));
        ending_at(messages, end)
    }

    /// The position [`TRANSCRIPT_STEP`] lines after `position` in `chat_id`; the newest lines
    /// once it reaches them.
    pub fn later(&self, chat_id: u64, position: TranscriptPosition) -> TranscriptPosition {
        let messages = self.messages(chat_id);
        let end = window_end(messages, position) + TRANSCRIPT_STEP;
        ending_at(messages, end)
    }

    /// The position that keeps the lines shown now where they are when newer ones arrive.
    pub fn hold(&self, chat_id: u64, position: TranscriptPosition) -> TranscriptPosition {
        let messages = self.messages(chat_id);
        match messages[..window_end(messages, position)].last() {
            Some(last) => TranscriptPosition::EndingAt(last.id),
            None => TranscriptPosition::Newest,
        }
    }

    fn messages(&self, chat_id: u64) -> &[ChatMessage] {
        self.tab(chat_id)
            .map_or(&[][..], |tab| &tab.chat.messages[..])
    }

    /// The id of the agent's newest line in `chat_id` (0 when none).
    pub fn last_outbound_id(&self, chat_id: u64) -> u64 {
        self.tab(chat_id)
            .and_then(|tab| {
                tab.chat
                    .messages
                    .iter()
                    .rev()
                    .find(|m| m.direction == MessageDirection::Outbound)
                    .map(|m| m.id)
            })
            .unwrap_or(0)
    }

    /// How many messages `chat_id` has.
    pub fn message_count(&self, chat_id: u64) -> usize {
        self.tab(chat_id).map_or(0, |tab| tab.chat.messages.len())
    }

    /// The draft of `chat_id` (empty when none).
    pub fn draft(&self, chat_id: u64) -> String {
        self.drafts.get(&chat_id).cloned().unwrap_or_default()
    }

    /// Keeps what the agent is writing in `chat_id`, also in `sessionStorage`.
    pub fn set_draft(&mut self, chat_id: u64, text: &str) {
        if text.is_empty() {
            self.drafts.remove(&chat_id);
        } else {
            self.drafts.insert(chat_id, text.to_owned());
        }
        drafts::save(self.agent.id, chat_id, text);
    }

    /// How the latest chat left the agent.
    pub fn notice(&self) -> Option<&ChatNotice> {
        self.notice.as_ref()
    }

    /// The latest thing to announce.
    pub fn announcement(&self) -> Option<&Announcement> {
        self.announcement.as_ref()
    }

    /// The agent switched to the tab of `chat_id`: its unread count is cleared, and
    /// `Active_Chat` is posted when it was not the tab shown.
    pub fn select(&mut self, chat_id: u64) -> Vec<HostEvent> {
        let Some(tab) = self.tabs.iter_mut().find(|tab| tab.chat.id == chat_id) else {
            return Vec::new();
        };
        tab.unread = 0;
        if self.active == Some(chat_id) {
            return Vec::new();
        }
        self.active = Some(chat_id);
        vec![HostEvent::ActiveChat(ChatData::new(&self.agent, &tab.chat))]
    }

    /// Applies a stream event; returns the host events to post, in order.
    pub fn apply(&mut self, event: &StreamEvent) -> Vec<HostEvent> {
        match event {
            StreamEvent::ChatOffered { chat } => {
                self.offered(chat);
                Vec::new()
            }
            StreamEvent::ChatAccepted { chat } => self.accepted(chat, false),
            StreamEvent::ChatMessage { chat_id, message } => self.message(*chat_id, message),
            StreamEvent::ChatUpdated { chat } => {
                self.updated(chat);
                Vec::new()
            }
            StreamEvent::ChatEnded { chat } => self.ended(chat),
            StreamEvent::ChatWithdrawn { chat, reason } => self.withdrawn(chat, *reason),
            StreamEvent::ChatDismissed { chat_id } => self.dismissed(*chat_id),
            StreamEvent::MessageDelivery {
                chat_id,
                message_id,
                delivery,
            } => {
                self.delivery(*chat_id, *message_id, *delivery);
                Vec::new()
            }
            // Calls and the agent's status are not the chat adapter's.
            StreamEvent::CallOffered { .. }
            | StreamEvent::CallAnswered { .. }
            | StreamEvent::CallUpdated { .. }
            | StreamEvent::CallEnded { .. }
            | StreamEvent::CallWithdrawn { .. }
            | StreamEvent::CallContextUpdated { .. }
            | StreamEvent::AgentStatusChanged { .. }
            | StreamEvent::CallTransferred { .. }
            | StreamEvent::CallPartyAdded { .. }
            | StreamEvent::WrapUpSaved { .. } => Vec::new(),
            // The CRM state of sessions is followed apart (`CrmPops`).
            StreamEvent::CrmUpdated { .. }
            | StreamEvent::AssistUpdated { .. }
            | StreamEvent::CobrowseUpdated { .. } => Vec::new(),
        }
    }

    /// The agent's accept request succeeded with `chat`: its tab opens and is shown.
    pub fn accept_succeeded(&mut self, chat: &ChatView) -> Vec<HostEvent> {
        self.accepted(chat, true)
    }

    /// The agent's decline request for `chat_id` succeeded.
    pub fn decline_succeeded(&mut self, chat_id: u64) {
        self.offers.retain(|offer| offer.id != chat_id);
    }

    /// The agent's message (text or file) was stored. When the draft still holds `sent` (the
    /// agent did not type on meanwhile), it is cleared.
    pub fn send_succeeded(
        &mut self,
        chat_id: u64,
        sent: &str,
        message: &ChatMessage,
    ) -> Vec<HostEvent> {
        if !sent.is_empty() && self.draft(chat_id) == sent {
            self.set_draft(chat_id, "");
        }
        self.message(chat_id, message)
    }

    /// The agent's close request succeeded with `chat`.
    pub fn close_succeeded(&mut self, chat: &ChatView) -> Vec<HostEvent> {
        self.ended(chat)
    }

    /// The agent's transfer request succeeded with `chat` (now in its new destination).
    pub fn transfer_succeeded(&mut self, chat: &ChatView) -> Vec<HostEvent> {
        self.withdrawn(chat, ChatWithdrawReason::Transferred)
    }

    /// The agent's dismiss request for `chat_id` succeeded.
    pub fn dismiss_succeeded(&mut self, chat_id: u64) -> Vec<HostEvent> {
        self.dismissed(chat_id)
    }

    fn tab(&self, chat_id: u64) -> Option<&Tab> {
        self.tabs.iter().find(|tab| tab.chat.id == chat_id)
    }

    fn tab_mut(&mut self, chat_id: u64) -> Option<&mut Tab> {
        self.tabs.iter_mut().find(|tab| tab.chat.id == chat_id)
    }

    fn announce(&mut self, kind: AnnouncementKind) {
        let seq = self.announcement.as_ref().map_or(1, |last| last.seq + 1);
        self.announcement = Some(Announcement { seq, kind });
    }

    fn offered(&mut self, chat: &ChatView) {
        if self.gone.contains(&chat.id) || self.tab(chat.id).is_some() {
            return;
        }
        match self.offers.iter_mut().find(|offer| offer.id == chat.id) {
            Some(known) => *known = chat.clone(),
            None => {
                self.offers.push(chat.clone());
                self.announce(AnnouncementKind::Offer {
                    name: chat.user_name.clone(),
                });
            }
        }
    }

    fn accepted(&mut self, chat: &ChatView, focus: bool) -> Vec<HostEvent> {
        if self.gone.contains(&chat.id) {
            return Vec::new();
        }
        self.offers.retain(|offer| offer.id != chat.id);
        match self.tab_mut(chat.id) {
            Some(tab) => merge(&mut tab.chat, chat),
            None => self.tabs.push(Tab {
                chat: sorted(chat.clone()),
                unread: 0,
            }),
        }
        if focus || self.active.is_none() {
            self.active = Some(chat.id);
        }
        if !self.joined.insert(chat.id) {
            return Vec::new();
        }
        let data = ChatData::new(&self.agent, chat);
        vec![
            HostEvent::NewChat(data.clone()),
            HostEvent::AgentJoinedChat(data),
        ]
    }

    /// A new transcript line. Lines of chats that are not this agent's tabs (still offered,
    /// or unknown) are kept with the offer but post nothing.
    fn message(&mut self, chat_id: u64, message: &ChatMessage) -> Vec<HostEvent> {
        if let Some(offer) = self.offers.iter_mut().find(|offer| offer.id == chat_id) {
            insert(&mut offer.messages, message);
            return Vec::new();
        }
        let active = self.active;
        let Some(tab) = self.tab_mut(chat_id) else {
            return Vec::new();
        };
        if !insert(&mut tab.chat.messages, message) {
            return Vec::new();
        }
        let content = message_content(message);
        let chat = without_messages(&tab.chat);
        match message.direction {
            MessageDirection::Inbound => {
                if active != Some(chat_id) {
                    tab.unread += 1;
                }
                self.announce(AnnouncementKind::Message {
                    name: chat.user_name.clone(),
                    text: content.clone(),
                });
                if self.ended.contains(&chat_id) {
                    return Vec::new();
                }
                vec![HostEvent::ChatInboundMessage(ChatMessageData::new(
                    &self.agent,
                    &chat,
                    &content,
                ))]
            }
            MessageDirection::Outbound if message.agent_id.is_none_or(|id| id == self.agent.id) => {
                vec![HostEvent::ChatOutboundMessage(ChatMessageData::new(
                    &self.agent,
                    &chat,
                    &content,
                ))]
            }
            MessageDirection::Outbound | MessageDirection::System => Vec::new(),
        }
    }

    fn updated(&mut self, chat: &ChatView) {
        if let Some(offer) = self.offers.iter_mut().find(|offer| offer.id == chat.id) {
            merge(offer, chat);
        } else if let Some(tab) = self.tab_mut(chat.id) {
            merge(&mut tab.chat, chat);
        }
    }

    fn ended(&mut self, chat: &ChatView) -> Vec<HostEvent> {
        self.offers.retain(|offer| offer.id != chat.id);
        let Some(tab) = self.tab_mut(chat.id) else {
            return Vec::new();
        };
        merge(&mut tab.chat, chat);
        if !self.joined.contains(&chat.id) || !self.ended.insert(chat.id) {
            return Vec::new();
        }
        vec![HostEvent::EndChat(EndChatData::new(&self.agent, chat))]
    }

    fn withdrawn(&mut self, chat: &ChatView, reason: ChatWithdrawReason) -> Vec<HostEvent> {
        let was_offered = self.offers.iter().any(|offer| offer.id == chat.id);
        self.offers.retain(|offer| offer.id != chat.id);
        let name = chat.user_name.clone();
        match reason {
            ChatWithdrawReason::Declined => Vec::new(),
            ChatWithdrawReason::OfferTimeout => {
                if was_offered {
                    self.notice = Some(ChatNotice::Missed { name });
                }
                Vec::new()
            }
            ChatWithdrawReason::AgentOffline => {
                if self.remove_tab(chat.id).is_some() {
                    self.notice = Some(ChatNotice::Released { name });
                }
                Vec::new()
            }
            ChatWithdrawReason::Transferred => {
                let Some(had) = self.remove_tab(chat.id) else {
                    return Vec::new();
                };
                self.gone.insert(chat.id);
                self.notice = Some(ChatNotice::Transferred {
                    name,
                    to: chat.queue.path.clone(),
                });
                if !self.joined.contains(&chat.id) {
                    return Vec::new();
                }
                vec![HostEvent::TransferChat(TransferData::to_queue(
                    &self.agent,
                    &had,
                    &had.queue,
                    &chat.queue,
                ))]
            }
        }
    }

    fn dismissed(&mut self, chat_id: u64) -> Vec<HostEvent> {
        let Some(had) = self.remove_tab(chat_id) else {
            return Vec::new();
        };
        self.gone.insert(chat_id);
        if !self.joined.contains(&chat_id) {
            return Vec::new();
        }
        vec![HostEvent::DismissedChat(ChatData::new(&self.agent, &had))]
    }

    fn delivery(&mut self, chat_id: u64, message_id: u64, delivery: DeliveryState) {
        let Some(tab) = self.tab_mut(chat_id) else {
            return;
        };
        if let Ok(index) = tab
            .chat
            .messages
            .binary_search_by_key(&message_id, |m| m.id)
        {
            advance(&mut tab.chat.messages[index].delivery, delivery);
        }
    }

    /// Removes a tab, its draft and its place as the shown tab (the next tab, else the
    /// previous one, is shown instead); returns the chat it held.
    fn remove_tab(&mut self, chat_id: u64) -> Option<ChatView> {
        let index = self.tabs.iter().position(|tab| tab.chat.id == chat_id)?;
        let tab = self.tabs.remove(index);
        self.drafts.remove(&chat_id);
        drafts::clear(self.agent.id, chat_id);
        if self.active == Some(chat_id) {
            self.active = self
                .tabs
                .get(index)
                .or_else(|| self.tabs.last())
                .map(|tab| tab.chat.id);
            if let Some(next) = self.active.and_then(|id| self.tab_mut(id)) {
                next.unread = 0;
            }
        }
        Some(tab.chat)
    }
}

/// What a host event's `message` says for a transcript line: its text, else the file's name,
/// else the file's link.
pub fn message_content(message: &ChatMessage) -> String {
    if !message.text.trim().is_empty() {
        return message.text.clone();
    }
    match &message.file {
        Some(file) => file.name.clone().unwrap_or_else(|| file.url.clone()),
        None => String::new(),
    }
}

/// Where the window at `position` ends in `messages` (exclusive), never before the first
/// [`TRANSCRIPT_WINDOW`] lines.
fn window_end(messages: &[ChatMessage], position: TranscriptPosition) -> usize {
    let end = match position {
        TranscriptPosition::Newest => messages.len(),
        TranscriptPosition::EndingAt(id) => messages.partition_point(|m| m.id <= id),
    };
    end.max(TRANSCRIPT_WINDOW.min(messages.len()))
}

/// The position whose window ends before index `end` of `messages`.
fn ending_at(messages: &[ChatMessage], end: usize) -> TranscriptPosition {
    if end >= messages.len() {
        return TranscriptPosition::Newest;
    }
    match end.checked_sub(1).map(|last| messages[last].id) {
        Some(id) => TranscriptPosition::EndingAt(id),
        None => TranscriptPosition::Newest,
    }
}

/// A copy of `chat` without its transcript (which may hold thousands of lines).
fn without_messages(chat: &ChatView) -> ChatView {
    ChatView {
        id: chat.id,
        channel: chat.channel.clone(),
        user_id: chat.user_id.clone(),
        user_name: chat.user_name.clone(),
        queue: chat.queue.clone(),
        state: chat.state,
        session_type: chat.session_type.clone(),
        attributes: chat.attributes.clone(),
        custom_data: chat.custom_data.clone(),
        created_at: chat.created_at,
        accepted_at: chat.accepted_at,
        closed_at: chat.closed_at,
        closed_by: chat.closed_by,
        messages: Vec::new(),
    }
}

/// The chat with its transcript in id order (the gateway sends it so; this makes sure).
fn sorted(mut chat: ChatView) -> ChatView {
    chat.messages.sort_by_key(|m| m.id);
    chat.messages.dedup_by_key(|m| m.id);
    chat
}

/// Adds `message` in id order; a message already there only has its delivery state brought up
/// to date. Returns whether it was new.
/// Moves a message's delivery state to `next` unless `next` is older news: the answer to the
/// agent's send (still "pending") can arrive after the stream already said "delivered", and a
/// delivered or failed message stays so.
fn advance(known: &mut Option<DeliveryState>, next: DeliveryState) {
    fn stage(state: DeliveryState) -> u8 {
        match state {
            DeliveryState::Pending => 0,
            DeliveryState::Retrying => 1,
            DeliveryState::Delivered | DeliveryState::Failed => 2,
        }
    }
    if known.is_none_or(|known| stage(next) > stage(known)) {
        *known = Some(next);
    }
}

fn insert(messages: &mut Vec<ChatMessage>, message: &ChatMessage) -> bool {
    if messages.last().is_none_or(|last| last.id < message.id) {
        messages.push(message.clone());
        return true;
    }
    match messages.binary_search_by_key(&message.id, |m| m.id) {
        Ok(index) => {
            if let Some(delivery) = message.delivery {
                advance(&mut messages[index].delivery, delivery);
            }
            false
        }
        Err(index) => {
            messages.insert(index, message.clone());
            true
        }
    }
}

/// Takes `fresh`'s fields into `known`, and the lines of its transcript that `known` lacks.
fn merge(known: &mut ChatView, fresh: &ChatView) {
    let mut messages = std::mem::take(&mut known.messages);
    for message in &fresh.messages {
        insert(&mut messages, message);
    }
    *known = ChatView {
        messages,
        ..without_messages(fresh)
    };
}
