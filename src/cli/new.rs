//! `cjm new`: a new workspace file from a built-in template.

use std::path::PathBuf;

use crate::store;
use crate::templates::{self, DEFAULT};

use super::{Failure, Outcome};

/// Arguments of `cjm new`.
#[derive(clap::Args)]
#[command(
    after_help = "Exit: 0 created, 2 the file already exists, its folder is missing, \
                        the template is unknown or the file cannot be written.\n\n\
                        `cjm templates` lists the templates."
)]
pub struct Args {
    /// The workspace file to create; it must not exist yet.
    file: PathBuf,
    /// The template to start from (see `cjm templates`).
    #[arg(long, short, value_name = "NAME", default_value = DEFAULT)]
    template: String,
}

/// Runs `cjm new`.
pub fn run(args: Args) -> Result<Outcome, Failure> {
    let Some(template) = templates::find(&args.template) else {
        return Err(Failure::input(format!(
            "no template named {:?}; the templates are: {}",
            args.template,
            templates::names()
        )));
    };
    let path = args.file;
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(Failure::input(format!(
            "{}: already exists; `cjm new` never overwrites a file: choose another name",
            path.display()
        )));
    }
    let folder = path.parent().filter(|f| !f.as_os_str().is_empty());
    if let Some(folder) = folder.filter(|f| !f.is_dir()) {
        return Err(Failure::input(format!(
            "{}: the folder {} does not exist: create it first",
            path.display(),
            folder.display()
        )));
    }
    store::save(&path, &template.workspace(), None).map_err(|e| Failure::input(e.to_string()))?;
    super::note(&format!(
        "created {} from template {}",
        path.display(),
        template.name
    ));
    Ok(Outcome::Success)
}
