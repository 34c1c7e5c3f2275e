//! The host page's `postMessage` commands: `protocol::command::parse_command` on any text, then
//! the `Set_Theme` variable check on every variable of a parsed theme.

#![no_main]

use libfuzzer_sys::fuzz_target;
use protocol::command::{
    HostCommand, MAX_COMMAND_BYTES, Parsed, parse_command, theme_variable_problem,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.len() > MAX_COMMAND_BYTES {
        return;
    }
    match parse_command(text) {
        Parsed::Command(command) => {
            assert!(!command.id.is_empty());
            if let HostCommand::SetTheme(theme) = &command.command {
                for (name, value) in &theme.vars {
                    let _ = theme_variable_problem(name, value);
                }
            }
        }
        Parsed::Invalid(error) => assert!(!error.message.is_empty()),
        Parsed::NotACommand => {}
    }
});
