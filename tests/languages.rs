//! English and French: how the language is chosen, that the French catalogue is complete, and
//! that amounts, durations, days and phone numbers follow the language.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::api::ApiError;
use agent_adapter::components::login_form::LoginForm;
use agent_adapter::format::{day_for_people_in, duration_in, money_in, phone_in};
use agent_adapter::i18n::{self, Lang};
use agent_adapter::stream::ConnectionState;
use agent_adapter::text::{self, EN, FR};
use common::{mount, text_of};
use leptos::prelude::*;
use leptos::task::tick;
use protocol::api::AgentStatus;
use protocol::assist::{AppointmentForm, LeadForm};
use protocol::cobrowse::{CobrowseMode, CobrowseParty};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Runs `f` with the widget speaking `lang`, then English again.
fn speaking<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    i18n::set(lang);
    let out = f();
    i18n::set(Lang::En);
    out
}

fn number(text: &str) -> serde_json::Number {
    text.parse().expect("a JSON number")
}

/// A worded function called with sample values, and its name.
type Sentence = (&'static str, fn() -> String);

/// Strings that are the same word in both languages.
const SAME_IN_BOTH: &[&str] = &[
    "transfer_agents",
    "agents",
    "col_agent",
    "notes",
    "field_notes",
    "chats",
    "transcript",
    "total",
    "direct_traffic",
    "glance_source",
    "mobile",
    "unknown",
    "shortcuts_action",
];

#[wasm_bindgen_test]
fn the_lang_parameter_wins_over_the_browser_languages() {
    assert_eq!(Lang::choose(Some("fr"), ["en-US", "en"]), Lang::Fr);
    assert_eq!(Lang::choose(Some("en"), ["fr-FR"]), Lang::En);
}

#[wasm_bindgen_test]
fn without_a_parameter_the_first_browser_language_the_widget_speaks_is_used() {
    assert_eq!(Lang::choose(None, ["de-DE", "fr-CH", "en"]), Lang::Fr);
    assert_eq!(Lang::choose(Some(""), ["en-GB", "fr"]), Lang::En);
}

#[wasm_bindgen_test]
fn an_unknown_language_falls_back_to_english() {
    assert_eq!(Lang::choose(Some("klingon"), ["de", "es-ES"]), Lang::En);
    assert_eq!(Lang::choose(None, []), Lang::En);
}

#[wasm_bindgen_test]
fn regional_tags_in_any_case_and_with_underscores_are_understood() {
    assert_eq!(Lang::from_tag("fr-CA"), Some(Lang::Fr));
    assert_eq!(Lang::from_tag("FR_be"), Some(Lang::Fr));
    assert_eq!(Lang::from_tag(" en-gb "), Some(Lang::En));
    assert_eq!(Lang::from_tag("frr"), None);
}

#[wasm_bindgen_test]
fn both_catalogues_have_the_same_keys_in_the_same_order() {
    let english: Vec<&str> = EN.entries().into_iter().map(|(key, _)| key).collect();
    let french: Vec<&str> = FR.entries().into_iter().map(|(key, _)| key).collect();
    assert_eq!(english, french);
    assert!(english.len() > 200, "{} keys", english.len());
}

#[wasm_bindgen_test]
fn no_french_string_is_empty_or_left_in_english() {
    let untranslated: Vec<&str> = EN
        .entries()
        .into_iter()
        .zip(FR.entries())
        .filter(|((key, en), (_, fr))| {
            fr.trim().is_empty() || (en == fr && !SAME_IN_BOTH.contains(key))
        })
        .map(|((key, _), _)| key)
        .collect();
    assert!(untranslated.is_empty(), "left in English: {untranslated:?}");
}

#[wasm_bindgen_test]
fn every_sentence_with_values_is_worded_in_french_too() {
    let sentences: Vec<Sentence> = vec![
        ("bad_type", || text::bad_type(None)),
        ("bad_type value", || text::bad_type(Some("fax"))),
        ("refused", || text::refused(Some("https://crm.example"))),
        ("refused unknown", || text::refused(None)),
        ("status", || text::status(AgentStatus::Break).into()),
        ("connection", || {
            text::connection(ConnectionState::Reconnecting).into()
        }),
        ("connection_hint", || {
            text::connection_hint(ConnectionState::Offline).into()
        }),
        ("on_hold", || text::on_hold("01:00")),
        ("call_ended", || text::call_ended("Léa", "02:00")),
        ("ringing", || text::ringing("Léa")),
        ("call_declined", || text::call_declined("Léa")),
        ("call_missed", || text::call_missed("Léa")),
        ("call_abandoned", || text::call_abandoned("Léa")),
        ("call_transferred", || {
            text::call_transferred("Léa", "Ariel")
        }),
        ("transferred_from", || text::transferred_from("Ariel")),
        ("private_number", || text::private_number().into()),
        ("crm_retrying", || text::crm_retrying(None)),
        ("crm_failed", || text::crm_failed(Some("timeout"))),
        ("transfer_to", || text::transfer_to("Ariel")),
        ("queue_availability", || text::queue_availability(2, 3)),
        ("talked_for", || text::talked_for("03:00")),
        ("taken_by", || text::taken_by("Ariel")),
        ("notes_too_long", || text::notes_too_long(500)),
        ("more_wrap_ups", || text::more_wrap_ups(2)),
        ("chat_closed_by", || text::chat_closed_by(true).into()),
        ("tab_label", || text::tab_label("Léa", 2, true)),
        ("show_earlier", || text::show_earlier(5)),
        ("show_newest", || text::show_newest(5)),
        ("file_size", || text::file_size(12_800)),
        ("chat_offered", || text::chat_offered("Léa")),
        ("customer_wrote", || text::customer_wrote("Léa", "Bonjour")),
        ("chat_transferred", || {
            text::chat_transferred("Léa", "Sales")
        }),
        ("chat_missed", || text::chat_missed("Léa")),
        ("chat_released", || text::chat_released("Léa")),
        ("updated_ago", || text::updated_ago(12)),
        ("activity", || {
            text::activity(protocol::deepcall::AgentActivity::LoggedOut).into()
        }),
        ("team_line", || text::team_line(&Default::default())),
        ("context_unavailable", || text::context_unavailable(None)),
        ("match_position", || text::match_position(0, 2)),
        ("source_line", || text::source_line(None, Some("optico"))),
        ("product_count", || text::product_count(3)),
        ("by_agent", || text::by_agent("Ariel")),
        ("time_ago", || text::time_ago(7_200, "2024-01-02 10:00:00")),
        ("time_ago old", || {
            text::time_ago(9_000_000, "2024-01-02 10:00:00")
        }),
        ("api_error", || {
            text::api_error(&ApiError::Network("offline".into()))
        }),
        ("assist_unavailable", || text::assist_unavailable("busy")),
        ("lead_captured", || text::lead_captured(Some("L-1"), None)),
        ("appointment_booked", || {
            text::appointment_booked(None, None)
        }),
        ("cobrowse_started_by", || {
            text::cobrowse_started_by(CobrowseParty::EndUser).into()
        }),
        ("cobrowse_remote_control", || {
            text::cobrowse_remote_control(CobrowseMode::Requested)
        }),
        ("cobrowse_full_device", || {
            text::cobrowse_full_device(CobrowseMode::On)
        }),
    ];
    let same: Vec<&str> = sentences
        .iter()
        .filter(|(_, sentence)| speaking(Lang::En, sentence) == speaking(Lang::Fr, sentence))
        .map(|(name, _)| *name)
        .collect();
    assert!(same.is_empty(), "the same in both languages: {same:?}");
}

#[wasm_bindgen_test]
fn a_gateway_refusal_reads_in_french_with_the_gateways_detail() {
    let conflict = ApiError::Status {
        code: 409,
        body: r#"{"error":"conflict","message":"the call is no longer ringing"}"#.into(),
    };
    let french = speaking(Lang::Fr, || {
        text::call_action_failed(FR.action_answer, &conflict)
    });
    let english = speaking(Lang::En, || {
        text::call_action_failed(EN.action_answer, &conflict)
    });
    assert_eq!(
        french,
        "Impossible de répondre\u{a0}: ce n’est plus possible dans l’état actuel (the call is no \
         longer ringing)"
    );
    assert_eq!(english, "Could not answer: the call is no longer ringing");
}

#[wasm_bindgen_test]
fn a_refused_form_field_is_worded_in_french() {
    let lead = LeadForm::default();
    let appointment = AppointmentForm::default();
    let problems: Vec<_> = lead
        .problems()
        .into_iter()
        .chain(appointment.problems("2026-12-01"))
        .collect();
    assert!(!problems.is_empty());
    for problem in &problems {
        let english = speaking(Lang::En, || text::field_problem(problem));
        let french = speaking(Lang::Fr, || text::field_problem(problem));
        assert_eq!(english, problem.message);
        assert_ne!(french, english, "{problem:?}");
    }
}

#[wasm_bindgen_test]
fn french_amounts_group_thousands_with_a_narrow_space_and_put_the_currency_after() {
    assert_eq!(
        money_in(Lang::Fr, &number("1000"), Some("EUR")),
        "1\u{202f}000,00\u{a0}€"
    );
    assert_eq!(
        money_in(Lang::Fr, &number("-5.5"), Some("usd")),
        "-5,50\u{a0}$"
    );
    assert_eq!(
        money_in(Lang::Fr, &number("12"), Some("CHF")),
        "12,00\u{a0}CHF"
    );
    assert_eq!(
        money_in(Lang::Fr, &number("1234567.891"), None),
        "1\u{202f}234\u{202f}567,89"
    );
}

#[wasm_bindgen_test]
fn english_amounts_keep_the_symbol_first_and_commas_between_thousands() {
    assert_eq!(
        money_in(Lang::En, &number("1000"), Some("EUR")),
        "€1,000.00"
    );
    assert_eq!(money_in(Lang::En, &number("12"), Some("CHF")), "CHF 12.00");
}

#[wasm_bindgen_test]
fn long_durations_count_days_as_jours_in_french() {
    let seconds = 143 * 86_400 + 2 * 3_600;
    assert_eq!(duration_in(Lang::Fr, seconds), "143 j 02 h");
    assert_eq!(duration_in(Lang::En, seconds), "143 d 02 h");
    assert_eq!(duration_in(Lang::Fr, 5 * 3_600 + 120), "5 h 02 min");
}

#[wasm_bindgen_test]
fn a_day_is_written_with_the_month_name_of_the_language() {
    assert_eq!(
        day_for_people_in(Lang::En, "2024-02-03").as_deref(),
        Some("3 Feb 2024")
    );
    assert_eq!(
        day_for_people_in(Lang::Fr, "2024-02-03").as_deref(),
        Some("3 févr. 2024")
    );
    assert_eq!(day_for_people_in(Lang::Fr, "2024-13-03"), None);
    assert_eq!(day_for_people_in(Lang::En, "yesterday"), None);
}

#[wasm_bindgen_test]
fn french_agents_see_french_numbers_in_their_national_form() {
    let display = "+33 6 12 34 56 78";
    assert_eq!(
        phone_in(Lang::Fr, Some("+33612345678"), display),
        "06 12 34 56 78"
    );
    assert_eq!(phone_in(Lang::En, Some("+33612345678"), display), display);
}

#[wasm_bindgen_test]
fn foreign_numbers_stay_international_for_french_agents() {
    let display = "+44 20 7946 0958";
    assert_eq!(phone_in(Lang::Fr, Some("+442079460958"), display), display);
    // Not a nine-digit French number: shown as the gateway wrote it.
    assert_eq!(
        phone_in(Lang::Fr, Some("+3361234"), "+33 61234"),
        "+33 61234"
    );
}

#[wasm_bindgen_test]
fn choosing_french_marks_the_document_as_french() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .expect("document element");
    let marked = speaking(Lang::Fr, || root.get_attribute("lang"));
    assert_eq!(marked.as_deref(), Some("fr"));
    assert_eq!(root.get_attribute("lang").as_deref(), Some("en"));
}

#[wasm_bindgen_test]
async fn the_sign_in_form_speaks_french_when_french_is_chosen() {
    i18n::set(Lang::Fr);
    let (root, _mounted) = mount(|| {
        view! { <LoginForm notice=None on_signed_in=Callback::new(|_| ()) /> }
    });
    tick().await;
    let form = text_of(&root, "login-form");
    i18n::set(Lang::En);
    assert!(form.contains("Connexion"), "{form}");
    assert!(form.contains("Mot de passe"), "{form}");
    assert!(!form.contains("Password"), "{form}");
}
