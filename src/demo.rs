//! The built-in demo workspace: a smartphone purchase journey in English and an omnichannel
//! retail journey in Indonesian, new users' first map and the tests' fixture.

use crate::model::Workspace;

/// The demo file's text, in canonical form.
pub const DEMO_JSON: &str = include_str!("../assets/demo.json");

/// The demo workspace.
pub fn workspace() -> Workspace {
    serde_json::from_str(DEMO_JSON).expect("the built-in demo is a valid workspace")
}
