//! The host contract as files for integrators, generated from the protocol types so they cannot
//! drift: `docs/host-contract.schema.json` (JSON Schema of every event and command) and
//! `docs/host-contract.d.ts` (TypeScript declarations for hosts written in TypeScript).
//!
//! The test fails when a committed file differs from what the types give; regenerate with
//! `UPDATE_CONTRACT=1 cargo test -p protocol --features schema --test contract_files`.
#![cfg(feature = "schema")]

use std::collections::BTreeMap;
use std::path::PathBuf;

use protocol::command::CommandMessage;
use protocol::host::HostMessage;
use serde_json::{Map, Value};

fn docs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs")
}

/// The two root schemas, each with its `$defs` taken out, and all definitions by name.
fn schemas() -> (Vec<(&'static str, Value)>, BTreeMap<String, Value>) {
    let mut defs = BTreeMap::new();
    let mut roots = Vec::new();
    for (name, schema) in [
        ("HostMessage", schemars::schema_for!(HostMessage)),
        ("CommandMessage", schemars::schema_for!(CommandMessage)),
    ] {
        let mut value = schema.to_value();
        if let Some(Value::Object(found)) = value.as_object_mut().and_then(|o| o.remove("$defs")) {
            for (def, body) in found {
                if let Some(known) = defs.get(&def) {
                    assert_eq!(known, &body, "two different definitions of {def}");
                }
                defs.insert(def, body);
            }
        }
        if let Some(object) = value.as_object_mut() {
            object.remove("$schema");
        }
        roots.push((name, value));
    }
    (roots, defs)
}

fn schema_document() -> String {
    let (roots, defs) = schemas();
    let mut document = Map::new();
    document.insert(
        "$schema".into(),
        Value::from("https://json-schema.org/draft/2020-12/schema"),
    );
    document.insert(
        "$comment".into(),
        Value::from(
            "Generated from crates/protocol; do not edit. Validate a received event against \
             #/$defs/HostMessage and a command against #/$defs/CommandMessage.",
        ),
    );
    let mut all: Map<String, Value> = defs.into_iter().collect();
    for (name, root) in roots {
        all.insert(name.to_owned(), root);
    }
    document.insert("$defs".into(), Value::Object(all));
    let mut text = serde_json::to_string_pretty(&Value::Object(document)).expect("serializes");
    // Roots refer to their definitions by #/$defs/Name, which is where they now all are.
    text.push('\n');
    text
}

/// A TypeScript type for `schema`.
fn ts(schema: &Value) -> String {
    let Some(object) = schema.as_object() else {
        return if schema == &Value::Bool(false) {
            "never".into()
        } else {
            "unknown".into()
        };
    };
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        return reference.rsplit('/').next().unwrap_or("unknown").to_owned();
    }
    if let Some(constant) = object.get("const") {
        return constant.to_string();
    }
    if let Some(values) = object.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join(" | ");
    }
    let variants = object
        .get("oneOf")
        .or_else(|| object.get("anyOf"))
        .and_then(Value::as_array);
    let own = own_type(object);
    match (variants, own) {
        (Some(variants), own) => {
            let union = variants.iter().map(ts).collect::<Vec<_>>().join(" | ");
            match own {
                Some(own) if own != "{}" => format!("{own} & ({union})"),
                _ => union,
            }
        }
        (None, Some(own)) => own,
        (None, None) => "unknown".into(),
    }
}

/// The type given by `type` (and `properties`, `items`), if any.
fn own_type(object: &Map<String, Value>) -> Option<String> {
    let kinds: Vec<&str> = match object.get("type") {
        Some(Value::String(kind)) => vec![kind.as_str()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
        _ if object.contains_key("properties") => vec!["object"],
        _ => return None,
    };
    let parts: Vec<String> = kinds
        .iter()
        .map(|kind| match *kind {
            "string" => "string".to_owned(),
            "integer" | "number" => "number".to_owned(),
            "boolean" => "boolean".to_owned(),
            "null" => "null".to_owned(),
            "array" => format!(
                "Array<{}>",
                object.get("items").map_or("unknown".to_owned(), ts)
            ),
            _ => object_type(object),
        })
        .collect();
    Some(parts.join(" | "))
}

fn object_type(object: &Map<String, Value>) -> String {
    let required: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut fields = Vec::new();
    if let Some(properties) = object.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let optional = if required.contains(&name.as_str()) {
                ""
            } else {
                "?"
            };
            let doc = property
                .get("description")
                .and_then(Value::as_str)
                .map(|d| format!("/** {} */\n  ", d.replace('\n', " ").replace("*/", "* /")))
                .unwrap_or_default();
            fields.push(format!("{doc}{name}{optional}: {}", ts(property)));
        }
    }
    match object.get("additionalProperties") {
        Some(extra @ Value::Object(_)) => fields.push(format!("[key: string]: {}", ts(extra))),
        _ if fields.is_empty() => return "{}".into(),
        _ => {}
    }
    format!("{{\n  {};\n}}", fields.join(";\n  "))
}

fn declarations() -> String {
    let (roots, defs) = schemas();
    let mut out = String::from(
        "// TypeScript declarations of the agent adapter's host contract (protocol version 1).\n\
         // Generated from crates/protocol by\n\
         //   UPDATE_CONTRACT=1 cargo test -p protocol --features schema --test contract_files\n\
         // Do not edit. Every event arrives as a JSON string: JSON.parse(e.data) as HostMessage.\n\n",
    );
    for (name, schema) in roots
        .iter()
        .map(|(n, s)| (n.to_string(), s))
        .chain(defs.iter().map(|(n, s)| (n.clone(), s)))
    {
        if let Some(description) = schema.get("description").and_then(Value::as_str) {
            out.push_str(&format!("/** {} */\n", description.replace('\n', " ")));
        }
        out.push_str(&format!("export type {name} = {};\n\n", ts(schema)));
    }
    out.push_str(
        "/** The `type` of every event. */\n\
         export type HostEventType = HostMessage[\"type\"];\n",
    );
    out
}

fn check(file: &str, generated: &str) {
    let path = docs().join(file);
    if std::env::var("UPDATE_CONTRACT").is_ok_and(|v| v == "1") {
        std::fs::write(&path, generated).expect("write the contract file");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/{file} is not what the protocol types give; regenerate it with \
         UPDATE_CONTRACT=1 cargo test -p protocol --features schema --test contract_files"
    );
}

#[test]
fn the_committed_json_schema_matches_the_protocol_types() {
    check("host-contract.schema.json", &schema_document());
}

#[test]
fn the_committed_typescript_declarations_match_the_protocol_types() {
    check("host-contract.d.ts", &declarations());
}

#[test]
fn every_event_type_is_in_the_declarations() {
    let declarations = declarations();
    for event in [
        "Adapter_Ready",
        "Agent_Login",
        "Agent_Logout",
        "New_Call",
        "End_Call",
        "Agent_Joined_Call",
        "Call_Redaction_Started",
        "Call_Redaction_Stopped",
        "Transfer_Call",
        "Party_Added",
        "New_Chat",
        "Agent_Joined_Chat",
        "Active_Chat",
        "Chat_Inbound_Message",
        "Chat_Outbound_Message",
        "End_Chat",
        "Dismissed_Chat",
        "Transfer_Chat",
        "Ack",
        "Error",
    ] {
        assert!(
            declarations.contains(&format!("\"{event}\"")),
            "{event} missing"
        );
    }
}
