//! Optimly's answers (`new-chat`, `agent/v2`, `tools/lead-form`, `tools/appointment`): the
//! gateway's reader (`gateway::connectors::optimly::read_answer`) and what the gateway then
//! takes from each answer (the `chat_id`, the tools run, the tool's reference and message).
//! The first byte chooses the HTTP status.

#![no_main]

use gateway::connectors::optimly::{chat_id_of, read_answer};
use libfuzzer_sys::fuzz_target;
use protocol::optimly::{AgentResponse, NewChatResponse, ToolResponse, error_detail, tool_name};

const STATUSES: [u16; 8] = [200, 201, 400, 401, 404, 422, 500, 418];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, body)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(body) else {
        return;
    };
    let status = STATUSES[usize::from(choice) % STATUSES.len()];
    if let Ok(answer) = read_answer::<NewChatResponse>("/new-chat", status, text) {
        let _ = chat_id_of(answer);
    }
    if let Ok(reply) = read_answer::<AgentResponse>("/agent/v2", status, text) {
        let tools: Vec<String> = reply.tools_executed.iter().filter_map(tool_name).collect();
        assert!(tools.iter().all(|t| !t.trim().is_empty()));
        let _ = reply.response.trim();
    }
    if let Ok(tool) = read_answer::<ToolResponse>("/tools/lead-form", status, text) {
        let _ = tool.reference();
        let _ = tool.message();
    }
    if let Some(detail) = error_detail(text) {
        assert!(detail.chars().count() <= 300);
    }
});
