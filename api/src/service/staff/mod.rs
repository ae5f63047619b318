//! Staff: signing in and tokens (`auth`), and accounts (`accounts`).

pub mod accounts;
pub mod auth;
pub mod throttle;
