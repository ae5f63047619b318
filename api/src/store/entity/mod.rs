//! sea-orm entities, one file per table. The schema itself lives in the `migration` crate.

pub mod attachment;
pub mod audit_entry;
pub mod calendar_day;
pub mod case_document;
pub mod category;
pub mod complaint;
pub mod complaint_event;
pub mod complaint_recipient;
pub mod digest_sent;
pub mod idempotency_key;
pub mod job_run;
pub mod lead;
pub mod lead_member;
pub mod office;
pub mod office_kind_deadline;
pub mod outbox_attempt;
pub mod outbox_message;
pub mod region;
pub mod routing_decision;
pub mod routing_rule;
pub mod staff;
