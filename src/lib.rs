pub mod edit;
pub mod model;
