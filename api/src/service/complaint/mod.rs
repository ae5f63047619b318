//! A worker's complaint: the body as received (`input`) and its field rules (`rules`), from body to
//! domain values (`validate`), filing (`submit`, written by the group-commit `writer`), the answer
//! (`views`), and what the worker does later with the receipt code: `track`, `messages`,
//! `evidence`.

pub mod evidence;
pub mod filing;
pub mod input;
pub mod messages;
pub mod rules;
pub mod submit;
pub mod track;
pub mod validate;
pub mod views;
pub mod writer;
