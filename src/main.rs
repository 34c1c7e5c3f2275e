//! Entry point of the widget (built by trunk): panic hook, then mount [`agent_adapter::App`].

fn main() {
    console_error_panic_hook::set_once();
    if let Some(placeholder) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("aa-preload"))
    {
        placeholder.remove();
    }
    leptos::mount::mount_to_body(agent_adapter::App);
}
