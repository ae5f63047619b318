//! Times in answers: RFC 3339 in UTC with milliseconds, the same in every answer and after a round
//! trip through either database.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use serde::Serializer;

pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// Cuts a time to what is stored and shown.
pub fn truncate(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(3)
}
