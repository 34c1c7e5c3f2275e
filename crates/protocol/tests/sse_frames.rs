//! Reading the stream's server-sent events off a client's buffer.

use protocol::stream::{SseFrame, next_sse_frame};

#[test]
fn an_event_is_taken_only_once_it_is_complete() {
    let mut buffer = String::from("id: 7\ndata: {\"a\":1}");
    assert_eq!(next_sse_frame(&mut buffer), None);
    buffer.push_str("\n\nid: 8\n");
    assert_eq!(
        next_sse_frame(&mut buffer),
        Some(SseFrame {
            id: Some("7".into()),
            data: "{\"a\":1}".into()
        })
    );
    assert_eq!(buffer, "id: 8\n");
}

#[test]
fn keep_alive_comments_are_skipped() {
    let mut buffer = String::from(":\n\n: ping\n\ndata: x\n\n");
    assert_eq!(
        next_sse_frame(&mut buffer).map(|f| f.data).as_deref(),
        Some("x")
    );
    assert!(buffer.is_empty());
}
