//! What reading one stream event costs, as the widget reads each one off the stream:
//! `cargo bench -p protocol --bench stream_decode`.
//!
//! Three events the gateway sends often: a chat message, a chat offered with a 50-line
//! transcript, and a call offered. Each is written by the gateway's serialiser and read back
//! with `serde_json::from_str::<StreamEnvelope>`. Prints nanoseconds per read, best of three
//! rounds. The numbers, and what they mean for the widget, are in docs/performance.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use protocol::stream::StreamEnvelope;

const READS: u32 = 20_000;
const ROUNDS: usize = 3;

fn message(id: u64, text: &str) -> String {
    format!(r#"{{"id":{id},"direction":"inbound","text":"{text}","created_at":1700000000{id:03}}}"#)
}

fn chat_view(lines: u64) -> String {
    let messages: Vec<String> = (1..=lines)
        .map(|n| {
            message(
                n,
                "Hello, I ordered a blue sofa last week and it has not arrived yet",
            )
        })
        .collect();
    format!(
        r#"{{"id":7,"channel":"web","user_id":"u-19","user_name":"Maria Rossi","queue":{{"id":2,"name":"sales","path":"Sales / FR"}},"state":"offered","session_type":"chat","attributes":{{"page":"/checkout","lang":"fr"}},"created_at":1700000000000,"messages":[{}]}}"#,
        messages.join(",")
    )
}

fn events() -> Vec<(&'static str, String)> {
    vec![
        (
            "chat_message",
            format!(
                r#"{{"id":41,"type":"chat_message","chat_id":7,"message":{}}}"#,
                message(9, "Is it still in stock?")
            ),
        ),
        (
            "chat_offered, 50 lines",
            format!(r#"{{"id":42,"type":"chat_offered","chat":{}}}"#, chat_view(50)),
        ),
        (
            "call_offered",
            r#"{"id":43,"type":"call_offered","call":{"id":5,"external_id":"tel-881","state":"ringing","caller_phone":"+33612345678","caller_display":"+33 6 12 34 56 78","destination_phone":"+33140000000","queue":{"id":1,"name":"support","path":"Support / FR"},"session_type":"call","started_at":1700000000000,"on_hold":false,"hold_ms":0}}"#.to_owned(),
        ),
    ]
}

fn main() {
    println!("{:<24} {:>12}", "event", "ns per read");
    for (name, json) in events() {
        // Rewritten by the gateway's own serialiser, so the field order is the real one.
        let envelope: StreamEnvelope = serde_json::from_str(&json).expect("the event reads");
        let json = serde_json::to_string(&envelope).expect("the event writes");
        let mut best = Duration::MAX;
        for _ in 0..ROUNDS {
            let started = Instant::now();
            for _ in 0..READS {
                let read: StreamEnvelope =
                    serde_json::from_str(black_box(&json)).expect("the event reads");
                black_box(read);
            }
            best = best.min(started.elapsed() / READS);
        }
        println!("{name:<24} {:>12}", best.as_nanos());
    }
}
