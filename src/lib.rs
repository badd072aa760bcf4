pub mod demo;
pub mod diff;
pub mod edit;
pub mod lint;
pub mod model;
pub mod search;
pub mod store;
pub mod text;
