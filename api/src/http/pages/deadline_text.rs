//! The deadlines of a complaint in words for the worker. A limit the law sets and an office's own
//! service commitment are worded differently, so that nobody reads a promise as a right (or the
//! other way round).

use super::Page;
use crate::domain::deadline::Basis;
use chrono::NaiveDate;

/// What the worker's pages know of a complaint's deadlines.
pub struct DeadlineFacts<'a> {
    pub acknowledge_by: NaiveDate,
    pub acknowledge_basis: Option<Basis>,
    pub result_by: Option<NaiveDate>,
    pub result_basis: Option<Basis>,
    pub extension_reason: Option<&'a str>,
}

/// One sentence a date: by when the office accepts or refuses, by when it gives a result, and the
/// extension with its reason when there was one. A basis not known (an answer stored before
/// bases existed) gets the plain sentence of old.
pub fn lines(page: &Page, facts: &DeadlineFacts<'_>) -> Vec<String> {
    let ack = facts.acknowledge_by.to_string();
    let mut out = vec![match facts.acknowledge_basis {
        Some(Basis::Legal) => page.t1("deadline-ack-legal", "date", &ack),
        Some(Basis::Commitment) => page.t1("deadline-ack-commitment", "date", &ack),
        None => page.t1("filed-next", "date", &ack),
    }];
    if let Some(result_by) = facts.result_by {
        let date = result_by.to_string();
        out.push(match facts.result_basis {
            Some(Basis::Legal) => page.t1("deadline-result-legal", "date", &date),
            _ => page.t1("deadline-result-commitment", "date", &date),
        });
    }
    if let Some(reason) = facts.extension_reason {
        out.push(page.t1("deadline-extended", "reason", reason));
    }
    out
}
