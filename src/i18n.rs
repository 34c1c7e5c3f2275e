//! The agent's language, English or French: chosen once at start-up from the `lang` URL
//! parameter (`en`, `fr`, or a tag such as `fr-CA`), else the first of the browser's preferred
//! languages that is one of the two, else English. The document's `lang` follows it, so that
//! screen readers pronounce the text in the right language.

use std::cell::Cell;

/// A language the widget is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

impl Lang {
    /// The language of a BCP 47 tag (`fr`, `fr-FR`, `FR_ca`, `en-GB`); `None` for any other.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?;
        if primary.eq_ignore_ascii_case("fr") {
            Some(Self::Fr)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Self::En)
        } else {
            None
        }
    }

    /// The language for a `lang` parameter and the browser's preferred languages, best first.
    pub fn choose<'a>(param: Option<&str>, preferred: impl IntoIterator<Item = &'a str>) -> Self {
        param
            .and_then(Self::from_tag)
            .or_else(|| preferred.into_iter().find_map(Self::from_tag))
            .unwrap_or(Self::En)
    }

    /// Its tag for the document's `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
        }
    }
}

/// The language the widget speaks now.
pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

/// Speaks `lang` from now on and marks the document with it. Components read the language when
/// they render, so this is called before mounting.
pub fn set(lang: Lang) {
    CURRENT.with(|current| current.set(lang));
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// The language this page asks for: its `lang` parameter, else the browser's languages.
pub fn from_page() -> Lang {
    let Some(window) = web_sys::window() else {
        return Lang::En;
    };
    let param = window
        .location()
        .search()
        .ok()
        .and_then(|query| web_sys::UrlSearchParams::new_with_str(&query).ok())
        .and_then(|params| params.get("lang"));
    let preferred: Vec<String> = window
        .navigator()
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    Lang::choose(param.as_deref(), preferred.iter().map(String::as_str))
}
