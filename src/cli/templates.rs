//! `cjm templates`: the built-in journey map templates, one per line.

use crate::templates;

use super::{Failure, Outcome, print};

/// Runs `cjm templates`: name, title and description, in aligned columns.
pub fn run() -> Result<Outcome, Failure> {
    let all = templates::all();
    let name_width = all.iter().map(|t| t.name.chars().count()).max();
    let title_width = all.iter().map(|t| t.title.chars().count()).max();
    let (name_width, title_width) = (name_width.unwrap_or(0), title_width.unwrap_or(0));
    let mut text = String::new();
    for template in all {
        text.push_str(&format!(
            "{:name_width$}  {:title_width$}  {}\n",
            template.name, template.title, template.description
        ));
    }
    print(&text)?;
    Ok(Outcome::Success)
}
