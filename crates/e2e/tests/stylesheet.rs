//! The widget's stylesheet is themable: outside the `:root` blocks that define the custom
//! properties (light, then dark), every colour, font, radius and spacing goes through one.

use e2e::workspace_root;

/// Declarations outside the `:root` blocks, as (line number, property, value).
fn declarations_outside_the_tokens(css: &str) -> Vec<(usize, String, String)> {
    let mut in_tokens = false;
    let mut found = Vec::new();
    for (index, line) in css.lines().enumerate() {
        if line.starts_with(":root") {
            in_tokens = true;
        }
        if in_tokens {
            in_tokens = line != "}";
            continue;
        }
        let line = line.trim();
        if let Some((property, value)) = line.strip_suffix(';').and_then(|l| l.split_once(':')) {
            found.push((
                index + 1,
                property.trim().to_owned(),
                value.trim().to_owned(),
            ));
        }
    }
    found
}

/// What is spelled literally in a declaration that should use a custom property, if anything.
fn literal_in(property: &str, value: &str) -> Option<&'static str> {
    let has_colour = value.contains('#')
        || ["rgb(", "rgba(", "hsl(", "hsla("]
            .iter()
            .any(|f| value.contains(f));
    let has_px = value
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .any(|token| token.starts_with(|c: char| c.is_ascii_digit()) && token.ends_with("px"));
    let spacing = ["padding", "margin", "gap", "row-gap", "column-gap", "inset"];
    match property {
        _ if has_colour && property != "content" => Some("a colour"),
        p if spacing
            .iter()
            .any(|s| p == *s || p.starts_with(&format!("{s}-")))
            && has_px =>
        {
            Some("a spacing in px")
        }
        "border-radius" if has_px => Some("a radius in px"),
        "font-size" | "font-family" | "font-weight"
            if !value.starts_with("var(") && value != "inherit" =>
        {
            Some("a font value")
        }
        _ => None,
    }
}

#[test]
fn the_check_recognises_literal_colours_spacings_radii_and_fonts() {
    assert_eq!(literal_in("color", "#fff"), Some("a colour"));
    assert_eq!(
        literal_in("box-shadow", "0 1px 2px rgba(0,0,0,.1)"),
        Some("a colour")
    );
    assert_eq!(literal_in("padding-left", "6px"), Some("a spacing in px"));
    assert_eq!(literal_in("gap", "var(--aa-space-px)"), None);
    assert_eq!(literal_in("margin", "0"), None);
    assert_eq!(literal_in("border-radius", "3px"), Some("a radius in px"));
    assert_eq!(literal_in("border-radius", "50%"), None);
    assert_eq!(literal_in("font-size", "13px"), Some("a font value"));
    assert_eq!(literal_in("font-size", "var(--aa-font-size-sm)"), None);
    assert_eq!(
        literal_in("width", "12px"),
        None,
        "sizes of things are not spacing"
    );
}

#[test]
fn the_widget_stylesheet_spells_every_colour_font_radius_and_spacing_as_a_custom_property() {
    let css =
        std::fs::read_to_string(workspace_root().join("style/main.css")).expect("style/main.css");
    let literals: Vec<String> = declarations_outside_the_tokens(&css)
        .into_iter()
        .filter_map(|(line, property, value)| {
            literal_in(&property, &value)
                .map(|what| format!("line {line}: {what}: {property}: {value}"))
        })
        .collect();
    assert!(literals.is_empty(), "{literals:#?}");
}
