//! `cjm config`: where the config file is, and the settings in effect.

use crate::config::{self, CONFIG_ENV, DEFAULT_FILE};
use crate::tui::keymap::Keymap;

use super::{Failure, Outcome, note, print};

/// Arguments of `cjm config`.
#[derive(clap::Args)]
#[command(
    after_help = "The file: $CJM_CONFIG, else $XDG_CONFIG_HOME/cjm/config.toml, else \
                  ~/.config/cjm/config.toml.\n\nExit: 0 the file is fine or absent, 1 it has \
                  problems (printed on standard error; cjm uses the defaults for a broken \
                  file, and ignores unknown keys)."
)]
pub struct Args {
    /// Print a commented default config file instead (`cjm config --default > FILE`).
    #[arg(long)]
    default: bool,
}

/// Runs `cjm config`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    if args.default {
        print(DEFAULT_FILE)?;
        return Ok(Outcome::Success);
    }
    let loaded = config::load();
    let place = match &loaded.path {
        Some(path) if loaded.exists => format!("{} (exists)", path.display()),
        Some(path) => format!("{} (not found: defaults)", path.display()),
        None => format!("none (no home folder found: set {CONFIG_ENV})"),
    };
    for warning in &loaded.warnings {
        note(&format!("warning: {warning}"));
    }
    // The key bindings are checked by the keymap, which knows the modes, keys and actions.
    let keymap = Keymap::with_overrides(&loaded.config.keys);
    let text = loaded
        .path
        .as_ref()
        .and_then(|p| crate::safe_fs::read_regular_text(p).ok());
    let key_problems = keymap.problem_messages(loaded.path.as_deref(), text.as_deref());
    for problem in &key_problems {
        note(&format!("warning: {}", crate::text::one_line(problem)));
    }
    let mut changed = String::new();
    for binding in keymap.describe_overrides() {
        changed.push_str(&format!("#   {}\n", crate::text::one_line(&binding)));
    }
    if !changed.is_empty() {
        changed.insert_str(0, "# key bindings that differ from the defaults:\n");
    }
    print(&format!(
        "# config: {place}\n{changed}{}",
        config::effective(&loaded.config)
    ))?;
    Ok(if loaded.warnings.is_empty() && key_problems.is_empty() {
        Outcome::Success
    } else {
        Outcome::Attention
    })
}
