//! What the browser gets: no configured secret in the built widget, and no event ever posted to
//! any origin (`"*"`) by the widget's source or bundle.

use std::path::{Path, PathBuf};

use e2e::stack::widget_dist_dir;
use e2e::workspace_root;
use secrecy::ExposeSecret;

/// Every secret of the demo configuration, which the tests and the demo run with.
fn demo_secrets() -> Vec<String> {
    let settings = gateway::config::Settings::demo();
    let mut secrets = vec![
        settings
            .webhooks
            .telephony_secret
            .expose_secret()
            .to_owned(),
    ];
    if let Some(optico) = &settings.optico {
        secrets.push(optico.api_key.expose_secret().to_owned());
        secrets.push(optico.webhook_secret.expose_secret().to_owned());
    }
    if let Some(deepcall) = &settings.deepcall {
        secrets.extend(deepcall.ssid.iter().map(|s| s.expose_secret().to_owned()));
        secrets.extend(deepcall.token.iter().map(|s| s.expose_secret().to_owned()));
    }
    if let Some(aimylogic) = &settings.aimylogic {
        secrets.extend(
            aimylogic
                .channels
                .iter()
                .map(|c| c.secret.expose_secret().to_owned()),
        );
    }
    for agent in &settings.agents {
        secrets.push(agent.password_hash.expose_secret().to_owned());
    }
    secrets
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn the_built_widget_contains_no_configured_secret() -> anyhow::Result<()> {
    let secrets = demo_secrets();
    assert!(
        secrets.len() >= 6,
        "the demo configuration has its secrets: {}",
        secrets.len()
    );
    for file in files_under(&widget_dist_dir()?) {
        let bytes = std::fs::read(&file)?;
        let text = String::from_utf8_lossy(&bytes);
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{} contains a configured secret",
                file.display()
            );
        }
    }
    Ok(())
}

/// Whether `text` posts a message to any origin: a `"*"` or `'*'` target origin.
fn posts_to_any_origin(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    ["post_message(", "postMessage("].iter().any(|call| {
        compact.match_indices(call).any(|(at, _)| {
            let rest = &compact[at..compact.len().min(at + 400)];
            let end = rest.find(");").unwrap_or(rest.len());
            let args = &rest[..end];
            args.contains(",\"*\"") || args.contains(",'*'") || args.contains(",`*`")
        })
    })
}

#[test]
fn the_any_origin_scan_recognises_a_post_to_star() {
    assert!(posts_to_any_origin("parent.postMessage(json, \"*\");"));
    assert!(posts_to_any_origin("w.post_message(&v, '*');"));
    assert!(!posts_to_any_origin("parent.post_message(&json, &origin);"));
}

#[test]
fn neither_the_widget_source_nor_its_bundle_posts_to_any_origin() -> anyhow::Result<()> {
    let mut files = files_under(&workspace_root().join("src"));
    files.extend(
        files_under(&widget_dist_dir()?)
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "js" || e == "html")),
    );
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        assert!(
            !posts_to_any_origin(&text),
            "{} posts a message to any origin",
            file.display()
        );
    }
    Ok(())
}
