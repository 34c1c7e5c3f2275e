//! The widget's URL parameters: `/agent/?type=call|chat|supervisor&from=custom`.

use protocol::host::AdapterKind;

/// What the embedding page asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdapterParams {
    /// Which adapter to show (`type`).
    pub kind: AdapterKind,
    /// The integration kind (`from`, e.g. `custom` for a homegrown CRM); kept for later use.
    pub from: Option<String>,
}

/// A `type` parameter that names no adapter; `None` when it is missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownType(pub Option<String>);

impl AdapterParams {
    /// Validates the raw `type` and `from` values.
    pub fn from_values(kind: Option<&str>, from: Option<&str>) -> Result<Self, UnknownType> {
        match kind.and_then(AdapterKind::parse) {
            Some(kind) => Ok(Self {
                kind,
                from: from.filter(|f| !f.is_empty()).map(str::to_owned),
            }),
            None => Err(UnknownType(kind.map(str::to_owned))),
        }
    }

    /// Parses a query string such as `?type=call&from=custom` (percent-decoding included).
    pub fn from_query(query: &str) -> Result<Self, UnknownType> {
        match web_sys::UrlSearchParams::new_with_str(query) {
            Ok(params) => {
                Self::from_values(params.get("type").as_deref(), params.get("from").as_deref())
            }
            Err(_) => Err(UnknownType(None)),
        }
    }

    /// Reads the parameters of the current page.
    pub fn from_location() -> Result<Self, UnknownType> {
        let query = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        Self::from_query(&query)
    }
}
