//! Bursts of stream changes render once per frame.
#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use agent_adapter::frame::FrameBatch;
use common::sleep;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn counted() -> (FrameBatch, Rc<Cell<u32>>) {
    let renders = Rc::new(Cell::new(0));
    let counter = Rc::clone(&renders);
    (
        FrameBatch::new(move || counter.set(counter.get() + 1)),
        renders,
    )
}

#[wasm_bindgen_test]
async fn a_burst_of_changes_renders_once_and_not_before_the_task_ends() {
    let (batch, renders) = counted();
    for _ in 0..500 {
        batch.changed();
    }
    assert_eq!(renders.get(), 0);
    sleep(50).await;
    assert_eq!(renders.get(), 1);
}

#[wasm_bindgen_test]
async fn a_burst_is_not_rendered_a_second_time_by_its_fallback_timer() {
    let (batch, renders) = counted();
    batch.changed();
    sleep(250).await;
    assert_eq!(renders.get(), 1);
}

#[wasm_bindgen_test]
async fn a_change_after_a_render_renders_again() {
    let (batch, renders) = counted();
    batch.changed();
    sleep(50).await;
    batch.changed();
    sleep(50).await;
    assert_eq!(renders.get(), 2);
}
