pub mod edit;
pub mod model;
pub mod store;
