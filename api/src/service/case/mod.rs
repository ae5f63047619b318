//! Case work by the offices: who may see a case (`access`), the queue (`list`), the case as staff
//! read it (`detail`), what the handling office does with it (`commands`), the CSV export and what
//! the console's case page needs besides the case (`page`).

pub mod access;
pub mod commands;
pub mod detail;
pub mod export;
pub mod list;
pub mod page;
