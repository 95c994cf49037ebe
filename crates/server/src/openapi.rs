//! The OpenAPI document served at `/openapi.json` (kept beside the code in `openapi.json`;
//! a test checks that every route of the router is documented).

/// The OpenAPI 3.1 document.
pub const DOCUMENT: &str = include_str!("openapi.json");
