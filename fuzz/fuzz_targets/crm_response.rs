//! The generic CRM's answers: the gateway's reader (`gateway::crm::client::read_response`) and
//! its response mapping: the object at the endpoint's response location, its id, and the first
//! open record of a search (`gateway::crm::flows::open_record`).
//!
//! The input is three lines (response location, id field, record status field) then the body,
//! so that the fuzzer varies the configured locations as well as the answers.

#![no_main]

use gateway::crm::client::read_response;
use gateway::crm::flows::open_record;
use gateway::crm::settings::{ContainerType, CrmSettings, Endpoint, Method, RequestFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |b| *b == b'\n');
    let (Some(location), Some(id_field), Some(status_field), Some(body)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return;
    };
    let (Ok(location), Ok(id_field), Ok(status_field)) = (
        std::str::from_utf8(location),
        std::str::from_utf8(id_field),
        std::str::from_utf8(status_field),
    ) else {
        return;
    };
    let endpoint = Endpoint {
        url: "https://crm.example.com/api/records".to_owned(),
        method: Method::Get,
        params: Vec::new(),
        format: RequestFormat::Property,
        container_type: ContainerType::Map,
        container_name: None,
        response_location: location.to_owned(),
        id_field: id_field.to_owned(),
    };
    let mut settings: CrmSettings =
        serde_json::from_value(serde_json::json!({})).expect("default CRM settings");
    settings.record_status_field = status_field.to_owned();
    for status in [200, 404] {
        let Ok(response) = read_response(status, body) else {
            continue;
        };
        let _ = response.located(&endpoint);
        if let Some(id) = response.id(&endpoint) {
            assert!(!id.trim().is_empty());
        }
        let _ = open_record(&settings, &endpoint, &response);
    }
});
