//! The supervisor's DeepCall statistics: the table's rules and how the seed's quirks render.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::components::agent_stats_table::AgentStatsTable;
use agent_adapter::components::summary_tiles::SummaryTiles;
use agent_adapter::format;
use agent_adapter::state::team_table::{SortKey, TeamTable};
use common::{by_testid, click, mount, text_of};
use leptos::prelude::*;
use leptos::task::tick;
use protocol::deepcall::{AgentActivity, AgentStats, LiveResponse, TeamStats};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// The seed's example answer as the gateway serves it.
fn seed_stats() -> TeamStats {
    let answer: LiveResponse = serde_json::from_str(include_str!(
        "../crates/protocol/tests/fixtures/deepcall/live-response.json"
    ))
    .expect("the seed's example parses");
    answer.message.to_team_stats(0)
}

fn names(rows: &[AgentStats]) -> Vec<String> {
    rows.iter()
        .map(|a| format!("{}#{}", a.name, a.id))
        .collect()
}

#[wasm_bindgen_test]
fn sorting_by_a_duration_puts_the_largest_first_then_reverses() {
    let agents = seed_stats().agents;
    let mut table = TeamTable::default();
    table.toggle(SortKey::Available);
    let first = table.rows(&agents);
    table.toggle(SortKey::Available);
    let reversed = table.rows(&agents);
    assert_eq!(first[0].name, "AAKANSHA", "3434 h available is the most");
    assert_eq!(
        reversed[0].name, "Manoj Kumar111",
        "1 h 09 min is the least"
    );
    assert_eq!(table.sort(), (SortKey::Available, false));
}

#[wasm_bindgen_test]
fn the_default_order_lists_available_agents_before_logged_out_ones_then_by_name() {
    let rows = TeamTable::default().rows(&seed_stats().agents);
    let states: Vec<AgentActivity> = rows.iter().map(|a| a.state).collect();
    let first_logged_out = states
        .iter()
        .position(|s| *s == AgentActivity::LoggedOut)
        .expect("some are logged out");
    assert!(
        states[..first_logged_out]
            .iter()
            .all(|s| *s == AgentActivity::Available)
    );
    assert_eq!(rows[0].name, "AAKANSHA");
}

#[wasm_bindgen_test]
fn the_text_filter_matches_names_and_ids_ignoring_case() {
    let agents = seed_stats().agents;
    let mut table = TeamTable::default();
    table.set_text("  MANOJ ");
    assert_eq!(
        names(&table.rows(&agents)),
        vec!["manoj#8", "Manoj Kumar111#10", "Manoj Kumar111#7"]
    );
    table.set_text("468");
    assert_eq!(names(&table.rows(&agents)), vec!["AAKANSHA#468"]);
}

#[wasm_bindgen_test]
fn the_text_filter_ignores_case_beyond_ascii() {
    let mut agents = seed_stats().agents;
    agents[0].name = "Élodie Brûlé".to_owned();
    let id = agents[0].id.clone();
    let mut table = TeamTable::default();
    table.set_text("éLODIE BRÛ");
    let rows = table.rows(&agents);
    assert_eq!(
        rows.iter()
            .map(|agent| agent.id.clone())
            .collect::<Vec<_>>(),
        vec![id]
    );
}

#[wasm_bindgen_test]
fn the_activity_filter_keeps_only_that_activity() {
    let agents = seed_stats().agents;
    let mut table = TeamTable::default();
    table.set_activity(Some(AgentActivity::Available));
    let rows = table.rows(&agents);
    assert_eq!(rows.len(), 4, "the seed's four logged-in agents");
    assert!(rows.iter().all(|a| a.login.is_some()));
}

fn table_of(agents: Vec<AgentStats>) -> (HtmlElement, impl Drop) {
    mount(move || view! { <AgentStatsTable agents=Signal::stored(agents) /> })
}

/// The login cell of the seed's agent `name`, rendered alone.
async fn login_cell_of(name: &str) -> String {
    let agent: Vec<AgentStats> = seed_stats()
        .agents
        .into_iter()
        .filter(|a| a.name == name)
        .collect();
    let (root, _mounted) = table_of(agent);
    tick().await;
    text_of(&root, "stats-login")
}

#[wasm_bindgen_test]
async fn a_login_of_no_reads_not_logged_in() {
    assert_eq!(login_cell_of("Sumit").await, "Not logged in");
}

#[wasm_bindgen_test]
async fn a_login_object_shows_its_type_and_duration() {
    assert_eq!(login_cell_of("Brijendra").await, "Web29 d 02 h");
}

#[wasm_bindgen_test]
async fn clicking_a_column_header_sorts_the_rows_and_marks_the_header() {
    let (root, _mounted) = table_of(seed_stats().agents);
    tick().await;
    click(&root, "sort-name");
    tick().await;
    let first_row = by_testid(&root, "stats-row").expect("a row");
    assert!(
        first_row
            .text_content()
            .unwrap_or_default()
            .starts_with("AAKANSHA")
    );
    let header = by_testid(&root, "sort-name")
        .and_then(|b| b.parent_element())
        .expect("header cell");
    assert_eq!(
        header.get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
}

#[wasm_bindgen_test]
async fn html_in_an_agent_name_from_deepcall_stays_text() {
    let mut agents = seed_stats().agents;
    agents.truncate(1);
    agents[0].name = "<b onmouseover=alert(1)>Eve</b>".into();
    let (root, _mounted) = table_of(agents);
    tick().await;
    let row = by_testid(&root, "stats-row").expect("row");
    assert!(row.query_selector("b").expect("selector").is_none());
    assert!(
        row.text_content()
            .unwrap_or_default()
            .contains("<b onmouseover=alert(1)>Eve</b>")
    );
}

#[wasm_bindgen_test]
async fn the_tiles_show_the_five_counts() {
    let mut summary = seed_stats().summary;
    summary.on_call = 2;
    summary.after_call_work = 1;
    let (root, _mounted) =
        mount(move || view! { <SummaryTiles summary=Signal::stored(summary) /> });
    tick().await;
    assert!(text_of(&root, "tile-logged-in").starts_with('4'));
    assert!(text_of(&root, "tile-on-call").starts_with('2'));
    assert!(text_of(&root, "tile-after-call").starts_with('1'));
}

#[wasm_bindgen_test]
fn long_durations_read_in_the_largest_useful_units() {
    assert_eq!(format::duration(45), "45 s");
    assert_eq!(format::duration(36 * 60 + 5), "36 min");
    assert_eq!(format::duration(5 * 3600 + 2 * 60), "5 h 02 min");
    assert_eq!(format::duration(3434 * 3600 + 36 * 60), "143 d 02 h");
}

// Regression: every refresh set the polled `problem` again, which rebuilt the whole view, so a
// failing refresh threw away the agent's filter and sort.
#[wasm_bindgen_test]
async fn a_failing_refresh_keeps_the_tables_filter() {
    use agent_adapter::adapters::polled::Polled;
    use agent_adapter::api::ApiError;
    use agent_adapter::components::live_stats::LiveStats;
    let stats = Polled {
        data: RwSignal::new(Some(seed_stats())),
        updated_at: RwSignal::new(Some(0)),
        problem: RwSignal::new(None),
    };
    let (root, _mounted) =
        mount(move || view! { <LiveStats stats=stats now=Signal::stored(0_i64) /> });
    tick().await;
    let input: web_sys::HtmlInputElement = by_testid(&root, "stats-filter-text")
        .expect("filter")
        .unchecked_into();
    input.set_value("manoj");
    input
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
    tick().await;
    stats.problem.set(Some(ApiError::Status {
        code: 502,
        body: r#"{"error":"upstream_unavailable","message":"DeepCall refused"}"#.into(),
    }));
    stats.data.set(Some(seed_stats()));
    tick().await;
    assert!(text_of(&root, "live-stats-problem").contains("DeepCall refused"));
    let rows = text_of(&root, "stats-table");
    assert!(
        rows.contains("manoj") && !rows.contains("AAKANSHA"),
        "{rows}"
    );
}
