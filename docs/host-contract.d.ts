// TypeScript declarations of the agent adapter's host contract (protocol version 1).
// Generated from crates/protocol by
//   UPDATE_CONTRACT=1 cargo test -p protocol --features schema --test contract_files
// Do not edit. Every event arrives as a JSON string: JSON.parse(e.data) as HostMessage.

/** A host event with its sequence number and protocol version: what is actually posted. */
export type HostMessage = {
  /** Posted again in answer to `Sync_Request` (with its original `seq`); absent otherwise. */
  replay?: boolean;
  /** Increases by one per event per adapter instance, starting at 1. */
  seq: number;
  /** Host protocol version ([`crate::PROTOCOL_VERSION`]). */
  v: number;
} & ({
  data: AdapterReadyData;
  type: "Adapter_Ready";
} | {
  data: AgentData;
  type: "Agent_Login";
} | {
  data: AgentData;
  type: "Agent_Logout";
} | {
  data: CallData;
  type: "New_Call";
} | {
  data: CallData;
  type: "End_Call";
} | {
  data: RedactionData;
  type: "Call_Redaction_Started";
} | {
  data: RedactionData;
  type: "Call_Redaction_Stopped";
} | {
  data: CallData;
  type: "Agent_Joined_Call";
} | {
  data: ChatData;
  type: "New_Chat";
} | {
  data: ChatData;
  type: "Agent_Joined_Chat";
} | {
  data: ChatData;
  type: "Active_Chat";
} | {
  data: ChatMessageData;
  type: "Chat_Inbound_Message";
} | {
  data: ChatMessageData;
  type: "Chat_Outbound_Message";
} | {
  data: EndChatData;
  type: "End_Chat";
} | {
  data: ChatData;
  type: "Dismissed_Chat";
} | {
  data: TransferData;
  type: "Transfer_Chat";
} | {
  data: TransferData;
  type: "Transfer_Call";
} | {
  data: PartyAddedData;
  type: "Party_Added";
} | {
  data: CrmRecordPopData;
  type: "CRM_Record_Pop";
} | {
  data: AgentAssistStartedData;
  type: "Agent_Assist_Started";
} | {
  data: CobrowseStartedData;
  type: "Cobrowse_Session_Started";
} | {
  data: CobrowseRemoteControlData;
  type: "Cobrowse_Session_Remote_Control_Changed";
} | {
  data: CobrowseFullDeviceData;
  type: "Cobrowse_Session_Full_Device_Changed";
} | {
  data: CobrowseEndedData;
  type: "Cobrowse_Session_Ended";
} | {
  data: AckData;
  type: "Ack";
} | {
  data: ErrorData;
  type: "Error";
});

/** What a host posts: the command and the id its answer carries. */
export type CommandMessage = {
  /** The host's id for the command (1–64 printable characters). */
  id: string;
} & ({
  data: SyncRequest;
  type: "Sync_Request";
} | {
  data: SetAgentStatus;
  type: "Set_Agent_Status";
} | {
  data: FocusSession;
  type: "Focus_Session";
} | {
  data: SetTheme;
  type: "Set_Theme";
} | {
  type: "Logout";
});

/** `Ack` data: the command succeeded. */
export type AckData = {
  /** The command's type. */
  command: string;
  /** The command's id. */
  id: string;
  /** What the command returns (`Sync_Request`: the adapter's state). */
  result?: unknown;
};

/** Which adapter a widget instance is (`?type=` in its URL). */
export type AdapterKind = "call" | "chat" | "supervisor";

/** `Adapter_Ready` data. */
export type AdapterReadyData = {
  /** Which adapter this is. */
  adapter: AdapterKind;
  /** The host protocol version it speaks. */
  protocol_version: number;
  /** The adapter's release version. */
  version: string;
};

/** `Agent_Assist_Started` data. Every field is a string, as in the CCAI example. */
export type AgentAssistStartedData = {
  /** The agent. */
  agent_id: string;
  /** The assist conversation (the Optimly conversation of the session). */
  conversation_id: string;
  /** The queue of the session. */
  queue_id: string;
  /** The language of the queue, e.g. `en`. */
  queue_language_id: string;
  /** The session (the chat id). */
  session_id: string;
  /** When the assist started, `HH:MM:SS` (the agent's local time). */
  timestamp: string;
};

/** `Agent_Login` / `Agent_Logout` data. */
export type AgentData = {
  /** The custom identifier from the agent's profile, when set. */
  agent_custom_id?: string | null;
  /** The agent's email address. */
  agent_email: string;
  /** The agent identifier. */
  agent_id: number;
};

/** Agent availability. */
export type AgentStatus = "available" | "break" | "offline";

/** `New_Call` / `End_Call` / `Agent_Joined_Call` data. */
export type CallData = {
  /** The custom identifier from the agent's profile, when set. */
  agent_custom_id?: string | null;
  /** The agent's email address. */
  agent_email: string;
  /** The agent identifier. */
  agent_id: number;
  /** The call identifier. */
  call_id: number;
  /** The campaign, for campaign calls. */
  campaign_id?: number | null;
  /** The campaign name, for campaign calls. */
  campaign_name?: string | null;
  /** Unsigned custom data from the customer's web page. */
  custom_data_not_secured?: unknown;
  /** Signed custom data from the customer's server. */
  custom_data_secured?: unknown;
  /** Custom SIP headers of the incoming call. */
  custom_sip_headers?: unknown;
  /** The queue the call came from, when it came from a queue. */
  queue_id?: number | null;
  /** The path of that queue, e.g. `Sales / FR`. */
  queue_path?: string | null;
  /** The session type, e.g. `Voice Inbound`. */
  session_type: string;
  /** Variables the virtual agent sent back. */
  session_variable?: unknown;
  /** Variables the queue sends to the virtual agent. */
  va_data_parameters?: unknown;
  /** The virtual agent involved, if any. */
  virtual_agent_id?: number | null;
};

/** `New_Chat`, `Agent_Joined_Chat`, `Active_Chat` and `Dismissed_Chat` data. */
export type ChatData = {
  /** The custom identifier from the agent's profile, when set. */
  agent_custom_id?: string | null;
  /** The agent's email address. */
  agent_email: string;
  /** The agent identifier. */
  agent_id: number;
  /** The campaign, for campaign sessions. */
  campaign_id?: number | null;
  /** The campaign name, for campaign sessions. */
  campaign_name?: string | null;
  /** The chat identifier. */
  chat_id: number;
  /** Unsigned custom data from the customer's web page. */
  custom_data_not_secured?: unknown;
  /** Signed custom data from the customer's server. */
  custom_data_secured?: unknown;
  /** The queue the chat came from, when it came from a queue. */
  queue_id?: number | null;
  /** The path of that queue. */
  queue_path?: string | null;
  /** The session type, e.g. `Messaging Inbound (Web Chat)`. */
  session_type: string;
  /** Variables the virtual agent sent back. */
  session_variable?: unknown;
  /** Variables the queue sends to the virtual agent. */
  va_data_parameters?: unknown;
  /** The virtual agent involved, if any. */
  virtual_agent_id?: number | null;
};

/** `Chat_Inbound_Message` / `Chat_Outbound_Message` data: the chat fields and the message. */
export type ChatMessageData = {
  /** The custom identifier from the agent's profile, when set. */
  agent_custom_id?: string | null;
  /** The agent's email address. */
  agent_email: string;
  /** The agent identifier. */
  agent_id: number;
  /** The campaign, for campaign sessions. */
  campaign_id?: number | null;
  /** The campaign name, for campaign sessions. */
  campaign_name?: string | null;
  /** The chat identifier. */
  chat_id: number;
  /** Unsigned custom data from the customer's web page. */
  custom_data_not_secured?: unknown;
  /** Signed custom data from the customer's server. */
  custom_data_secured?: unknown;
  /** The message content. */
  message: string;
  /** The queue the chat came from, when it came from a queue. */
  queue_id?: number | null;
  /** The path of that queue. */
  queue_path?: string | null;
  /** The session type, e.g. `Messaging Inbound (Web Chat)`. */
  session_type: string;
  /** Variables the virtual agent sent back. */
  session_variable?: unknown;
  /** Variables the queue sends to the virtual agent. */
  va_data_parameters?: unknown;
  /** The virtual agent involved, if any. */
  virtual_agent_id?: number | null;
};

/** `Cobrowse_Session_Ended` data. */
export type CobrowseEndedData = {
  /** The agent. */
  agent_id: number;
  /** The call, for a session in a call. */
  call_id?: number | null;
  /** The chat, for a session in a chat. */
  chat_id?: number | null;
  /** Who ended it. */
  cobrowse_session_ended_by: CobrowseParty;
  /** Full-device sharing at the end. */
  cobrowse_session_full_device: CobrowseMode;
  /** The co-browse session. */
  cobrowse_session_id: string;
  /** Remote control at the end. */
  cobrowse_session_remote_control: CobrowseMode;
  /** Who started it. */
  cobrowse_session_requested_by: CobrowseParty;
};

/** `Cobrowse_Session_Full_Device_Changed` data. */
export type CobrowseFullDeviceData = {
  /** The agent. */
  agent_id: number;
  /** The call, for a session in a call. */
  call_id?: number | null;
  /** The chat, for a session in a chat. */
  chat_id?: number | null;
  /** Full-device sharing now. */
  cobrowse_session_full_device: CobrowseMode;
  /** The co-browse session. */
  cobrowse_session_id: string;
};

/** Where remote control or full-device sharing is (CCAI's values). */
export type CobrowseMode = "on" | "rejected" | "requested" | "off";

/** Who started or ended a co-browse session. CCAI writes `end_user` in its examples and `end-user` in its descriptions: both are read, `end_user` is written. */
export type CobrowseParty = "agent" | "end_user" | "api";

/** `Cobrowse_Session_Remote_Control_Changed` data. */
export type CobrowseRemoteControlData = {
  /** The agent. */
  agent_id: number;
  /** The call, for a session in a call. */
  call_id?: number | null;
  /** The chat, for a session in a chat. */
  chat_id?: number | null;
  /** The co-browse session. */
  cobrowse_session_id: string;
  /** Remote control now. */
  cobrowse_session_remote_control: CobrowseMode;
};

/** `Cobrowse_Session_Started` data. */
export type CobrowseStartedData = {
  /** The agent. */
  agent_id: number;
  /** The call, when the session started during a call. */
  call_id?: number | null;
  /** The chat, when the session started during a chat. */
  chat_id?: number | null;
  /** Full-device sharing. */
  cobrowse_session_full_device: CobrowseMode;
  /** The co-browse session. */
  cobrowse_session_id: string;
  /** Remote control. */
  cobrowse_session_remote_control: CobrowseMode;
  /** Who started it. */
  cobrowse_session_requested_by: CobrowseParty;
};

/** `CRM_Record_Pop` data. */
export type CrmRecordPopData = {
  /** The URL of the CRM record to show. */
  recordUrl: string;
};

/** `End_Chat` data. The seed's example sends `queue_id`, `queue_path` and `agent_custom_id` as `null` when unknown, so these are always present here. */
export type EndChatData = {
  /** The agent's custom identifier, `null` when none. */
  agent_custom_id?: string | null;
  /** The agent's email address. */
  agent_email: string;
  /** The agent identifier. */
  agent_id: number;
  /** The chat identifier. */
  chat_id: number;
  /** Unsigned custom data from the customer's web page. */
  custom_data_not_secured?: unknown;
  /** Signed custom data from the customer's server. */
  custom_data_secured?: unknown;
  /** The queue the chat came from, `null` when none. */
  queue_id?: number | null;
  /** The path of that queue, `null` when none. */
  queue_path?: string | null;
  /** The session type. */
  session_type: string;
};

/** `Error` data: the command failed or was refused. */
export type ErrorData = {
  /** Stable code: `unknown_command`, `invalid_data`, `not_signed_in`, `unknown_session`, `failed`. */
  code: string;
  /** The command's type, as sent. */
  command: string;
  /** The command's id. */
  id: string;
  /** What is wrong. */
  message: string;
};

/** `Focus_Session` data: exactly one of the two ids. */
export type FocusSession = {
  /** A call of the agent. */
  call_id?: number | null;
  /** A chat of the agent. */
  chat_id?: number | null;
};

/** `Party_Added` data: the party that joined. Exactly one of `call_id` and `chat_id` is set. */
export type PartyAddedData = {
  /** Their custom id, when set. */
  agent_custom_id?: string | null;
  /** Their email. */
  agent_email?: string | null;
  /** The agent who joined (for `type` = `agent`). */
  agent_id?: number | null;
  /** The call joined. */
  call_id?: number | null;
  /** The campaign, for campaign calls. */
  campaign_id?: number | null;
  /** The campaign name, for campaign calls. */
  campaign_name?: string | null;
  /** The chat joined. */
  chat_id?: number | null;
  /** The end user, for `type` = `end_user`. */
  end_user_id?: number | null;
  /** The session's queue. */
  queue_id?: number | null;
  /** Its path. */
  queue_path?: string | null;
  /** The session type. */
  session_type: string;
  /** The participant type: `agent` or `end_user`. */
  type: string;
};

/** `Call_Redaction_Started` / `Call_Redaction_Stopped` data. */
export type RedactionData = {
  /** The agent handling the call. */
  agent_id: number;
  /** The call. */
  call_id: number;
};

/** `Set_Agent_Status` data. */
export type SetAgentStatus = {
  /** `available` or `break`. */
  status: AgentStatus;
};

/** `Set_Theme` data: a light or dark palette, and/or single custom properties on top of it. */
export type SetTheme = {
  /** The palette: `light`, `dark`, or `system` (follow the agent's system setting). */
  mode?: ThemeMode | null;
  /** Custom property name (`--aa-color-primary`) → value (`#0b5cad`). */
  vars?: {
  [key: string]: string;
};
};

/** `Sync_Request` data. */
export type SyncRequest = {
  /** The last `seq` the host received (0 for everything still kept). */
  since_seq: number;
};

/** A palette of the widget. */
export type ThemeMode = "light" | "dark" | "system";

/** `Transfer_Call` / `Transfer_Chat` data: who handed the session over, and to which agent and/or queue. Exactly one of `call_id` and `chat_id` is set. */
export type TransferData = {
  /** The call transferred. */
  call_id?: number | null;
  /** The campaign, for campaign calls. */
  campaign_id?: number | null;
  /** The campaign name, for campaign calls. */
  campaign_name?: string | null;
  /** The chat transferred. */
  chat_id?: number | null;
  /** Unsigned custom data from the customer's web page. */
  custom_data_not_secured?: unknown;
  /** Signed custom data from the customer's server. */
  custom_data_secured?: unknown;
  /** Their custom id, when set. */
  from_agent_custom_id?: string | null;
  /** Their email. */
  from_agent_email: string;
  /** The agent who transferred. */
  from_agent_id: number;
  /** The queue the session was in. */
  from_queue_id?: number | null;
  /** Its path. */
  from_queue_path?: string | null;
  /** The session type, e.g. `Voice Inbound`. */
  session_type: string;
  /** Their custom id, when set. */
  to_agent_custom_id?: string | null;
  /** Their email. */
  to_agent_email?: string | null;
  /** The agent it was transferred to (agent transfers). */
  to_agent_id?: number | null;
  /** The queue it was transferred to (queue transfers). */
  to_queue_id?: number | null;
  /** Its path. */
  to_queue_path?: string | null;
  /** The virtual agent involved, if any. */
  virtual_agent_id?: number | null;
};

/** The `type` of every event. */
export type HostEventType = HostMessage["type"];
