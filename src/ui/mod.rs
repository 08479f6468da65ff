//! Output helpers shared by every command: the error renderer, diff colouring and secret
//! masking, whether a prompt can be asked. Nothing here knows any command's report.
pub mod mask;
pub mod render;

/// Whether someone can answer a prompt: stdin and stderr are a terminal and `CI` isn't set (to
/// anything but `0` or `false`).
pub fn interactive() -> bool {
    use std::io::IsTerminal;
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal() && !ci
}
